package io.actelemetry.bridge.bench;

import io.actelemetry.bridge.cli.PageSources;
import io.actelemetry.bridge.delivery.Delivery;
import io.actelemetry.bridge.delivery.FrameRecorder;
import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.sampling.Sampler;
import io.actelemetry.bridge.sampling.SamplerOptions;
import io.actelemetry.bridge.sampling.SamplerStats;
import io.actelemetry.bridge.source.PageSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The bridge as a gamer runs it: the simulated game in real time at 333 Hz on a thread of its own
 * (the real game is a process of its own writing shared memory), sampled, recorded and streamed to
 * a loopback ingest server in another process. Run with -Xmx32m. After a warm-up, reports the CPU
 * time of the bridge's threads (sampler, recording, delivery, Netty) apart from the game's thread
 * and from the JVM's own threads (JIT, GC), the process total, the heap, and the achieved frame
 * rate against the physics rate.
 *
 * <p>CPU: per Java thread from {@code ThreadMXBean}, per JVM thread from {@code /proc/self/task},
 * the process from {@code /proc/self/stat}. Arguments: seconds measured (60), {@code sample-only}
 * or {@code full} (no recording and no stream with the former), warm-up seconds (60).
 *
 * <p>Targets (issue 3): under 3% of one core, a 32 MB heap, rate within 1% of 333.3 Hz.
 */
public final class BridgeRateBench {

    private static final double PHYSICS_HZ = 1000.0 / 3;
    private static final String GAME_THREAD = "ac-sim-game";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        // "sample-only": no recording, no stream; the difference to a full run is what delivery
        // costs.
        boolean deliver = !(args.length > 1 && args[1].equals("sample-only"));
        // JIT compilation settles (a bridge runs for hours): ~1 % of a core still goes to C2 30 s
        // in.
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Path dir = Files.createTempDirectory("bridge-bench");
        String floor = bareWakeUps(3_000_000L, 5);

        try (IngestServerProcess server = IngestServerProcess.launch(333);
                PageSource pages = PageSources.parse("sim:seed=7,scenario=laps,laps=500")) {
            Sampler sampler = new Sampler(pages, SamplerOptions.defaults());
            Optional<FrameRecorder> recorder =
                    deliver
                            ? Optional.of(
                                    FrameRecorder.open(
                                            dir,
                                            FrameRecorder.defaultOptions(),
                                            BridgeRateBench::say))
                            : Optional.empty();
            Optional<IngestClient> client =
                    deliver
                            ? Optional.of(
                                    IngestClient.start(
                                            IngestOptions.defaults(server.target()),
                                            BridgeRateBench::say))
                            : Optional.empty();
            Delivery delivery = new Delivery(recorder, client);
            AtomicBoolean stop = new AtomicBoolean();
            Thread sampling = new Thread(() -> sampler.run(delivery, stop::get), "sampler");
            sampling.start();

            Thread.sleep(warmup * 1000L);
            CpuTimes cpu0 = CpuTimes.now();
            long wall0 = System.nanoTime();
            long frames0 = sampler.stats().frames();
            long duplicates0 = sampler.stats().duplicatesSkipped();
            long missed0 = sampler.stats().missedSteps();
            long heapMax = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1000);
                heapMax = Math.max(heapMax, memory.getHeapMemoryUsage().getUsed());
            }
            CpuTimes cpu1 = CpuTimes.now();
            long wall1 = System.nanoTime();
            SamplerStats end = sampler.stats();
            stop.set(true);
            sampling.join();
            delivery.close();
            System.gc();
            long heapLive = memory.getHeapMemoryUsage().getUsed();

            double wall = wall1 - wall0;
            double rate = (end.frames() - frames0) / (wall / 1e9);
            double rateErr = 100.0 * (rate - PHYSICS_HZ) / PHYSICS_HZ;
            Map<String, Long> java = cpu1.javaSince(cpu0);
            long game = java.getOrDefault(GAME_THREAD, 0L);
            long javaTotal = java.values().stream().mapToLong(Long::longValue).sum();
            long bridgeThreads = javaTotal - game;
            long process = cpu1.processNanos() - cpu0.processNanos();
            long jvm = Math.max(0, process - javaTotal);
            double bridgePct = 100.0 * (bridgeThreads + jvm) / wall;
            say(
                    String.format(
                            Locale.ROOT,
                            "bridge @333 Hz%s, %d s measured after %d s warm-up, JVM %s, %d cores,"
                                    + " load average %.1f",
                            deliver ? " with recording and streaming" : " sampling only",
                            seconds,
                            warmup,
                            ManagementFactory.getRuntimeMXBean().getInputArguments(),
                            Runtime.getRuntime().availableProcessors(),
                            os.getSystemLoadAverage()));
            say(
                    String.format(
                            Locale.ROOT,
                            "  CPU        bridge %.2f %% of one core (its threads %.2f %% + JIT/GC"
                                    + " %.2f %%)   (target < 3 %%)  %s",
                            bridgePct,
                            100.0 * bridgeThreads / wall,
                            100.0 * jvm / wall,
                            bridgePct < 3 ? "OK" : "MISSED"));
            say(
                    String.format(
                            Locale.ROOT,
                            "             simulated game thread %.2f %% (not the bridge's), process"
                                    + " total %.2f %%",
                            100.0 * game / wall,
                            100.0 * process / wall));
            say("  bridge threads " + percentages(java, wall, name -> !name.equals(GAME_THREAD)));
            say("  reference      " + floor);
            say("  JVM threads    " + percentages(cpu1.jvmInternalSince(cpu0), wall, name -> true));
            say(
                    String.format(
                            Locale.ROOT,
                            "  heap       max used %.1f MB (incl. garbage), live after GC %.1f MB"
                                    + " (target: runs in -Xmx32m)  %s",
                            heapMax / 1e6,
                            heapLive / 1e6,
                            heapMax < 32L << 20 ? "OK" : "MISSED"));
            say(
                    String.format(
                            Locale.ROOT,
                            "  rate       %.2f frames/s vs %.2f Hz physics: %+.2f %% (target within"
                                    + " 1 %%)  %s",
                            rate,
                            PHYSICS_HZ,
                            rateErr,
                            Math.abs(rateErr) <= 1 ? "OK" : "MISSED"));
            say(
                    String.format(
                            Locale.ROOT,
                            "  polls      %.0f per second (%.0f finding no new step), %d steps"
                                    + " missed while measured",
                            (end.frames() - frames0 + end.duplicatesSkipped() - duplicates0)
                                    / (wall / 1e9),
                            (end.duplicatesSkipped() - duplicates0) / (wall / 1e9),
                            end.missedSteps() - missed0));
            say(String.format(Locale.ROOT, "  sampler    %s", end));
            client.map(IngestClient::stats)
                    .ifPresent(
                            d ->
                                    say(
                                            String.format(
                                                    Locale.ROOT,
                                                    "  delivery   sent %d, acked %d, evicted %d,"
                                                            + " reconnects %d",
                                                    d.sent(),
                                                    d.acked(),
                                                    d.evicted(),
                                                    d.reconnects())));
            recorder.ifPresent(
                    r ->
                            say(
                                    String.format(
                                            Locale.ROOT,
                                            "  recording  %d frames, %.1f MB, %.0f bytes/frame"
                                                    + " compressed",
                                            r.frames(),
                                            r.bytes() / 1e6,
                                            (double) r.bytes() / Math.max(1, r.frames()))));
            say("  " + server.stop());
        }
    }

    /**
     * What waking a thread costs on this machine: a thread that only sleeps until the next multiple
     * of {@code periodNanos}, for {@code seconds}. The sampler cannot wake less than once per step.
     */
    private static String bareWakeUps(long periodNanos, int seconds) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] result = new long[3];
        Thread t =
                new Thread(
                        () -> {
                            long cpu0 = mx.getCurrentThreadCpuTime();
                            long start = System.nanoTime();
                            long next = start;
                            long wakes = 0;
                            while (next - start < seconds * 1_000_000_000L) {
                                next += periodNanos;
                                for (long left; (left = next - System.nanoTime()) > 0; ) {
                                    LockSupport.parkNanos(left);
                                }
                                wakes++;
                            }
                            result[0] = mx.getCurrentThreadCpuTime() - cpu0;
                            result[1] = System.nanoTime() - start;
                            result[2] = wakes;
                        },
                        "bare-wake-ups");
        t.start();
        t.join();
        return String.format(
                Locale.ROOT,
                "a bare thread waking %.0f times a second costs %.2f %% of one core here (%.1f us a"
                        + " wake-up)",
                result[2] * 1e9 / result[1],
                100.0 * result[0] / result[1],
                result[0] / 1e3 / result[2]);
    }

    /** "name x.xx %, ..." for the threads that used at least 0.05 % of a core, busiest first. */
    private static String percentages(
            Map<String, Long> used, double wall, Predicate<String> which) {
        return used.entrySet().stream()
                .filter(e -> which.test(e.getKey()) && e.getValue() >= wall / 2000)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(
                        e ->
                                String.format(
                                        Locale.ROOT,
                                        "%s %.2f %%",
                                        e.getKey(),
                                        100.0 * e.getValue() / wall))
                .collect(Collectors.joining(", "));
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
