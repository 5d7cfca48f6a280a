package io.actelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.job.S3Server;
import io.actelemetry.job.cli.SimulatedBridge;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.job.source.recording.RecordingSource;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on a real standalone Flink 2.3.0 cluster started by
 * deploy/standalone/flink-cluster.sh: the cluster jar submitted with Flink's CLI and through the
 * REST API, a replay checked row by row, the same replay into S3 (Flink's S3 plugin on the cluster,
 * against {@link S3Server}), a simulated bridge streaming into the live job while it is stopped
 * with a savepoint and resumed from it at a higher parallelism with nothing lost or doubled,
 * application mode, and no process left behind. The session: a rolling start and two flying laps of
 * the simulated game (about 62,000 frames).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    private final Path work =
            Path.of(System.getProperty("work.dir", "target/e2e")).toAbsolutePath();
    private final ClusterScript cluster = new ClusterScript(work.resolve("cluster"));
    private final List<Long> started = new ArrayList<>();

    private S3Server s3;
    private List<TelemetryFrame> session;
    private Path recordings;
    private Path replayed;

    @BeforeAll
    void startCluster() throws Exception {
        cluster.run(Duration.ofMinutes(1), "stop")
                .ok(); // what an interrupted earlier run may have left
        deleteTree(work);
        session = Recordings.session(2, 7);
        recordings = work.resolve("recordings");
        Recordings.write(session, recordings, "session");
        s3 = S3Server.start();
        List<Object> options = new ArrayList<>(List.of("--s3"));
        s3.settings().forEach((k, v) -> options.addAll(List.of("-D", k + "=" + v)));
        cluster.start(options.toArray()).ok();
        started.addAll(cluster.pids());
        assertThat(started).as("the JobManager and TaskManager pids").hasSize(2);
    }

    @AfterAll
    void stopCluster() {
        started.addAll(cluster.pids());
        ClusterScript.Result stop = cluster.run(Duration.ofMinutes(1), "stop");
        List<Long> left =
                started.stream()
                        .filter(
                                pid ->
                                        ProcessHandle.of(pid)
                                                .map(ProcessHandle::isAlive)
                                                .orElse(false))
                        .toList();
        left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        try {
            if (s3 != null) s3.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        stop.ok();
        assertThat(left).as("processes left behind by the cluster").isEmpty();
    }

    /**
     * The cluster jar leaves out every class the cluster's lib/ provides, and brings what a cluster
     * lacks.
     */
    @Test
    @Order(0)
    void clusterJarHoldsNothingTheClusterProvides() throws IOException {
        Set<String> provided = new HashSet<>();
        try (Stream<Path> lib = Files.list(cluster.dir.resolve("lib"))) {
            for (Path jar : lib.filter(p -> p.toString().endsWith(".jar")).toList())
                provided.addAll(classes(jar));
        }
        Set<String> bundled = classes(ClusterScript.JAR);
        Set<String> twice = new HashSet<>(bundled);
        twice.retainAll(provided);
        assertThat(twice).as("classes of the cluster's lib/ in the cluster jar").isEmpty();
        assertThat(bundled)
                .contains(
                        "org/apache/flink/connector/file/src/FileSource.class",
                        "org/apache/flink/connector/file/sink/FileSink.class",
                        "org/apache/flink/formats/parquet/ParquetWriterFactory.class",
                        "org/apache/parquet/hadoop/ParquetWriter.class",
                        "io/grpc/Server.class",
                        "picocli/CommandLine.class",
                        "io/actelemetry/shaded/com/google/protobuf/Message.class",
                        "io/actelemetry/job/cli/TelemetryJobMain.class");
        assertThat(bundled)
                .noneMatch(
                        c ->
                                c.startsWith("com/google/protobuf/")
                                        || c.startsWith("com/google/common/"));
    }

    @Test
    @Order(0)
    void statusTellsTheClusterIsUp() {
        assertThat(cluster.run(Duration.ofMinutes(1), "status").ok().output())
                .contains(
                        "jobmanager: running",
                        "taskmanager: running",
                        "http://127.0.0.1:" + cluster.restPort)
                .contains("TaskManagers 1, task slots 2 of 2 free");
    }

    @Test
    @Order(0)
    void refusesASecondClusterInTheSameFolder() {
        ClusterScript.Result second = cluster.start();
        assertThat(second.exitCode()).as("a second start while the cluster runs").isNotZero();
        assertThat(second.output()).contains("a cluster is already running");
    }

    @Test
    @Order(1)
    void replaysWithFlinkRun() throws IOException {
        replayed = work.resolve("out-replay");
        ClusterScript.Result run =
                cluster.run(JOB_TIMEOUT, "submit", "--", "replay", recordings, "--out", replayed)
                        .ok();

        assertThat(run.output())
                .contains("Replayed " + String.format("%,d", session.size()) + " frames");
        assertThat(TableReader.count(replayed, ParquetTables.FRAMES)).isEqualTo(session.size());
        List<Map<String, Object>> laps = laps(replayed);
        assertThat(laps)
                .extracting(l -> l.get("lap_class"))
                .containsExactly("out", "flying", "flying", "incomplete");
        assertThat(laps.subList(1, 3))
                .allSatisfy(
                        l -> assertThat((Integer) l.get("lap_time_ms")).isBetween(80_000, 100_000));
        assertThat(TableReader.count(replayed, ParquetTables.SEGMENTS)).isPositive();
    }

    /**
     * The tables on S3: the cluster started with {@code --s3} (Flink's S3 plugin in its plugins/
     * folder, the server's endpoint and keys in its config.yaml) writes them there from the
     * TaskManager, and the client reads them back for the lap table, as a local replay's.
     */
    @Test
    @Order(2)
    void replaysToS3WithFlinkRun() throws Exception {
        String uri = s3.uri("cluster/replay");
        String printed =
                cluster.run(JOB_TIMEOUT, "submit", "--", "replay", recordings, "--out", uri)
                        .ok()
                        .output();

        assertThat(printed)
                .contains(
                        "Replayed " + String.format("%,d", session.size()) + " frames",
                        "Tables in " + uri,
                        "Best lap ");
        assertThat(s3.keys("cluster/replay/laps/"))
                .isNotEmpty()
                .allMatch(k -> k.endsWith(".parquet"));
        s3.useInFlink();
        org.apache.flink.core.fs.Path out = new org.apache.flink.core.fs.Path(uri);
        assertThat(TableReader.count(out, ParquetTables.FRAMES)).isEqualTo(session.size());
        List<Map<String, Object>> laps = new ArrayList<>(TableReader.rows(out, ParquetTables.LAPS));
        laps.sort(Comparator.comparing(l -> (Integer) l.get("lap_index")));
        assertThat(laps).isEqualTo(laps(replayed));
    }

    /**
     * Submitted through the REST API the replay cannot wait for its end: it returns at once, the
     * job writes the same tables.
     */
    @Test
    @Order(2)
    void replaysDetachedThroughTheRestApi() throws Exception {
        Path out = work.resolve("out-replay-rest");
        String job =
                cluster.run(
                                JOB_TIMEOUT,
                                "submit",
                                "--rest",
                                "--",
                                "replay",
                                recordings,
                                "--out",
                                out)
                        .ok()
                        .jobId();
        assertThat(job).isNotBlank();
        awaitRows(out, session.size());
        // detached: the laps table's committer may end a moment after the frames table's
        List<Map<String, Object>> expected = laps(replayed);
        awaitRows(out, ParquetTables.LAPS, expected.size());
        assertThat(laps(out)).isEqualTo(expected);
    }

    /**
     * A simulated bridge streams the session live into a job submitted through the REST API at
     * parallelism 1. A third of the way in, the job is stopped with a savepoint; the bridge goes on
     * buffering while no job listens, and the job resumes from the savepoint, submitted with the
     * CLI at parallelism 2. The bridge reconnects and sends the rest: every frame must be written
     * once, and the lap across the upgrade come out exactly as in the one-piece replay.
     */
    @Test
    @Order(3)
    void streamsABridgeAcrossAStopWithSavepointAndAResumeAtHigherParallelism() throws Exception {
        Path out = work.resolve("out-live");
        int port = ClusterScript.freePorts(2);
        int cut = session.size() / 3;
        Object[] live = {
            "live",
            "--port",
            port,
            "--out",
            out,
            "--checkpoints",
            work.resolve("checkpoints-live"),
            "--checkpoint-interval",
            "1s"
        };

        String first =
                cluster.run(JOB_TIMEOUT, concat(new Object[] {"submit", "--rest", "--"}, live))
                        .ok()
                        .jobId();
        IngestOptions toJob =
                IngestOptions.defaults("127.0.0.1:" + port)
                        .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        CountDownLatch upgraded = new CountDownLatch(1);
        String second;
        try (SimulatedBridge bridge =
                SimulatedBridge.start(
                        gated(session, cut, upgraded),
                        Double.POSITIVE_INFINITY,
                        toJob,
                        line -> {})) {
            awaitRows(out, cut);
            String savepoint = cluster.run(JOB_TIMEOUT, "stop-job", first).ok().savepoint();
            assertThat(TableReader.count(out, ParquetTables.FRAMES))
                    .as("frames committed by the savepoint")
                    .isEqualTo(cut);
            upgraded.countDown(); // the game goes on while no job listens
            // Flink's -p: the live job's readers, on PORT and PORT+1
            second =
                    cluster.run(
                                    JOB_TIMEOUT,
                                    concat(
                                            new Object[] {
                                                "submit",
                                                "--detached",
                                                "--from-savepoint",
                                                savepoint,
                                                "-p",
                                                2,
                                                "--"
                                            },
                                            live))
                            .ok()
                            .jobId();
            assertThat(bridge.awaitCommitted(JOB_TIMEOUT))
                    .as("every frame committed to the bridge:\n%s", cluster.logs())
                    .isTrue();
        }
        awaitRows(out, session.size());
        Thread.sleep(3_000); // more checkpoints: nothing else may arrive
        cluster.run(JOB_TIMEOUT, "cancel", second).ok();

        List<Map<String, Object>> frames = TableReader.rows(out, ParquetTables.FRAMES);
        Set<Object> unique = new HashSet<>();
        frames.forEach(f -> unique.add(f.get("t_ns")));
        assertThat(frames).hasSize(session.size());
        assertThat(unique).as("frames written twice").hasSize(session.size());
        // Streaming, a lap comes out once the watermark (the out-of-orderness behind the last
        // frame) passes its end:
        // the replay's laps that end that early, the one across the upgrade among them, column for
        // column.
        List<Map<String, Object>> all = laps(replayed);
        long dataEnd = (Long) all.get(all.size() - 1).get("end_time_ms");
        long cutTime = session.get(cut).getCaptureUnixNs() / 1_000_000L;
        List<Map<String, Object>> expected =
                all.stream()
                        .filter(
                                l ->
                                        (Long) l.get("end_time_ms")
                                                        + RecordingSource.DEFAULT_OUT_OF_ORDERNESS
                                                                .toMillis()
                                                <= dataEnd)
                        .toList();
        assertThat(expected)
                .as("the lap across the upgrade")
                .anySatisfy(
                        l ->
                                assertThat(cutTime)
                                        .isBetween(
                                                (Long) l.get("start_time_ms"),
                                                (Long) l.get("end_time_ms")));
        assertThat(laps(out)).isEqualTo(expected);
    }

    /** The frames, holding back from frame {@code at} until {@code open}. */
    private static Iterator<TelemetryFrame> gated(
            List<TelemetryFrame> frames, int at, CountDownLatch open) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next == at) {
                    try {
                        open.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return next < frames.size();
            }

            @Override
            public TelemetryFrame next() {
                return frames.get(next++);
            }
        };
    }

    @Test
    @Order(4)
    void stopLeavesNoProcessBehind() {
        cluster.run(Duration.ofMinutes(1), "stop").ok();
        assertThat(started)
                .allSatisfy(
                        pid ->
                                assertThat(
                                                ProcessHandle.of(pid)
                                                        .map(ProcessHandle::isAlive)
                                                        .orElse(false))
                                        .as("process %d alive after stop", pid)
                                        .isFalse());
        assertThat(cluster.run(Duration.ofSeconds(30), "status").output())
                .contains("No cluster running");
    }

    /**
     * Application mode: the JobManager runs the jar's main itself, and the cluster ends with the
     * job.
     */
    @Test
    @Order(5)
    void runsInApplicationMode() throws Exception {
        Path out = work.resolve("out-application");
        cluster.application("replay", recordings.toString(), "--out", out.toString()).ok();
        started.addAll(cluster.pids());
        ProcessHandle jobManager = ProcessHandle.of(cluster.pid("jobmanager")).orElseThrow();
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (jobManager.isAlive() && System.nanoTime() < deadline) Thread.sleep(500);
        assertThat(jobManager.isAlive())
                .as("the application cluster ended with its job:\n%s", cluster.logs())
                .isFalse();
        assertThat(TableReader.count(out, ParquetTables.FRAMES)).isEqualTo(session.size());
        assertThat(laps(out)).isEqualTo(laps(replayed));
        cluster.run(Duration.ofMinutes(1), "stop").ok();
    }

    private void awaitRows(Path out, long frames) throws Exception {
        awaitRows(out, ParquetTables.FRAMES, frames);
    }

    private void awaitRows(Path out, String table, long rows) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        long n = 0;
        while (System.nanoTime() < deadline) {
            n = TableReader.count(out, table);
            if (n >= rows) return;
            Thread.sleep(1_000);
        }
        throw new AssertionError(
                "after "
                        + JOB_TIMEOUT
                        + " the "
                        + table
                        + " table holds "
                        + n
                        + " of "
                        + rows
                        + " rows\n"
                        + cluster.logs());
    }

    private static List<Map<String, Object>> laps(Path out) throws IOException {
        List<Map<String, Object>> laps = new ArrayList<>(TableReader.rows(out, ParquetTables.LAPS));
        laps.sort(Comparator.comparing(l -> (Integer) l.get("lap_index")));
        return laps;
    }

    private static Set<String> classes(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream()
                    .map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                    .collect(Collectors.toSet());
        }
    }

    private static Object[] concat(Object[] a, Object[] b, Object... more) {
        return Stream.of(a, b, more).flatMap(Stream::of).toArray();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
