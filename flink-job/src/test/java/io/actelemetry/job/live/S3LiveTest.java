package io.actelemetry.job.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.S3Server;
import io.actelemetry.job.cli.Replay;
import io.actelemetry.job.cli.SimulatedBridge;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code live --out s3://... --checkpoints s3://...} started as a user starts it ({@code java
 * -jar}, Flink's S3 plugin in the plugins folder, its settings as {@code -D} options) against a
 * real S3 server ({@link S3Server}): the tables, checkpoints and the savepoint of Ctrl-C all go to
 * S3, and the same command started again finds that savepoint there and resumes from it.
 */
class S3LiveTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir Path dir;

    @Test
    void aLiveJobKeepsTablesAndSnapshotsOnS3AndResumesFromThere() throws Exception {
        List<TelemetryFrame> frames;
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(2, 31))) {
            frames = s.toList();
        }
        try (S3Server s3 = S3Server.start()) {
            s3.useInFlink();
            int port = LiveJobProcess.freePort();
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--port",
                                    Integer.toString(port),
                                    "--out",
                                    s3.uri("live/out"),
                                    "--checkpoints",
                                    s3.uri("live/checkpoints"),
                                    "--checkpoint-interval",
                                    "1s",
                                    "-p",
                                    "1",
                                    "-Drestart-strategy.type=none"));
            args.addAll(s3.options());
            List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC");
            ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
            IngestOptions options =
                    IngestOptions.defaults("127.0.0.1:" + port)
                            .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500));

            try (LiveJobProcess first = LiveJobProcess.start(dir.resolve("first.log"), jvm, args);
                    LiveJobProcess second =
                            LiveJobProcess.later(dir.resolve("second.log"), jvm, args)) {
                await(
                        "the job listening",
                        () -> output(first).contains("Bridges connect to"),
                        first);
                try (SimulatedBridge bridge =
                        SimulatedBridge.start(
                                frames.iterator(),
                                Double.POSITIVE_INFINITY,
                                options,
                                events::add)) {
                    await(
                            "every frame committed",
                            () -> bridge.finished() && bridge.stats().buffered() == 0,
                            first);
                    assertThat(bridge.stats().acked())
                            .as(bridge.stats() + " " + events)
                            .isEqualTo(frames.size());
                }
                assertThat(first.stop(Duration.ofSeconds(90)))
                        .as("128 + SIGTERM, after the shutdown hook")
                        .isEqualTo(143);
                assertThat(first.output())
                        .contains("Live: tables in " + s3.uri("live/out"))
                        .contains(
                                "Stopped. Savepoint "
                                        + s3.uri("live/checkpoints/savepoints/savepoint-"));
                assertThat(s3.keys("live/checkpoints/"))
                        .anyMatch(
                                k -> k.matches("live/checkpoints/[0-9a-f]{32}/chk-\\d+/_metadata"))
                        .anyMatch(
                                k ->
                                        k.matches(
                                                "live/checkpoints/savepoints/savepoint-[^/]+/_metadata"));

                second.start();
                await(
                        "the restarted job listening",
                        () -> output(second).contains("Bridges connect to"),
                        second);
                assertThat(second.output())
                        .contains(
                                "Resuming from "
                                        + s3.uri("live/checkpoints/savepoints/savepoint-"));
                assertThat(second.stop(Duration.ofSeconds(90))).isEqualTo(143);
            }

            org.apache.flink.core.fs.Path out =
                    new org.apache.flink.core.fs.Path(s3.uri("live/out"));
            assertThat(TableReader.count(out, ParquetTables.FRAMES)).isEqualTo(frames.size());
            assertThat(s3.keys("live/out/"))
                    .allMatch(
                            k ->
                                    k.matches(
                                            "live/out/(frames|laps|segments|lap_fields|traces|corners)/session_key=[^/]+/\\1-[^/]+\\.parquet"));
            // every lap the live job closed, exactly as a replay gives it; the lap open when the
            // frames stop stays open
            // in a job that was stopped, not ended, where a replay ends it at the end of its input
            List<Map<String, Object>> laps = TableReader.rows(out, ParquetTables.LAPS);
            assertThat(laps).extracting(l -> l.get("lap_class")).contains("out", "flying");
            assertThat(replay(frames)).containsAll(laps);
        }
    }

    /** The laps a replay of the same frames gives (read back from its local folder). */
    private List<Map<String, Object>> replay(List<TelemetryFrame> frames) throws Exception {
        Path recording = dir.resolve("recording.pb.gz");
        try (RecordingWriter w = RecordingWriter.open(recording)) {
            for (TelemetryFrame f : frames) w.write(f);
        }
        Path out = dir.resolve("replay");
        Replay.run(
                List.of(recording),
                out,
                new Configuration(),
                LapOptions.defaults(),
                null,
                Duration.ofSeconds(5));
        return TableReader.rows(out, ParquetTables.LAPS);
    }

    private static String output(LiveJobProcess job) {
        try {
            return job.output();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void await(String what, BooleanSupplier condition, LiveJobProcess job)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (!job.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(
                        "waiting for "
                                + what
                                + (job.isAlive() ? ": timed out" : ": the job process ended")
                                + "; its log:\n"
                                + job.output());
            }
            Thread.sleep(100);
        }
    }
}
