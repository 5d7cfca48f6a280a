package io.actelemetry.job.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.delivery.DeliveryStats;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.cli.Replay;
import io.actelemetry.job.cli.SimulatedBridge;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local job process killed (SIGKILL) in the middle of a session while the simulated
 * bridge keeps sampling, then started again with the same command: it resumes from its last
 * retained checkpoint, the bridge reconnects and re-sends what was not committed, and at the end
 * the tables hold every frame once and the laps a replay of the same frames gives. The session's
 * last lap is open when the frames stop; a second car's frames seven hours later (event time) end
 * it by the session timeout, as a live job ends a session nobody closes.
 */
class ProcessFailoverTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir Path dir;

    @Test
    void aKilledJobRestartedWithTheSameCommandLosesAndDuplicatesNothing() throws Exception {
        List<TelemetryFrame> frames = session();
        String driven = SimulatedSession.sessionId(21);
        Path out = dir.resolve("out");
        Path log = dir.resolve("live.log");
        int port = LiveJobProcess.freePort();
        List<String> args =
                List.of(
                        "--port",
                        Integer.toString(port),
                        "--out",
                        out.toString(),
                        "--checkpoints",
                        dir.resolve("checkpoints").toString(),
                        "--checkpoint-interval",
                        "1s",
                        "-p",
                        "1",
                        "-Drestart-strategy.type=none");
        List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC");
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        IngestOptions options =
                IngestOptions.defaults("127.0.0.1:" + port)
                        .withBuffer(
                                1_000_000,
                                512L << 20) // the whole session may wait while the job is down
                        .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500));

        try (LiveJobProcess first = LiveJobProcess.start(log, jvm, args);
                LiveJobProcess second = LiveJobProcess.later(log, jvm, args)) {
            await(
                    "the job's first checkpoint",
                    () -> hasCheckpoint(dir.resolve("checkpoints")),
                    first,
                    () -> "");
            CountDownLatch killed = new CountDownLatch(1);
            try (SimulatedBridge bridge =
                    SimulatedBridge.start(
                            gated(frames, 10_000, killed), 10, options, events::add)) {
                await(
                        "a checkpoint committed frames",
                        () -> bridge.stats().acked() > 0,
                        first,
                        () -> bridge.stats() + " " + events);
                DeliveryStats atKill = bridge.stats();
                first.kill();
                killed.countDown(); // the car drives on while the job is down
                assertThat(atKill.buffered())
                        .as("frames not yet committed when killed")
                        .isPositive();

                second.start();
                await(
                        "every frame committed after the restart",
                        () -> bridge.finished() && bridge.stats().buffered() == 0,
                        second,
                        () -> bridge.stats() + " " + events);
                DeliveryStats end = bridge.stats();
                assertThat(end.evicted()).isZero();
                assertThat(end.acked()).isEqualTo(frames.size());
                assertThat(events)
                        .anyMatch(e -> e.startsWith("Lost the ingest server"))
                        .anyMatch(e -> e.startsWith("Reconnected to"));
            }

            List<Map<String, Object>> replayLaps = replay(frames, ParquetTables.LAPS, driven);
            assertThat(replayLaps)
                    .extracting(l -> l.get("lap_class"))
                    .containsExactlyInAnyOrder("out", "flying", "incomplete");
            await(
                    "the session's laps committed",
                    () -> rows(out, ParquetTables.LAPS, driven).size() == replayLaps.size(),
                    second,
                    () -> rows(out, ParquetTables.LAPS, driven).size() + " laps");
            assertThat(second.stop(Duration.ofSeconds(90)))
                    .as("128 + SIGTERM, after the shutdown hook")
                    .isEqualTo(143);

            assertThat(second.output()).contains("Resuming from ").contains("Stopped. Savepoint ");
            assertThat(sequences(out)).isEqualTo(sequences(frames));
            assertThat(rows(out, ParquetTables.LAPS, driven)).isEqualTo(replayLaps);
            assertThat(rows(out, ParquetTables.SEGMENTS, driven))
                    .isEqualTo(replay(frames, ParquetTables.SEGMENTS, driven))
                    .isNotEmpty();
            // the flying lap on its grid and through its corners, once, as the replay has it
            assertThat(rows(out, ParquetTables.TRACES, driven))
                    .isEqualTo(replay(frames, ParquetTables.TRACES, driven))
                    .hasSizeGreaterThan(500);
            assertThat(rows(out, ParquetTables.CORNERS, driven))
                    .isEqualTo(replay(frames, ParquetTables.CORNERS, driven))
                    .isNotEmpty();
        }
    }

    /**
     * The frames, the first {@code n} at once and the rest once {@code gate} opens: the kill comes
     * mid-session.
     */
    private static Iterator<TelemetryFrame> gated(
            List<TelemetryFrame> frames, int n, CountDownLatch gate) {
        Iterator<TelemetryFrame> all = frames.iterator();
        return new Iterator<>() {
            int given;

            @Override
            public boolean hasNext() {
                if (given == n) {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return all.hasNext();
            }

            @Override
            public TelemetryFrame next() {
                given++;
                return all.next();
            }
        };
    }

    private static boolean hasCheckpoint(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> files =
                Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            return files.findAny().isPresent();
        }
    }

    /** A lap from a rolling start, then another car's few frames seven hours later. */
    private static List<TelemetryFrame> session() {
        List<TelemetryFrame> frames = new ArrayList<>();
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(1, 21))) {
            s.forEach(frames::add);
        }
        long later = TimeUnit.HOURS.toNanos(7);
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(1, 22), "later")) {
            s.limit(1000)
                    .forEach(
                            f ->
                                    frames.add(
                                            f.toBuilder()
                                                    .setCaptureUnixNs(f.getCaptureUnixNs() + later)
                                                    .build()));
        }
        return frames;
    }

    private List<Map<String, Object>> replay(
            List<TelemetryFrame> frames, String table, String session) throws Exception {
        Path out = dir.resolve("replay");
        if (!Files.exists(out)) {
            Path recording = dir.resolve("recording.pb.gz");
            try (RecordingWriter w = RecordingWriter.open(recording)) {
                for (TelemetryFrame f : frames) w.write(f);
            }
            Replay.run(
                    List.of(recording),
                    out,
                    new Configuration(),
                    LapOptions.defaults(),
                    null,
                    Duration.ofSeconds(5));
        }
        return rows(out, table, session);
    }

    /** The rows of one session, in a stable order. */
    private static List<Map<String, Object>> rows(Path out, String table, String session)
            throws Exception {
        List<Map<String, Object>> rows =
                new ArrayList<>(
                        TableReader.rows(out, table).stream()
                                .filter(r -> session.equals(r.get("session_id")))
                                .toList());
        rows.sort(Comparator.comparing((Map<String, Object> r) -> r.toString()));
        return rows;
    }

    /**
     * Each (session, car)'s sequences in the frames table, read from those columns only (the table
     * is wide).
     */
    private static Map<String, List<Long>> sequences(Path out) throws Exception {
        Map<String, List<Long>> bySession = new TreeMap<>();
        for (Path file : TableReader.files(out, ParquetTables.FRAMES)) {
            try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
                MessageType schema = r.getFooter().getFileMetaData().getSchema();
                MessageType columns =
                        new MessageType(
                                schema.getName(),
                                schema.getType("session_id"),
                                schema.getType("car_id"),
                                schema.getType("sequence"));
                r.setRequestedSchema(columns);
                MessageColumnIO io = new ColumnIOFactory().getColumnIO(columns, schema);
                for (PageReadStore pages = r.readNextRowGroup();
                        pages != null;
                        pages = r.readNextRowGroup()) {
                    RecordReader<Group> records =
                            io.getRecordReader(pages, new GroupRecordConverter(columns));
                    for (long i = 0; i < pages.getRowCount(); i++) {
                        Group g = records.read();
                        bySession
                                .computeIfAbsent(
                                        g.getString(0, 0) + "/" + g.getString(1, 0),
                                        k -> new ArrayList<>())
                                .add(g.getLong(2, 0));
                    }
                }
            }
        }
        bySession.values().forEach(Collections::sort);
        return bySession;
    }

    private static Map<String, List<Long>> sequences(List<TelemetryFrame> frames) {
        Map<String, List<Long>> bySession = new TreeMap<>();
        for (TelemetryFrame f : frames)
            bySession
                    .computeIfAbsent(f.getSessionId() + "/" + f.getCarId(), k -> new ArrayList<>())
                    .add(f.getSequence());
        bySession.values().forEach(Collections::sort);
        return bySession;
    }

    private static void await(
            String what, Check condition, LiveJobProcess job, Callable<String> state)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (!job.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(
                        "waiting for "
                                + what
                                + (job.isAlive() ? ": timed out" : ": the job process ended")
                                + " ("
                                + state.call()
                                + "); its log:\n"
                                + job.output());
            }
            Thread.sleep(100);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }
}
