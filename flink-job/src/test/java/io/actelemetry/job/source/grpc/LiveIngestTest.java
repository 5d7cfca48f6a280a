package io.actelemetry.job.source.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.Frames;
import io.actelemetry.job.cli.Replay;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.job.source.recording.RecordingSource;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated session streamed by the bridge's real delivery client into the live job in a
 * mini-cluster, over gRPC on loopback, into Parquet, and compared with a replay of the same frames:
 * as it is, and through a task failure in the middle. Then a job cancelled and submitted again in
 * the same JVM.
 */
class LiveIngestTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path dir;

    static List<TelemetryFrame> session;
    static String sessionId;
    static List<Map<String, Object>> replayedLaps;

    /** The failure injected once, a third into the session (see {@link #failingOnce}). */
    static final AtomicLong assigned = new AtomicLong();

    static final AtomicBoolean failed = new AtomicBoolean();
    static volatile long failAt = Long.MAX_VALUE;

    @BeforeAll
    static void replay() throws Exception {
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(1, 21))) {
            session = s.toList();
        }
        sessionId = session.get(0).getSessionId();
        Path recording = Files.createDirectories(dir.resolve("rec")).resolve("s.pb.gz");
        try (RecordingWriter w = RecordingWriter.open(recording)) {
            for (TelemetryFrame f : session) w.write(f);
        }
        Path replayed = dir.resolve("replayed");
        Replay.run(
                List.of(recording),
                replayed,
                new Configuration(),
                LapOptions.defaults(),
                null,
                null);
        replayedLaps = laps(replayed);
        assertThat(replayedLaps)
                .extracting(l -> l.get("lap_class"))
                .containsExactly("out", "flying", "incomplete");
    }

    @Test
    void aSessionStreamedLiveLandsAsItsReplay() throws Exception {
        Path out = dir.resolve("live");
        try (LiveJob live = LiveJob.start(GrpcIngestSource.builder().setPort(0).build(), out, 1);
                CommitPacedBridge bridge = CommitPacedBridge.to(live.target(0))) {
            streamWholeSession(live, bridge);
            assertThat(bridge.stats().evicted()).isZero();
        }
        assertExactlyOnceAndLapsAsReplayed(out);
    }

    @Test
    void aTaskFailureMidSessionLosesAndDuplicatesNothing() throws Exception {
        Path out = dir.resolve("failover");
        Configuration restarts = new Configuration();
        restarts.setString("restart-strategy.type", "fixed-delay");
        restarts.setString("restart-strategy.fixed-delay.attempts", "2");
        restarts.setString("restart-strategy.fixed-delay.delay", "200 ms");
        assigned.set(0);
        failAt = session.size() / 3;
        // a fixed port: after a restart the bridge finds the job where it was
        GrpcIngestSource source = GrpcIngestSource.builder().setPort(freePort()).build();
        try (LiveJob live = LiveJob.start(source, out, 1, restarts, failingOnce());
                CommitPacedBridge bridge = CommitPacedBridge.to(live.target(0))) {
            streamWholeSession(live, bridge);
            assertThat(failed).isTrue();
            assertThat(bridge.stats().reconnects()).isPositive(); // the failure broke its stream
            assertThat(bridge.stats().evicted()).isZero();
        }
        assertExactlyOnceAndLapsAsReplayed(out);
    }

    @Test
    void aCancelledJobLeavesNoThreadAndItsPortFree() throws Exception {
        int port = freePort();
        Set<String> before = grpcThreads();
        for (int run = 1; run <= 2; run++) {
            GrpcIngestSource source = GrpcIngestSource.builder().setPort(port).build();
            try (LiveJob live = LiveJob.start(source, dir.resolve("resubmitted-" + run), 1)) {
                assertThat(live.ports).containsEntry(0, port);
                try (CommitPacedBridge bridge = CommitPacedBridge.to(live.target(0))) {
                    bridge.send(LiveIngestStreamsTest.frames("run-" + run, "", 1, 300));
                    bridge.awaitCommitted();
                }
            }
            CommonTestUtils.waitUtil(
                    () -> before.containsAll(grpcThreads()),
                    LiveJob.TIMEOUT,
                    Duration.ofMillis(100),
                    "gRPC and Netty threads gone: " + grpcThreads() + " vs " + before);
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
        }
    }

    /**
     * Streams the session, then a frame of another session a day later so every lap closes; waits
     * for all of it.
     */
    private static void streamWholeSession(LiveJob live, CommitPacedBridge bridge)
            throws Exception {
        bridge.send(session);
        TelemetryFrame last = session.get(session.size() - 1);
        bridge.send(
                List.of(
                        Frames.current("clock", "", 1).toBuilder()
                                .setCaptureUnixNs(
                                        last.getCaptureUnixNs() + Duration.ofDays(1).toNanos())
                                .build()));
        bridge.awaitCommitted();
        live.awaitFrames(session.size() + 1);
        CommonTestUtils.waitUtil(
                () -> {
                    try {
                        return laps(live.out).size() >= replayedLaps.size();
                    } catch (Exception e) {
                        return false;
                    }
                },
                LiveJob.TIMEOUT,
                Duration.ofMillis(200),
                "every lap");
    }

    private static void assertExactlyOnceAndLapsAsReplayed(Path out) throws Exception {
        List<Long> sequences =
                TableReader.rows(out, ParquetTables.FRAMES).stream()
                        .filter(r -> sessionId.equals(r.get("session_id")))
                        .map(r -> ((Number) r.get("sequence")).longValue())
                        .sorted()
                        .toList();
        assertThat(sequences)
                .containsExactlyElementsOf(
                        session.stream().map(TelemetryFrame::getSequence).toList());
        assertThat(laps(out)).isEqualTo(replayedLaps);
    }

    private static List<Map<String, Object>> laps(Path out) throws Exception {
        return TableReader.rows(out, ParquetTables.LAPS).stream()
                .filter(l -> sessionId.equals(l.get("session_id")))
                .sorted(Comparator.comparing(l -> (Integer) l.get("lap_index")))
                .toList();
    }

    /**
     * The live job's watermarks, with a timestamp assigner that fails the source task once, at
     * frame {@link #failAt}.
     */
    private static WatermarkStrategy<Frame> failingOnce() {
        return WatermarkStrategy.<Frame>forBoundedOutOfOrderness(
                        RecordingSource.DEFAULT_OUT_OF_ORDERNESS)
                .withTimestampAssigner(
                        (SerializableTimestampAssigner<Frame>)
                                (f, previous) -> {
                                    if (assigned.incrementAndGet() == failAt
                                            && failed.compareAndSet(false, true)) {
                                        throw new IllegalStateException("injected task failure");
                                    }
                                    return f.eventTimeMs;
                                })
                .withIdleness(RecordingSource.DEFAULT_IDLENESS);
    }

    private static Set<String> grpcThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.contains("grpc") || n.contains("netty") || n.contains("ingest"))
                .collect(Collectors.toSet());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
