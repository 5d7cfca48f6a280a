package io.actelemetry.deploy.bench;

import io.actelemetry.bridge.delivery.DeliveryStats;
import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.deploy.ClusterScript;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The live ingest on the standalone cluster of deploy/standalone: the cluster jar's {@code live}
 * job submitted at parallelism 1, then 2 (one reader and port per subtask), and {@code bench.cars}
 * simulated cars, each the bridge's real {@link IngestClient} streaming unpaced over loopback to
 * port 50051+(car mod parallelism). Reports the frames/s the job commits (acknowledged to the
 * bridges after a checkpoint) in the measured window, and the scaling.
 *
 * <pre>
 * ./mvnw -q -B -pl proto,bridge install -DskipTests && ./mvnw -q -B -Pbench -pl flink-job,deploy verify -Dbench.replay.skip=true -Dbench.live.skip=true
 * </pre>
 *
 * Properties: {@code bench.cars} (4), {@code bench.seconds} (30), {@code bench.warmup} (15), {@code
 * bench.parallelisms} (1,2), {@code bench.tmMemory} (the TaskManager's process memory, e.g. 2g; the
 * script's default if not given).
 */
public final class ClusterLiveBenchmark {
    /**
     * A car waits while this many of its frames are uncommitted: inside the client's default 16 MB
     * buffer.
     */
    private static final int IN_FLIGHT = 16_000;

    private final int cars = Integer.getInteger("bench.cars", 4);
    private final int seconds = Integer.getInteger("bench.seconds", 30);
    private final int warmup = Integer.getInteger("bench.warmup", 15);
    private final String tmMemory = System.getProperty("bench.tmMemory", "");
    private final List<Integer> parallelisms =
            Stream.of(System.getProperty("bench.parallelisms", "1,2").split(","))
                    .map(String::trim)
                    .map(Integer::valueOf)
                    .toList();
    private final Path work =
            Path.of(System.getProperty("work.dir", "target/bench-cluster")).toAbsolutePath();

    public static void main(String[] args) throws Exception {
        new ClusterLiveBenchmark().run();
    }

    private void run() throws Exception {
        List<TelemetryFrame> lap = SimulatedSession.frames(Scenario.laps(3, 1)).toList();
        ClusterScript cluster = new ClusterScript(work.resolve("cluster"));
        cluster.run(Duration.ofMinutes(1), "stop").ok();
        System.out.printf(
                Locale.ROOT,
                "live ingest on the standalone cluster: %d cars unpaced, %d s measured after %d s"
                        + " warm-up, TaskManager memory %s, %d cores, load average %.1f%n",
                cars,
                seconds,
                warmup,
                tmMemory.isEmpty() ? "the script's default" : tmMemory,
                Runtime.getRuntime().availableProcessors(),
                load());
        (tmMemory.isEmpty() ? cluster.start() : cluster.start("--tm-memory", tmMemory)).ok();
        List<double[]> results = new ArrayList<>();
        try {
            for (int p : parallelisms) results.add(new double[] {p, measure(cluster, p, lap)});
        } finally {
            cluster.run(Duration.ofMinutes(1), "stop").ok();
        }
        System.out.println("| parallelism | committed frames/s | scaling |");
        System.out.println("|---|---|---|");
        for (double[] r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %,.0f | %.2fx |%n",
                    (int) r[0],
                    r[1],
                    r[1] / results.get(0)[1]);
        }
    }

    /** Committed frames/s of the live job at parallelism {@code p}. */
    private double measure(ClusterScript cluster, int p, List<TelemetryFrame> lap)
            throws Exception {
        int port = ClusterScript.freePorts(p);
        Path out = work.resolve("out-p" + p);
        String job =
                cluster.run(
                                Duration.ofMinutes(3),
                                "submit",
                                "--detached",
                                "--",
                                "live",
                                "--port",
                                port,
                                "--out",
                                out,
                                "--checkpoints",
                                work.resolve("checkpoints-p" + p),
                                "--no-resume",
                                "-p",
                                p)
                        .ok()
                        .jobId();
        for (int i = 0; i < p; i++) awaitListening(port + i);

        List<Car> fleet = new ArrayList<>();
        for (int c = 0; c < cars; c++) fleet.add(new Car(c, lap, "127.0.0.1:" + (port + c % p)));
        fleet.forEach(Car::start);
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        long before = fleet.stream().mapToLong(Car::acked).sum();
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long committed = fleet.stream().mapToLong(Car::acked).sum() - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (Car car : fleet) car.stop();
        cluster.run(Duration.ofMinutes(1), "cancel", job).ok();

        long evicted = fleet.stream().mapToLong(c -> c.stats.evicted()).sum();
        double rate = committed / elapsed;
        System.out.printf(
                Locale.ROOT,
                "parallelism %d: %,.0f frames/s committed (%.0f cars at 333 Hz), %d evicted, load"
                        + " average %.1f%n",
                p,
                rate,
                rate / 333.33,
                evicted,
                load());
        return rate;
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("no reader listens on port " + port);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * One simulated car: the lap's frames again and again, under a session id of its own, as fast
     * as committed.
     */
    private static final class Car {
        private final IngestClient client;
        private final Thread feeder;
        private volatile boolean stopping;
        private DeliveryStats stats;

        Car(int index, List<TelemetryFrame> lap, String target) {
            try {
                client = IngestClient.start(IngestOptions.defaults(target), line -> {});
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            feeder = new Thread(() -> feed(index, lap), "car-" + index);
            feeder.setDaemon(true);
        }

        void start() {
            feeder.start();
        }

        long acked() {
            return client.stats().acked();
        }

        private void feed(int index, List<TelemetryFrame> lap) {
            for (int round = 0; !stopping; round++) {
                String session =
                        String.format(Locale.ROOT, "bench-car-%03d-run-%04d", index, round);
                long sequence = 0;
                for (TelemetryFrame f : lap) {
                    while (client.buffered() > IN_FLIGHT && !stopping)
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    if (stopping) return;
                    client.offer(
                            f.toBuilder().setSessionId(session).setSequence(++sequence).build());
                }
            }
        }

        void stop() throws InterruptedException {
            stopping = true;
            feeder.join(5_000);
            stats = client.stats();
            client.close();
        }
    }
}
