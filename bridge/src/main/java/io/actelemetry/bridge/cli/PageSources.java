package io.actelemetry.bridge.cli;

import io.actelemetry.bridge.sim.RealTimeSimulatedPageSource;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedPageSource;
import io.actelemetry.bridge.source.FolderPageSource;
import io.actelemetry.bridge.source.PageSource;
import io.actelemetry.bridge.windows.SharedMemoryPageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Page sources by name, as the command line gives them:
 *
 * <ul>
 *   <li>{@code shm}: the running game's shared memory (Windows);
 *   <li>{@code dir:PATH}: a folder of page files ({@link FolderPageSource});
 *   <li>{@code sim}, {@code sim:seed=7,scenario=demo}: the simulated game ({@link Scenario#parse}).
 * </ul>
 */
public final class PageSources {

    /**
     * Parses {@code spec}; the simulated game runs in real time on a thread of its own, like the
     * game beside the bridge.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code spec}
     */
    public static PageSource parse(String spec) {
        return parse(spec, RealTimeSimulatedPageSource::new);
    }

    /**
     * Parses {@code spec}; the simulated game follows {@code nanoClock}, advanced by the reads
     * (pass the sampler's clock to run it in virtual time).
     *
     * @throws IllegalArgumentException naming what is wrong with {@code spec}
     */
    public static PageSource parse(String spec, LongSupplier nanoClock) {
        return parse(spec, scenario -> new SimulatedPageSource(scenario, nanoClock));
    }

    private static PageSource parse(String spec, Function<Scenario, PageSource> simulated) {
        String s = spec == null ? "" : spec.trim();
        if (s.equals("shm")) {
            if (!SharedMemoryPageSource.supported()) {
                throw new IllegalArgumentException(
                        "page source 'shm' reads the game's shared memory and needs Windows; use"
                                + " 'sim' for the simulated game or 'dir:PATH' for captured pages");
            }
            return new SharedMemoryPageSource();
        }
        if (s.startsWith("dir:") && s.length() > 4) {
            Path folder = Path.of(s.substring(4));
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(
                        "page source '" + spec + "': no such folder " + folder.toAbsolutePath());
            }
            return new FolderPageSource(folder);
        }
        if (s.equals("sim") || s.startsWith("sim:")) {
            return simulated.apply(Scenario.parse(s.equals("sim") ? "" : s.substring(4)));
        }
        throw new IllegalArgumentException(
                "unknown page source '"
                        + spec
                        + "': expected shm, dir:PATH, sim or sim:seed=N,scenario=demo|laps,laps=N");
    }

    private PageSources() {}
}
