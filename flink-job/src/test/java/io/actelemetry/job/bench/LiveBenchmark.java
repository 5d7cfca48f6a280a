package io.actelemetry.job.bench;

import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.delivery.SerializedFrame;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.live.LiveJobProcess;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Sustained live ingest: N simulated cars, each the bridge's real {@link IngestClient} streaming a
 * simulated session (its own session id) over loopback into the {@code live} job, which runs as a
 * user runs it (a local mini-cluster in a JVM of its own) and writes all four tables. Cars are
 * paced at {@code bench.rate} Hz each (333, the game's physics rate), or unpaced ({@code
 * bench.rate=0}) to find the ceiling.
 *
 * <p>Reports frames/s offered and committed during the measured window, how many 333 Hz cars that
 * is, the latency from a frame's hand-over to the bridge (its capture, for a real bridge) to the
 * COMMITTED ack that covers it (p50, p99, max; ack seen within 5 ms), the job process's CPU, peak
 * RSS and heap after a full GC, and the load generator's CPU (it shares the machine). Zero loss is
 * checked, not assumed: no car evicted a frame, and the frames table holds, per session, exactly as
 * many rows as the car offered.
 *
 * <pre>
 * ./mvnw -q -B -Pbench -pl flink-job verify -Dbench.replay.skip=true -Dbench.cars=30 -Dbench.rate=0 \
 *     -Dbench.parallelism=2 -Dbench.checkpointInterval=3s -Dbench.jobJvm=-XX:+UseParallelGC
 * </pre>
 *
 * Other properties: {@code bench.warmup} (seconds, 60: the JIT's work is done), {@code
 * bench.checkpointInterval} (5s), {@code bench.jobHeap} (1g), {@code bench.jfr} (true: a flight
 * recording of the job in {@code target/bench-live}), {@code bench.jobJvm} (more JVM options for
 * the job, space-separated: a profiler agent, say). The job's CPU is also given per thread group,
 * so a profile can start from where the cores go.
 */
public final class LiveBenchmark {

    private static final double GAME_HZ = 1000.0 / 3;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /**
     * Unpaced, a car waits while this many frames are uncommitted: inside the client's default 16
     * MB buffer.
     */
    private static final int UNPACED_IN_FLIGHT = 16_000;

    /** Frames in the pool every car streams from (with its own session id): about five laps. */
    private static final int POOL = 150_000;

    private static final int RING = 1 << 16;

    private final int cars = Integer.getInteger("bench.cars", 30);
    private final double rate = Double.parseDouble(System.getProperty("bench.rate", "333.33"));
    private final int seconds = Integer.getInteger("bench.seconds", 60);
    private final int warmup = Integer.getInteger("bench.warmup", 60);
    private final int parallelism = Integer.getInteger("bench.parallelism", 2);
    private final String interval = System.getProperty("bench.checkpointInterval", "5s");
    private final String jobHeap = System.getProperty("bench.jobHeap", "1g");
    private final boolean jfr = Boolean.getBoolean("bench.jfr");
    private final Path work =
            Path.of(System.getProperty("bench.dir", "target/bench-live")).toAbsolutePath();

    private final Histogram latency = new Histogram();
    private volatile boolean measuring;

    public static void main(String[] args) throws Exception {
        new LiveBenchmark().run();
    }

    private void run() throws Exception {
        delete(work);
        Files.createDirectories(work);
        System.out.printf(
                Locale.ROOT,
                "live ingest: %d cars at %s, %d s measured after %d s warm-up, parallelism %d,"
                        + " checkpoints every %s, %d cores, load average %.1f%n",
                cars,
                rate > 0 ? String.format(Locale.ROOT, "%.0f Hz", rate) : "full speed",
                seconds,
                warmup,
                parallelism,
                interval,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Pool pool = pool();

        Path out = work.resolve("out");
        int port = LiveJobProcess.freePort();
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + jobHeap, "-Xms" + jobHeap));
        String extra = System.getProperty("bench.jobJvm", "");
        if (!extra.isBlank()) jvm.addAll(List.of(extra.trim().split("\\s+")));
        if (jfr)
            jvm.add(
                    "-XX:StartFlightRecording=filename="
                            + work.resolve("job.jfr")
                            + ",settings=profile");
        System.out.println("job JVM: " + String.join(" ", jvm));
        try (LiveJobProcess job =
                LiveJobProcess.start(
                        work.resolve("job.log"),
                        jvm,
                        List.of(
                                "--port",
                                Integer.toString(port),
                                "--out",
                                out.toString(),
                                "--checkpoint-interval",
                                interval,
                                "-p",
                                Integer.toString(parallelism)))) {
            List<Car> fleet = new ArrayList<>();
            for (int i = 0; i < cars; i++)
                fleet.add(new Car(i, pool, "127.0.0.1:" + (port + i % parallelism)));
            Thread poller = new Thread(() -> pollAcks(fleet), "ack-poller");
            poller.setDaemon(true);
            poller.start();

            // The clock starts once the job runs and every car's first frames are committed.
            for (Car c : fleet) for (int i = 0; i < 10; i++) c.offer(System.nanoTime());
            if (!awaitCommitted(fleet, Duration.ofSeconds(180))) {
                throw new IllegalStateException(
                        "the job did not commit the cars' first frames; see "
                                + work.resolve("job.log"));
            }

            long start = System.nanoTime();
            Generator generator = new Generator(fleet, start);
            generator.start();
            Thread.sleep(warmup * 1000L);
            Snapshot before = Snapshot.take(fleet, job.pid());
            measuring = true;
            Thread.sleep(seconds * 1000L);
            measuring = false;
            Snapshot after = Snapshot.take(fleet, job.pid());
            String heap = heapAfterFullGc(job.pid());
            generator.halt();
            long behind = generator.worstLagNanos;
            boolean drained = awaitCommitted(fleet, Duration.ofSeconds(120));
            for (Car c : fleet) c.client.close();
            int exit = job.stop(Duration.ofSeconds(120));

            long offered = fleet.stream().mapToLong(c -> c.offered).sum();
            long evicted = fleet.stream().mapToLong(c -> c.client.stats().evicted()).sum();
            Map<String, Long> written = framesPerSession(out);
            long wrong =
                    fleet.stream()
                            .filter(
                                    c ->
                                            written.getOrDefault(
                                                            ParquetTables.partition(c.session), 0L)
                                                    != c.offered)
                            .count();
            double window = (after.nanos - before.nanos) / 1e9;
            double committedRate = (after.committed - before.committed) / window;
            System.out.printf(
                    Locale.ROOT,
                    "%noffered    %,10.0f frames/s (%.0f cars at 333 Hz)%s%n",
                    (after.offered - before.offered) / window,
                    (after.offered - before.offered) / window / GAME_HZ,
                    rate > 0
                            ? String.format(
                                    Locale.ROOT, "; most behind schedule %.0f ms", behind / 1e6)
                            : "");
            System.out.printf(
                    Locale.ROOT,
                    "committed  %,10.0f frames/s (%.0f cars at 333 Hz); uncommitted at the end of"
                            + " the window %,d frames%n",
                    committedRate,
                    committedRate / GAME_HZ,
                    after.offered - after.committed);
            System.out.printf(
                    Locale.ROOT,
                    "latency, hand-over to COMMITTED ack: p50 %d ms, p99 %d ms, max %d ms (%,d"
                            + " frames)%n",
                    latency.percentile(0.50),
                    latency.percentile(0.99),
                    latency.max(),
                    latency.count());
            System.out.printf(
                    Locale.ROOT,
                    "job process: CPU %.2f cores, peak RSS %s, heap after a full GC %s (-Xmx%s)%n",
                    (after.jobCpuTicks - before.jobCpuTicks) / 100.0 / window,
                    after.jobPeakRss,
                    heap,
                    jobHeap);
            System.out.println("job threads (cores): " + after.busiestThreads(before, 10));
            System.out.printf(
                    Locale.ROOT,
                    "load generator process (cars, their clients): CPU %.2f cores%n",
                    (after.ownCpuNanos - before.ownCpuNanos) / 1e9 / window);
            System.out.printf(
                    Locale.ROOT,
                    "zero loss: %,d frames offered, %,d evicted by the cars, %,d rows in the frames"
                        + " table, %d of %d sessions with a wrong count, all committed %s, job exit"
                        + " %d -> %s%n",
                    offered,
                    evicted,
                    written.values().stream().mapToLong(Long::longValue).sum(),
                    wrong,
                    cars,
                    drained,
                    exit,
                    evicted == 0 && wrong == 0 && drained ? "OK" : "LOSS");
            System.out.printf(
                    "tables: laps %,d rows, segments %,d rows; job log %s%n",
                    TableReader.count(out, ParquetTables.LAPS),
                    TableReader.count(out, ParquetTables.SEGMENTS),
                    work.resolve("job.log"));
        }
    }

    /**
     * About five laps of one simulated session, checked to stream exactly as whole frames would.
     */
    private static Pool pool() throws IOException {
        long t0 = System.nanoTime();
        List<TelemetryFrame> frames;
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(10, 31))) {
            frames = s.limit(POOL).toList();
        }
        Pool pool = Pool.of(frames);
        for (long n : new long[] {0, 1, POOL - 1, POOL, 3L * POOL + 12_345}) {
            String session = SimulatedSession.sessionId(10_000);
            if (!TelemetryFrame.parseFrom(pool.frame(session, n).bytes())
                    .equals(pool.expected(session, n))) {
                throw new IllegalStateException(
                        "the load generator's frame " + n + " is not the frame it stands for");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "frame pool: %,d simulated frames in %.1f s%n",
                frames.size(),
                (System.nanoTime() - t0) / 1e9);
        return pool;
    }

    /**
     * One simulated session's frames, which every car streams under its own session id: each
     * serialized once without the fields a car sets, so a car's frame is those fields' few bytes
     * and this body (protobuf reads concatenated messages as one, merged). Serializing whole frames
     * took the generator most of its time, on the job's cores.
     */
    private record Pool(List<TelemetryFrame> frames, byte[][] bodies, long span) {
        static Pool of(List<TelemetryFrame> frames) {
            byte[][] bodies = new byte[frames.size()][];
            for (int i = 0; i < bodies.length; i++) {
                bodies[i] =
                        frames.get(i).toBuilder()
                                .clearSessionId()
                                .clearSequence()
                                .clearCaptureUnixNs()
                                .clearMonotonicNs()
                                .build()
                                .toByteArray();
            }
            long span =
                    frames.get(frames.size() - 1).getCaptureUnixNs()
                            - frames.get(0).getCaptureUnixNs()
                            + 3_000_000;
            return new Pool(frames, bodies, span);
        }

        /**
         * Frame {@code n} (from 0) of a car's endless session: the pool repeats with sequence and
         * clocks carrying on.
         */
        SerializedFrame frame(String session, long n) {
            int i = (int) (n % frames.size());
            TelemetryFrame f = frames.get(i);
            long shift = shift(n);
            long monotonic = f.getMonotonicNs() + shift;
            byte[] head =
                    TelemetryFrame.newBuilder()
                            .setSessionId(session)
                            .setSequence(n + 1)
                            .setCaptureUnixNs(f.getCaptureUnixNs() + shift)
                            .setMonotonicNs(monotonic)
                            .build()
                            .toByteArray();
            byte[] bytes = Arrays.copyOf(head, head.length + bodies[i].length);
            System.arraycopy(bodies[i], 0, bytes, head.length, bodies[i].length);
            return new SerializedFrame(session, f.getCarId(), n + 1, monotonic, bytes);
        }

        /** How far the clocks of frame {@code n} are moved on: one pool's span per repeat. */
        private long shift(long n) {
            return n / frames.size() * span;
        }

        /** What {@link #frame} must equal: the whole frame built and serialized the plain way. */
        TelemetryFrame expected(String session, long n) {
            TelemetryFrame f = frames.get((int) (n % frames.size()));
            long shift = shift(n);
            return f.toBuilder()
                    .setSessionId(session)
                    .setSequence(n + 1)
                    .setCaptureUnixNs(f.getCaptureUnixNs() + shift)
                    .setMonotonicNs(f.getMonotonicNs() + shift)
                    .build();
        }
    }

    /**
     * A bridge: its client, where it is in the pool, and when each frame in flight was handed over.
     */
    private final class Car {
        final String session;
        final IngestClient client;
        final Pool pool;
        final long[] handedOver = new long[RING];
        volatile long offered;
        long acked;

        Car(int index, Pool pool, String target) throws IOException {
            this.session = SimulatedSession.sessionId(10_000 + index);
            this.pool = pool;
            this.client = IngestClient.start(IngestOptions.defaults(target), line -> {});
        }

        /**
         * Hands the next frame over (each repeat of the pool a teleport back to its start, to the
         * lap tracker).
         */
        void offer(long now) {
            long n = offered;
            handedOver[(int) (n & (RING - 1))] = now;
            client.offer(pool.frame(session, n));
            offered = n + 1;
        }
    }

    /**
     * Offers every car's due frames (paced) or keeps each car's buffer full (unpaced), on two
     * threads.
     */
    private final class Generator {
        final List<Thread> threads = new ArrayList<>();
        final long start;
        volatile boolean halted;
        volatile long worstLagNanos;

        Generator(List<Car> fleet, long start) {
            this.start = start;
            int n = Math.min(2, fleet.size());
            for (int t = 0; t < n; t++) {
                List<Car> mine = new ArrayList<>();
                for (int i = t; i < fleet.size(); i += n) mine.add(fleet.get(i));
                Thread thread = new Thread(() -> drive(mine), "generator-" + t);
                thread.setDaemon(true);
                threads.add(thread);
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void halt() throws InterruptedException {
            halted = true;
            for (Thread t : threads) t.join();
        }

        private void drive(List<Car> mine) {
            Map<Car, Long> base = new HashMap<>();
            for (Car c : mine) base.put(c, c.offered);
            while (!halted) {
                long now = System.nanoTime();
                for (Car c : mine) {
                    if (rate > 0) {
                        long due = base.get(c) + (long) ((now - start) * rate / 1e9);
                        int batch = 0;
                        while (c.offered < due && batch++ < 1_000) c.offer(now);
                        if (c.offered < due && measuring)
                            worstLagNanos =
                                    Math.max(
                                            worstLagNanos, (long) ((due - c.offered) * 1e9 / rate));
                    } else {
                        while (c.client.buffered() < UNPACED_IN_FLIGHT && !halted)
                            c.offer(System.nanoTime());
                    }
                }
                LockSupport.parkNanos(TICK_NANOS - Math.min(TICK_NANOS, System.nanoTime() - now));
            }
        }
    }

    /**
     * Sees each car's commits every 5 ms: offered minus still buffered is committed (no car evicts:
     * checked at the end).
     */
    private void pollAcks(List<Car> fleet) {
        while (true) {
            long now = System.nanoTime();
            for (Car c : fleet) {
                long offered = c.offered;
                long committed = offered - c.client.buffered();
                if (measuring) {
                    for (long n = c.acked; n < committed; n++)
                        latency.add(now - c.handedOver[(int) (n & (RING - 1))]);
                }
                c.acked = Math.max(c.acked, committed);
            }
            LockSupport.parkNanos(TICK_NANOS - Math.min(TICK_NANOS, System.nanoTime() - now));
        }
    }

    private static boolean awaitCommitted(List<Car> fleet, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fleet.stream().anyMatch(c -> c.client.buffered() > 0)) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
        }
        return true;
    }

    /** What the counters say at one moment. */
    private record Snapshot(
            long nanos,
            long offered,
            long committed,
            long jobCpuTicks,
            String jobPeakRss,
            long ownCpuNanos,
            Map<String, Long> jobThreadTicks) {
        static Snapshot take(List<Car> fleet, long pid) throws IOException {
            long offered = 0;
            long committed = 0;
            for (Car c : fleet) {
                offered += c.offered;
                committed += c.client.stats().acked();
            }
            long ticks = cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
            String rss =
                    Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                            .filter(l -> l.startsWith("VmHWM"))
                            .map(
                                    l ->
                                            String.format(
                                                    Locale.ROOT,
                                                    "%.0f MB",
                                                    Long.parseLong(l.replaceAll("\\D", ""))
                                                            / 1024.0))
                            .findFirst()
                            .orElse("n/a");
            var os =
                    (com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean();
            return new Snapshot(
                    System.nanoTime(),
                    offered,
                    committed,
                    ticks,
                    rss,
                    os.getProcessCpuTime(),
                    threadTicks(pid));
        }

        /** utime + stime of a process's or thread's {@code stat} line, in clock ticks (100 Hz). */
        private static long cpuTicks(String stat) {
            String[] f =
                    stat.substring(stat.lastIndexOf(") ") + 2)
                            .split(" "); // the name may hold spaces
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        /**
         * CPU ticks of the job's threads, by name with the numbers taken out (the C2 compilers, GC
         * workers... as one).
         */
        private static Map<String, Long> threadTicks(long pid) throws IOException {
            Map<String, Long> ticks = new HashMap<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name =
                                stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                                        .replaceAll("\\d+", "#");
                        ticks.merge(name, cpuTicks(stat), Long::sum);
                    } catch (java.nio.file.NoSuchFileException ended) {
                        // the thread ended between the listing and the read
                    }
                }
            }
            return ticks;
        }

        /** The busiest thread groups between {@code before} and this, in cores. */
        String busiestThreads(Snapshot before, int top) {
            double seconds = (nanos - before.nanos) / 1e9;
            return jobThreadTicks.entrySet().stream()
                    .map(
                            e ->
                                    Map.entry(
                                            e.getKey(),
                                            (e.getValue()
                                                            - before.jobThreadTicks.getOrDefault(
                                                                    e.getKey(), 0L))
                                                    / 100.0
                                                    / seconds))
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(top)
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** The job's live heap: used after a full GC, as jcmd reports it. */
    private static String heapAfterFullGc(long pid) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
            Process p =
                    new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info")
                            .redirectErrorStream(true)
                            .start();
            String info = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher used =
                    java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            return used.find()
                    ? String.format(Locale.ROOT, "%.0f MB", Long.parseLong(used.group(1)) / 1024.0)
                    : info.strip();
        } catch (IOException | InterruptedException e) {
            return "n/a (" + e + ")";
        }
    }

    /** Rows of the frames table per session partition, from the files' footers. */
    private static Map<String, Long> framesPerSession(Path out) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (Path f : TableReader.files(out, ParquetTables.FRAMES)) {
            String folder = f.getParent().getFileName().toString();
            try (var r =
                    org.apache.parquet.hadoop.ParquetFileReader.open(
                            new org.apache.parquet.io.LocalInputFile(f))) {
                counts.merge(folder, r.getRecordCount(), Long::sum);
            }
        }
        return counts;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Latencies in 1 ms buckets up to a minute. */
    private static final class Histogram {
        private final long[] buckets = new long[60_001];
        private long count;
        private long max;

        synchronized void add(long nanos) {
            long ms = nanos / 1_000_000;
            buckets[(int) Math.min(ms, buckets.length - 1)]++;
            count++;
            max = Math.max(max, ms);
        }

        synchronized long percentile(double p) {
            long rank = (long) Math.ceil(p * count);
            long seen = 0;
            for (int ms = 0; ms < buckets.length; ms++) {
                seen += buckets[ms];
                if (seen >= rank && rank > 0) return ms;
            }
            return -1;
        }

        synchronized long count() {
            return count;
        }

        synchronized long max() {
            return max;
        }
    }
}
