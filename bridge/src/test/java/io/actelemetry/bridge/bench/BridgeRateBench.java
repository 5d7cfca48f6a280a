package io.actelemetry.bridge.bench;

import io.actelemetry.bridge.delivery.Delivery;
import io.actelemetry.bridge.delivery.FrameRecorder;
import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.sampling.Sampler;
import io.actelemetry.bridge.sampling.SamplerOptions;
import io.actelemetry.bridge.source.PageSource;
import io.actelemetry.bridge.source.PageSources;
import io.actelemetry.recording.RecordingWriter;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bridge as a gamer runs it: the simulated game in real time at 333 Hz, sampled, recorded and
 * streamed to a loopback ingest server in another process (so this JVM's CPU time is the bridge's).
 * Run with -Xmx32m. Reports CPU (% of one core), heap, and the achieved frame rate against the
 * physics rate, after a warm-up.
 *
 * <p>Targets (issue 3): under 3% of one core, a 32 MB heap, rate within 1% of 333.3 Hz.
 */
public final class BridgeRateBench {

    private static final double PHYSICS_HZ = 1000.0 / 3;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        // "sample-only": no recording, no stream; the difference to a full run is what delivery costs.
        boolean deliver = !(args.length > 1 && args[1].equals("sample-only"));
        int warmup = 15; // JIT settles; a bridge runs for hours
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Path dir = Files.createTempDirectory("bridge-bench");

        try (IngestServerProcess server = IngestServerProcess.launch(333);
             PageSource pages = PageSources.parse("sim:seed=7,scenario=laps,laps=500")) {
            Sampler sampler = new Sampler(pages, SamplerOptions.defaults());
            Optional<FrameRecorder> recorder = deliver
                    ? Optional.of(FrameRecorder.open(dir, RecordingWriter.Options.defaults(), BridgeRateBench::say))
                    : Optional.empty();
            Optional<IngestClient> client = deliver
                    ? Optional.of(IngestClient.start(IngestOptions.defaults(server.target()), BridgeRateBench::say))
                    : Optional.empty();
            Delivery delivery = new Delivery(recorder, client);
            AtomicBoolean stop = new AtomicBoolean();
            Thread sampling = new Thread(() -> sampler.run(delivery, stop::get), "sampler");
            sampling.start();

            Thread.sleep(warmup * 1000L);
            Map<String, Long> threads0 = threadCpu();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long frames0 = sampler.stats().frames();
            long heapMax = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1000);
                heapMax = Math.max(heapMax, memory.getHeapMemoryUsage().getUsed());
            }
            long cpu1 = os.getProcessCpuTime();
            Map<String, Long> threads1 = threadCpu();
            long wall1 = System.nanoTime();
            long frames1 = sampler.stats().frames();
            stop.set(true);
            sampling.join();
            delivery.close();
            System.gc();
            long heapLive = memory.getHeapMemoryUsage().getUsed();

            double wallS = (wall1 - wall0) / 1e9;
            double cpuPct = 100.0 * (cpu1 - cpu0) / (wall1 - wall0);
            double rate = (frames1 - frames0) / wallS;
            double rateErr = 100.0 * (rate - PHYSICS_HZ) / PHYSICS_HZ;
            say(String.format(Locale.ROOT, "bridge @333 Hz%s, %d s measured after %d s warm-up, JVM %s, %d cores, load average %.1f",
                    deliver ? " with recording and streaming" : " sampling only", seconds, warmup,
                    ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().availableProcessors(),
                    os.getSystemLoadAverage()));
            say(String.format(Locale.ROOT, "  CPU        %.2f %% of one core   (target < 3 %%)  %s", cpuPct, cpuPct < 3 ? "OK" : "MISSED"));
            say(String.format(Locale.ROOT, "  heap       max used %.1f MB (incl. garbage), live after GC %.1f MB (target: runs in -Xmx32m)  %s",
                    heapMax / 1e6, heapLive / 1e6, heapMax < 32L << 20 ? "OK" : "MISSED"));
            say(String.format(Locale.ROOT, "  rate       %.2f frames/s vs %.2f Hz physics: %+.2f %% (target within 1 %%)  %s",
                    rate, PHYSICS_HZ, rateErr, Math.abs(rateErr) <= 1 ? "OK" : "MISSED"));
            say(String.format(Locale.ROOT, "  sampler    %s", sampler.stats()));
            client.map(IngestClient::stats).ifPresent(d -> say(String.format(Locale.ROOT,
                    "  delivery   sent %d, acked %d, evicted %d, reconnects %d", d.sent(), d.acked(), d.evicted(), d.reconnects())));
            recorder.ifPresent(r -> say(String.format(Locale.ROOT, "  recording  %d frames, %.1f MB, %.0f bytes/frame compressed",
                    r.frames(), r.bytes() / 1e6, (double) r.bytes() / Math.max(1, r.frames()))));
            long javaThreads = 0;
            StringBuilder perThread = new StringBuilder("  by thread ");
            for (var t : threads1.entrySet()) {
                long used = t.getValue() - threads0.getOrDefault(t.getKey(), 0L);
                javaThreads += used;
                if (used > (wall1 - wall0) / 1000) { // >= 0.1 % of a core
                    perThread.append(String.format(Locale.ROOT, "%s %.2f %%, ", t.getKey(), 100.0 * used / (wall1 - wall0)));
                }
            }
            perThread.append(String.format(Locale.ROOT, "JVM (JIT, GC) %.2f %%", 100.0 * (cpu1 - cpu0 - javaThreads) / (wall1 - wall0)));
            say(perThread.toString());
            say("  " + server.stop());
        }
    }

    /** CPU time per live thread, by name (threads of the same name summed). */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    cpu.merge(info.getThreadName(), t, Long::sum);
                }
            }
        }
        return cpu;
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
