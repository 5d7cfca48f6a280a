package io.actelemetry.job.bench;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.cli.Replay;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingReader;
import io.actelemetry.recording.RecordingWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;

/**
 * Replay throughput end to end (recording -> job in a local mini-cluster -> the four Parquet
 * tables) beside the recording reader's own floor, in the same JVM and run, and peak memory. Run by
 * the {@code bench} profile: {@code ./mvnw -q -B -Pbench -pl flink-job verify} ({@code
 * -Dbench.frames=N}, {@code -Dbench.parallelism=P}). The simulated recording is made once and kept
 * under {@code target/bench}.
 */
public final class ReplayBenchmark {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        long frames = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path work = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/bench"));
        Path recording = work.resolve("simulated-" + frames + ".pb.gz");
        if (!Files.exists(recording)) simulate(recording, frames);
        System.out.printf(
                "recording %s: %,d frames, %,.1f MB%n",
                recording, frames, Files.size(recording) / 1e6);

        long c0 = System.nanoTime();
        double coldFloor = read(recording) / ((System.nanoTime() - c0) / 1e9); // also the warm-up
        double loadBefore = OS.getSystemLoadAverage();
        long t0 = System.nanoTime();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long read = read(recording);
        double floor = read / ((System.nanoTime() - t0) / 1e9);
        double floorCpuUs =
                (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e3 / read;

        Path out = work.resolve("out");
        long processCpu0 = OS.getProcessCpuTime();
        Replay.Result r = replay(recording, out, parallelism, read);
        double replayCpuUs = (OS.getProcessCpuTime() - processCpu0) / 1e3 / read;
        // the reader floor is measured warm; a second replay in the same JVM shows the job warm too
        long warmCpu0 = OS.getProcessCpuTime();
        Replay.Result warm = replay(recording, out, parallelism, read);
        double warmCpuUs = (OS.getProcessCpuTime() - warmCpu0) / 1e3 / read;

        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) heapPeak += pool.getPeakUsage().getUsed();
        }
        System.out.printf(
                "%nreader floor (RecordingReader, parse only)  %,12.0f frames/s (first read in the"
                        + " JVM: %,.0f)%n",
                floor, coldFloor);
        System.out.printf("replay, parallelism %d, first in the JVM:%n", parallelism);
        printReplay(r, floor);
        System.out.printf("replay again, same JVM (JIT warm):%n");
        printReplay(warm, floor);
        // CPU per frame does not depend on what else the machine runs; wall-clock figures do (hence
        // the load)
        System.out.printf(
                "CPU per frame: reader %.1f us, replay %.1f us, again %.1f us (all threads of the"
                        + " process); %d cores, load average %.1f before, %.1f after%n",
                floorCpuUs,
                replayCpuUs,
                warmCpuUs,
                OS.getAvailableProcessors(),
                loadBefore,
                OS.getSystemLoadAverage());
        System.out.printf(
                "tables: frames %,d rows, laps %,d, segments %,d, lap_fields %,d%n",
                TableReader.count(out, ParquetTables.FRAMES),
                TableReader.count(out, ParquetTables.LAPS),
                TableReader.count(out, ParquetTables.SEGMENTS),
                TableReader.count(out, ParquetTables.LAP_FIELDS));
        System.out.printf(
                "peak memory: heap %,.0f MB (sum of pool peaks, -Xmx %,d MB), process RSS %s%n",
                heapPeak / 1e6, Runtime.getRuntime().maxMemory() / 1_000_000, rssPeak());
    }

    private static void printReplay(Replay.Result r, double floor) {
        System.out.printf(
                "  end to end, start-up included %,12.0f frames/s  (%.1f s, %.0f%% of the floor)%n",
                r.framesPerSecond(),
                r.elapsed().toMillis() / 1000.0,
                100 * r.framesPerSecond() / floor);
        System.out.printf(
                "  from the first frame          %,12.0f frames/s  (%.1f s after %.1f s of"
                        + " start-up, %.0f%% of the floor)%n",
                r.framesPerSecondRunning(),
                r.elapsed().minus(r.startup()).toMillis() / 1000.0,
                r.startup().toMillis() / 1000.0,
                100 * r.framesPerSecondRunning() / floor);
    }

    /** One replay into a fresh {@code out}, checked: every frame read and written. */
    private static Replay.Result replay(Path recording, Path out, int parallelism, long frames)
            throws Exception {
        delete(out);
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        Replay.Result r =
                Replay.run(
                        List.of(recording),
                        out,
                        conf,
                        LapOptions.defaults(),
                        null,
                        Duration.ofSeconds(10));
        if (r.framesRead() != frames || TableReader.count(out, ParquetTables.FRAMES) != frames) {
            throw new IllegalStateException(
                    "replay read "
                            + r.framesRead()
                            + " frames, wrote "
                            + TableReader.count(out, ParquetTables.FRAMES)
                            + ", expected "
                            + frames);
        }
        return r;
    }

    private static void simulate(Path file, long frames) throws IOException {
        int laps = (int) (frames / 29_000) + 2; // about 30,000 frames a lap at 333 Hz
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Stream<TelemetryFrame> session = SimulatedSession.frames(Scenario.laps(laps, 1));
                RecordingWriter w = RecordingWriter.open(tmp)) {
            Iterator<TelemetryFrame> it = session.iterator();
            for (long i = 0; i < frames && it.hasNext(); i++) w.write(it.next());
        }
        Files.move(tmp, file);
    }

    private static long read(Path file) throws IOException {
        long n = 0;
        try (RecordingReader r = RecordingReader.open(file)) {
            while (r.next() != null) n++;
        }
        return n;
    }

    private static String rssPeak() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) return "n/a";
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("VmHWM"))
                .map(l -> l.replaceAll("\\s+", " "))
                .findFirst()
                .orElse("n/a");
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
