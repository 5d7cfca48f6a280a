package io.actelemetry.bridge.bench;

import io.actelemetry.bridge.delivery.DeliveryStats;
import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated game as a load generator (for the live source's benchmark): how many frames per
 * second one process produces (simulated pages, sampled and mapped in virtual time) and how many it
 * streams through the bridge's ingest client to a loopback server in another process, every frame
 * committed. The producer paces itself on the client's buffer instead of letting it evict.
 */
public final class LoadGeneratorBench {

    /** Well inside the default 16 MB buffer (~19,000 frames of ~880 bytes). */
    private static final int PACE_FRAMES = 8_000;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        // 1. Generation alone.
        Iterator<TelemetryFrame> frames =
                SimulatedSession.frames(Scenario.laps(100_000, 11)).iterator();
        for (int i = 0; i < 200_000; i++) {
            frames.next(); // warm-up
        }
        long t0 = System.nanoTime();
        long generated = 0;
        long bytes = 0;
        while (System.nanoTime() - t0 < seconds * 500_000_000L) {
            bytes += frames.next().getSerializedSize();
            generated++;
        }
        double genRate = generated * 1e9 / (System.nanoTime() - t0);
        say(
                String.format(
                        Locale.ROOT,
                        "load generator, %d cores, load average %.1f",
                        Runtime.getRuntime().availableProcessors(),
                        os.getSystemLoadAverage()));
        say(
                String.format(
                        Locale.ROOT,
                        "  generate only      %,.0f frames/s (%.0f x real time), %.0f bytes/frame",
                        genRate,
                        genRate / (1000.0 / 3),
                        (double) bytes / generated));

        // 2. Generation and streaming, every frame committed by the server.
        try (IngestServerProcess server = IngestServerProcess.launch(1000)) {
            IngestClient client =
                    IngestClient.start(
                            IngestOptions.defaults(server.target()), LoadGeneratorBench::say);
            Iterator<TelemetryFrame> stream =
                    SimulatedSession.frames(Scenario.laps(100_000, 12)).iterator();
            long cpu0 = os.getProcessCpuTime();
            long main0 = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long offered = 0;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                while (client.buffered() > PACE_FRAMES) {
                    LockSupport.parkNanos(200_000);
                }
                client.offer(stream.next());
                offered++;
            }
            while (client.buffered() > 0) {
                LockSupport.parkNanos(1_000_000);
            }
            long elapsed = System.nanoTime() - start;
            double cpuCores = (double) (os.getProcessCpuTime() - cpu0) / elapsed;
            double mainCores = (double) (threads.getCurrentThreadCpuTime() - main0) / elapsed;
            DeliveryStats d = client.stats();
            client.close();
            say(
                    String.format(
                            Locale.ROOT,
                            "  generate + stream  %,.0f frames/s committed (%.0f cars at 333 Hz):"
                                + " %d frames in %.1f s, evicted %d; client process CPU %.2f cores"
                                + " (generator thread %.2f)",
                            d.acked() * 1e9 / elapsed,
                            d.acked() * 1e9 / elapsed / (1000.0 / 3),
                            offered,
                            elapsed / 1e9,
                            d.evicted(),
                            cpuCores,
                            mainCores));
            say("  " + server.stop());
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
