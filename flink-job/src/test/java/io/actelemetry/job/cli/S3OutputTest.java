package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.S3Server;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables on S3, as a user gets them with {@code java -jar}: Flink's own S3 plugin from the
 * plugins folder, configured by {@code -D} options, against a real S3 server ({@link S3Server}). A
 * replay to {@code s3://} gives the same rows and lap table as one to a local folder.
 */
class S3OutputTest {

    @TempDir static Path dir;

    static S3Server s3;
    static Path recording;
    static Path local;
    static String localReplay;

    @BeforeAll
    static void s3ServerAndALocalReplay() throws Exception {
        s3 = S3Server.start();
        recording = dir.resolve("in/session.pb.gz");
        Files.createDirectories(recording.getParent());
        try (Stream<TelemetryFrame> frames = SimulatedSession.frames(Scenario.laps(1, 11));
                RecordingWriter w = RecordingWriter.open(recording)) {
            for (TelemetryFrame f : (Iterable<TelemetryFrame>) frames::iterator) w.write(f);
        }
        local = dir.resolve("local");
        localReplay = CliRun.of("replay", recording.toString(), "--out", local.toString()).ok();
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) s3.close();
    }

    @Test
    void aReplayToS3WritesTheTablesALocalReplayWrites() throws Exception {
        String uri = s3.uri("runs/first");
        String printed = CliRun.of(s3("replay", recording.toString(), "--out", uri)).ok();

        assertThat(printed).contains("Replaying", "into " + uri, "Tables in " + uri);
        assertThat(lapTable(printed))
                .isEqualTo(lapTable(localReplay))
                .contains("flying", "Best lap ");
        org.apache.flink.core.fs.Path out = new org.apache.flink.core.fs.Path(uri);
        for (String table :
                List.of(ParquetTables.LAPS, ParquetTables.SEGMENTS, ParquetTables.LAP_FIELDS)) {
            assertThat(rows(out, table))
                    .as(table)
                    .isEqualTo(rows(Storage.local(local), table))
                    .isNotEmpty();
        }
        // the wide frames table byte for byte, file by file: reading its rows back would take most
        // of the test
        assertThat(digests(out, ParquetTables.FRAMES))
                .isEqualTo(digests(Storage.local(local), ParquetTables.FRAMES))
                .isNotEmpty();
        // in the bucket, as S3 sees it: finished Parquet files under the session's folder, nothing
        // in progress
        List<String> keys = s3.keys("runs/first/");
        assertThat(keys)
                .isNotEmpty()
                .allMatch(
                        k ->
                                k.matches(
                                        "runs/first/(frames|laps|segments|lap_fields|traces|corners)/session_key=[^/]+/\\1-[^/]+\\.parquet"));
        assertThat(keys).anyMatch(k -> k.startsWith("runs/first/laps/"));

        // the laps command reads them back from S3 too
        assertThat(lapTable(CliRun.of(s3("laps", uri)).ok())).isEqualTo(lapTable(localReplay));
    }

    @Test
    void aSecondReplayToTheSameUriIsRefusedUnlessOverwriting() throws Exception {
        String uri = s3.uri("runs/twice");
        CliRun.of(s3("replay", recording.toString(), "--out", uri)).ok();
        long frames =
                TableReader.count(new org.apache.flink.core.fs.Path(uri), ParquetTables.FRAMES);

        CliRun again = CliRun.of(s3("replay", recording.toString(), "--out", uri));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains(uri + " already holds a 'frames' table", "--overwrite");

        CliRun.of(s3("replay", recording.toString(), "--out", uri, "--overwrite")).ok();
        assertThat(TableReader.count(new org.apache.flink.core.fs.Path(uri), ParquetTables.FRAMES))
                .isEqualTo(frames)
                .isPositive();
    }

    /**
     * As {@code java -jar} in a JVM of its own, the keys in the environment (AWS_ACCESS_KEY_ID,
     * ...), not in options.
     */
    @Test
    void aFreshProcessTakesTheKeysFromTheEnvironment() throws Exception {
        String uri = s3.uri("runs/environment");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx512m",
                                "-XX:+UseSerialGC",
                                "-cp",
                                System.getProperty("java.class.path"),
                                TelemetryJobMain.class.getName(),
                                "replay",
                                recording.toString(),
                                "--out",
                                uri));
        s3.endpoint().forEach((k, v) -> command.add("-D" + k + "=" + v));
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        process.environment().putAll(s3.credentialsEnvironment());
        Process replay = process.start();
        String printed = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(replay.waitFor()).as(printed).isZero();
        assertThat(printed).contains("Tables in " + uri, "Best lap ");
        assertThat(rows(new org.apache.flink.core.fs.Path(uri), ParquetTables.LAPS))
                .isEqualTo(rows(Storage.local(local), ParquetTables.LAPS));
    }

    @Test
    void keysTheServerRefusesAreSaidBeforeAnyJob() {
        String uri = s3.uri("runs/refused");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "replay",
                                recording.toString(),
                                "--out",
                                uri,
                                "-Ds3.access-key=nobody",
                                "-Ds3.secret-key=wrong"));
        s3.endpoint().forEach((k, v) -> args.add("-D" + k + "=" + v));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        s3.useInFlink(); // this JVM's filesystems with the right keys again, for the other tests
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "--out " + uri + ": the storage does not answer",
                        "check the bucket, the endpoint and the credentials");
        assertThat(run.out()).doesNotContain("Replaying");
        assertThat(s3.keys("runs/refused")).isEmpty();
    }

    @Test
    void aMissingBucketIsSaidBeforeAnyJob() {
        CliRun run =
                CliRun.of(s3("replay", recording.toString(), "--out", "s3://no-such-bucket/run"));
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "--out s3://no-such-bucket/run: the storage does not answer",
                        "NoSuchBucket");
        assertThat(run.out()).doesNotContain("Replaying");
    }

    @Test
    void anUnknownSchemeIsSaidWithTheUriBeforeAnyJob() {
        CliRun run = CliRun.of("replay", recording.toString(), "--out", "gcs://bucket/run");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "--out gcs://bucket/run",
                        "Could not find a file system implementation for scheme 'gcs'");
        assertThat(run.out()).doesNotContain("Replaying");

        CliRun live =
                CliRun.of(
                        "live",
                        "--out",
                        dir.resolve("live").toString(),
                        "--checkpoints",
                        "gcs://bucket/checkpoints");
        assertThat(live.exit()).isEqualTo(1);
        assertThat(live.err()).contains("--checkpoints gcs://bucket/checkpoints", "scheme 'gcs'");
    }

    @Test
    void withoutThePluginS3IsRefusedWithWhatToInstall() throws Exception {
        FileSystem.initialize(
                new Configuration(),
                null); // as a process without plugins; each command sets them up again
        try {
            assertThat(
                            catchThrowable(
                                    () ->
                                            OutputFolder.prepare(
                                                    new org.apache.flink.core.fs.Path(s3.uri("x")),
                                                    false)))
                    .hasMessageContaining("--out " + s3.uri("x"))
                    .hasMessageContaining("plugins/s3-fs-hadoop/")
                    .hasMessageContaining("ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-2.3.0.jar");
        } finally {
            s3.useInFlink();
        }
    }

    @Test
    void recordingsAreReadFromS3Too() throws Exception {
        s3.put(
                "recordings/2026-11/session.pb.gz",
                recording); // a folder of folders, as a sync of the rigs' recordings
        Path out = dir.resolve("from-s3");

        String printed =
                CliRun.of(s3("replay", s3.uri("recordings"), "--out", out.toString())).ok();

        assertThat(printed).contains("Replaying [" + s3.uri("recordings") + "]");
        assertThat(lapTable(printed)).isEqualTo(lapTable(localReplay));
        assertThat(digests(Storage.local(out), ParquetTables.FRAMES))
                .isEqualTo(digests(Storage.local(local), ParquetTables.FRAMES));
    }

    @Test
    void recordingsMissingOnS3AreSaidBeforeAnyJob() {
        CliRun run =
                CliRun.of(
                        s3(
                                "replay",
                                s3.uri("no-recordings-here"),
                                "--out",
                                dir.resolve("never").toString()));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(s3.uri("no-recordings-here"), "no such recording or folder");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    /** The command with the options that point Flink's S3 filesystem at the test's server. */
    private static String[] s3(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(s3.options());
        return all.toArray(String[]::new);
    }

    private static List<String> rows(org.apache.flink.core.fs.Path out, String table)
            throws Exception {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : TableReader.rows(out, table)) rows.add(r.toString());
        rows.sort(Comparator.naturalOrder());
        return rows;
    }

    /** Each file of {@code table} by its session folder, as a SHA-256 of its bytes. */
    private static Map<String, String> digests(org.apache.flink.core.fs.Path out, String table)
            throws Exception {
        Map<String, String> digests = new TreeMap<>();
        for (FileStatus f : TableReader.files(out, table)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = f.getPath().getFileSystem().open(f.getPath())) {
                sha.update(in.readAllBytes());
            }
            assertThat(
                            digests.put(
                                    f.getPath().getParent().getName(),
                                    HexFormat.of().formatHex(sha.digest())))
                    .isNull();
        }
        return digests;
    }

    /** From the first session heading on: what does not name a folder. */
    private static String lapTable(String printed) {
        return printed.substring(printed.indexOf("\n\nSession "));
    }
}
