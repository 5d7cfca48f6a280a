package io.actelemetry.job.source.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.delivery.ConnectionState;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.job.Frames;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.AckStatus;
import io.actelemetry.proto.v1.StreamAck;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One live job with two readers and a bearer token, and the clients it meets: several bridges at
 * once on one reader and on both, a bridge that restarts, the original bridge, one without the
 * token, broken and oversized messages. Each test uses sessions of its own and reads back its own
 * rows.
 */
class LiveIngestStreamsTest {

    private static final String TOKEN = "t0ken-for-tests";

    static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    @TempDir static Path dir;

    static LiveJob live;

    /**
     * In the first test, not before all: the mini-cluster is the job's environment only within the
     * tests.
     */
    @BeforeEach
    void startOnce() throws Exception {
        if (live != null) return;
        GrpcIngestSource source =
                GrpcIngestSource.builder()
                        .setPort(0)
                        .setBearerToken(TOKEN)
                        .setMaxMessageBytes(16 * 1024)
                        .build();
        live = LiveJob.start(source, dir.resolve("out"), 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (live != null) live.close();
    }

    @AfterEach
    void jobUnharmed() throws Exception {
        assertThat(live.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void severalBridgesOnOneReaderAndOnTheOther() throws Exception {
        try (CommitPacedBridge a = bridge(live.target(0));
                CommitPacedBridge b = bridge(live.target(0));
                CommitPacedBridge c = bridge(live.target(1))) {
            for (long from = 1; from <= 1500; from += 500) { // interleaved, as cars driving at once
                a.send(frames("bridges-a", "", from, from + 499));
                b.send(frames("bridges-b", "rig2", from, from + 499));
                c.send(frames("bridges-c", "", from, from + 499));
            }
            CommonTestUtils.waitUtil(
                    () -> metric("connectedStreams") >= 3,
                    LiveJob.TIMEOUT,
                    "three streams counted");
            a.awaitCommitted();
            b.awaitCommitted();
            c.awaitCommitted();
        }
        awaitRows("bridges-a", 1500);
        awaitRows("bridges-b", 1500);
        awaitRows("bridges-c", 1500);
        assertThat(sequences("bridges-a")).containsExactlyElementsOf(range(1, 1500));
        assertThat(sequences("bridges-b")).containsExactlyElementsOf(range(1, 1500));
        assertThat(sequences("bridges-c")).containsExactlyElementsOf(range(1, 1500));
        assertThat(metric("framesIn")).isGreaterThanOrEqualTo(4500);
        assertThat(metric("bytesIn"))
                .isGreaterThanOrEqualTo(
                        4500L * Frames.current("bridges-a", "", 1).getSerializedSize());
        assertThat(metric("queueFill")).isBetween(0L, 1L);
    }

    @Test
    void aBridgeThatComesBackIsToldWhatIsCommittedAndNothingLandsTwice() throws Exception {
        try (CommitPacedBridge first = bridge(live.target(0))) {
            first.send(frames("again", "", 1, 1500));
            first.awaitCommitted();
        }
        // restarted: it re-sends the last 500 frames it had from its recording, then carries on
        try (CommitPacedBridge second = bridge(live.target(0))) {
            second.send(frames("again", "", 1001, 3000));
            second.awaitCommitted();
            assertThat(second.events).anyMatch(e -> e.contains("already holds frames up to #1500"));
        }
        awaitRows("again", 3000);
        assertThat(sequences("again")).containsExactlyElementsOf(range(1, 3000));
    }

    @Test
    void theOriginalBridgeGetsAnAckPerFrame() throws Exception {
        List<TelemetryFrame> frames = new ArrayList<>();
        for (int i = 0; i < 500; i++)
            frames.add(Frames.original("original", 7_000_000_000L + i * 3_000_000L));
        try (RawClient original = new RawClient(live.target(1), TOKEN)) {
            for (TelemetryFrame f : frames) original.send(f.toByteArray());
            CommonTestUtils.waitUtil(
                    () -> original.acks.size() == frames.size(),
                    LiveJob.TIMEOUT,
                    "an ack per frame");
            original.halfClose();
            assertThat(original.awaitEnd()).isEqualTo(Status.OK);
            assertThat(original.acks)
                    .extracting(StreamAck::getStatus)
                    .containsOnly(AckStatus.ACK_STATUS_UNSPECIFIED);
            assertThat(original.acks)
                    .extracting(StreamAck::getLastMonotonicNs)
                    .containsExactlyElementsOf(
                            frames.stream().map(TelemetryFrame::getMonotonicNs).toList());
        }
        awaitRows("original", 500);
    }

    @Test
    void clientsWithoutTheTokenAreRefused() throws Exception {
        try (RawClient anonymous = new RawClient(live.target(0), null);
                RawClient wrong = new RawClient(live.target(0), "guess")) {
            anonymous.send(Frames.current("intruder", "", 1).toByteArray());
            wrong.send(Frames.current("intruder", "", 1).toByteArray());
            assertThat(anonymous.awaitEnd().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(wrong.awaitEnd().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
        try (CommitPacedBridge bridge =
                new CommitPacedBridge(CommitPacedBridge.options(live.target(0)))) {
            bridge.send(frames("intruder", "", 1, 10));
            CommonTestUtils.waitUtil(
                    () -> bridge.stats().state() == ConnectionState.REJECTED,
                    LiveJob.TIMEOUT,
                    "the bridge told it is refused");
        }
        assertThat(rows("intruder")).isEmpty();
    }

    @Test
    void brokenAndOversizedMessagesEndOnlyTheirStream() throws Exception {
        long malformedBefore = metric("malformedMessages");
        try (CommitPacedBridge good = bridge(live.target(0))) {
            good.send(frames("steady", "", 1, 1000));
            try (RawClient broken = new RawClient(live.target(0), TOKEN);
                    RawClient huge = new RawClient(live.target(0), TOKEN)) {
                broken.send(Frames.current("broken", "", 1).toByteArray());
                broken.send(new byte[] {0x0a, 0x7f, 0x01}); // a field longer than the message
                huge.send(Frames.current("huge", "", 1).toByteArray());
                huge.send(
                        Frames.current("huge", "", 2).toBuilder()
                                .setGame("x".repeat(20_000))
                                .build()
                                .toByteArray());

                Status malformed = broken.awaitEnd();
                assertThat(malformed.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(malformed.getDescription())
                        .contains("message 2 on stream")
                        .contains("127.0.0.1")
                        .contains("not a TelemetryFrame");
                Status tooBig = huge.awaitEnd();
                assertThat(tooBig.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(tooBig.getDescription()).contains("above the limit of 16384");
            }
            CommonTestUtils.waitUtil(
                    () -> metric("malformedMessages") == malformedBefore + 2,
                    LiveJob.TIMEOUT,
                    "both counted");
            good.send(frames("steady", "", 1001, 2000));
            good.awaitCommitted();
            assertThat(good.stats().reconnects()).isZero();
        }
        awaitRows("steady", 2000);
        awaitRows("broken", 1); // what came before the bad message is kept
        awaitRows("huge", 1);
        assertThat(sequences("steady")).containsExactlyElementsOf(range(1, 2000));
    }

    /** The sum over the readers of a counter or gauge of the live job (a fraction rounded down). */
    private static long metric(String name) {
        long sum = 0;
        for (OperatorMetricGroup reader :
                METRICS.findOperatorMetricGroups(live.job.getJobID(), "frames in")) {
            Metric m = METRICS.getMetricsByGroup(reader).get(name);
            if (m instanceof Counter c) sum += c.getCount();
            if (m instanceof Gauge<?> g) sum += ((Number) g.getValue()).longValue();
        }
        return sum;
    }

    private static CommitPacedBridge bridge(String target) throws Exception {
        IngestOptions options = CommitPacedBridge.options(target).withToken(TOKEN);
        return new CommitPacedBridge(options);
    }

    static List<TelemetryFrame> frames(String session, String car, long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(s -> Frames.current(session, car, s))
                .toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** The session's rows: only the files of its partition are read. */
    private static List<Map<String, Object>> rows(String session) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path f : files(session)) rows.addAll(TableReader.rows(f));
        return rows;
    }

    private static List<Path> files(String session) throws Exception {
        String partition = ParquetTables.partition(session);
        return TableReader.files(live.out, ParquetTables.FRAMES).stream()
                .filter(f -> f.getParent().getFileName().toString().equals(partition))
                .toList();
    }

    /** The session's sequences in the table, sorted, duplicates kept. */
    private static List<Long> sequences(String session) throws Exception {
        return rows(session).stream()
                .map(r -> ((Number) r.get("sequence")).longValue())
                .sorted()
                .toList();
    }

    private static void awaitRows(String session, int n) throws Exception {
        CommonTestUtils.waitUtil(
                () -> {
                    try {
                        long count = 0;
                        for (Path f : files(session)) {
                            try (ParquetFileReader r =
                                    ParquetFileReader.open(new LocalInputFile(f))) {
                                count += r.getRecordCount();
                            }
                        }
                        return count >= n;
                    } catch (Exception e) {
                        return false;
                    }
                },
                LiveJob.TIMEOUT,
                Duration.ofMillis(200),
                n + " rows of " + session);
    }
}
