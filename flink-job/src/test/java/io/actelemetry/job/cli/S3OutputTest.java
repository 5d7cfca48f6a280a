package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables on S3, as a user gets them with {@code java -jar}: Flink's own S3 plugin (flink-s3-fs-hadoop, copied
 * by the build into {@code target/flink-plugins/s3-fs-hadoop/}, which surefire names in {@code FLINK_PLUGINS_DIR})
 * configured by {@code -D} options, against a real S3 server in this JVM (S3Proxy over an in-memory blob store).
 * A replay to {@code s3://} gives the same rows and lap table as one to a local folder.
 */
class S3OutputTest {

    private static final String BUCKET = "telemetry";
    private static final String KEY = "test-access-key";
    private static final String SECRET = "test-secret-key";

    @TempDir
    static Path dir;

    static BlobStoreContext store;
    static S3Proxy s3;
    static Path recording;
    static Path local;
    static String localReplay;

    @BeforeAll
    static void s3ServerAndALocalReplay() throws Exception {
        store = ContextBuilder.newBuilder("transient").credentials("identity", "credential").build(BlobStoreContext.class);
        store.getBlobStore().createContainerInLocation(null, BUCKET);
        s3 = S3Proxy.builder().blobStore(store.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET).build();
        s3.start();
        while (!s3.getState().equals("STARTED")) Thread.sleep(10);

        recording = dir.resolve("in/session.pb.gz");
        java.nio.file.Files.createDirectories(recording.getParent());
        try (Stream<TelemetryFrame> frames = SimulatedSession.frames(Scenario.laps(1, 11)); RecordingWriter w = RecordingWriter.open(recording)) {
            for (TelemetryFrame f : (Iterable<TelemetryFrame>) frames::iterator) w.write(f);
        }
        local = dir.resolve("local");
        localReplay = ok(cli("replay", recording.toString(), "--out", local.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) s3.stop();
        if (store != null) store.close();
    }

    @Test
    void aReplayToS3WritesTheTablesALocalReplayWrites() throws Exception {
        String uri = "s3://" + BUCKET + "/runs/first";
        String printed = ok(cli(s3("replay", recording.toString(), "--out", uri)));

        assertThat(printed).contains("Replaying", "into " + uri, "Tables in " + uri);
        assertThat(lapTable(printed)).isEqualTo(lapTable(localReplay)).contains("flying", "Best lap ");
        org.apache.flink.core.fs.Path out = new org.apache.flink.core.fs.Path(uri);
        for (String table : List.of(ParquetTables.LAPS, ParquetTables.SEGMENTS)) {
            assertThat(rows(out, table)).as(table).isEqualTo(rows(Storage.local(local), table)).isNotEmpty();
        }
        // the wide frames table byte for byte, file by file: reading its rows back would take most of the test
        assertThat(digests(out, ParquetTables.FRAMES)).isEqualTo(digests(Storage.local(local), ParquetTables.FRAMES)).isNotEmpty();
        // in the bucket, as S3 sees it: finished Parquet files under the session's folder, nothing in progress
        List<String> keys = keys("runs/first/");
        assertThat(keys).isNotEmpty().allMatch(k -> k.matches("runs/first/(frames|laps|segments)/session_key=[^/]+/\\1-[^/]+\\.parquet"));
        assertThat(keys).anyMatch(k -> k.startsWith("runs/first/laps/"));

        // the laps command reads them back from S3 too
        assertThat(lapTable(ok(cli(s3("laps", uri))))).isEqualTo(lapTable(localReplay));
    }

    @Test
    void aSecondReplayToTheSameUriIsRefusedUnlessOverwriting() throws Exception {
        String uri = "s3://" + BUCKET + "/runs/twice";
        ok(cli(s3("replay", recording.toString(), "--out", uri)));
        long frames = TableReader.count(new org.apache.flink.core.fs.Path(uri), ParquetTables.FRAMES);

        Run again = cli(s3("replay", recording.toString(), "--out", uri));
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.err).contains(uri + " already holds a 'frames' table", "--overwrite");

        ok(cli(s3("replay", recording.toString(), "--out", uri, "--overwrite")));
        assertThat(TableReader.count(new org.apache.flink.core.fs.Path(uri), ParquetTables.FRAMES)).isEqualTo(frames).isPositive();
    }

    @Test
    void anUnknownSchemeIsSaidWithTheUriBeforeAnyJob() {
        Run run = cli("replay", recording.toString(), "--out", "gcs://bucket/run");
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err).contains("--out gcs://bucket/run", "Could not find a file system implementation for scheme 'gcs'");
        assertThat(run.out).doesNotContain("Replaying");

        Run live = cli("live", "--out", dir.resolve("live").toString(), "--checkpoints", "gcs://bucket/checkpoints");
        assertThat(live.exit).isEqualTo(1);
        assertThat(live.err).contains("--checkpoints gcs://bucket/checkpoints", "scheme 'gcs'");
    }

    @Test
    void withoutThePluginS3IsRefusedWithWhatToInstall() throws Exception {
        FileSystem.initialize(new Configuration(), null); // as a process without plugins; each command sets them up again
        try {
            assertThat(catchThrowable(
                    () -> OutputFolder.prepare(new org.apache.flink.core.fs.Path("s3://" + BUCKET + "/x"), false)))
                    .hasMessageContaining("--out s3://" + BUCKET + "/x")
                    .hasMessageContaining("plugins/s3-fs-hadoop/")
                    .hasMessageContaining("ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-2.3.0.jar");
        } finally {
            Storage.initialize(Configuration.fromMap(s3Settings()));
        }
    }

    @Test
    void recordingsOnS3AreRefusedWithWhatToDo() {
        Run run = cli(s3("replay", "s3://" + BUCKET + "/recordings", "--out", dir.resolve("never").toString()));
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("recordings are read from local paths or file: URIs, not s3://" + BUCKET + "/recordings");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    /** What points Flink's S3 filesystem at the test's server. */
    private static Map<String, String> s3Settings() {
        return Map.of("s3.endpoint", "http://127.0.0.1:" + s3.getPort(), "s3.path.style.access", "true",
                "s3.access-key", KEY, "s3.secret-key", SECRET);
    }

    /** The command with the settings as -D options, as a user gives them to java -jar. */
    private static String[] s3(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        s3Settings().forEach((k, v) -> all.add("-D" + k + "=" + v));
        return all.toArray(String[]::new);
    }

    private static List<String> keys(String prefix) {
        BlobStore blobs = store.getBlobStore();
        List<String> keys = new ArrayList<>();
        for (StorageMetadata m : blobs.list(BUCKET, ListContainerOptions.Builder.prefix(prefix).recursive())) {
            if (m.getName().endsWith("/")) continue; // a folder marker
            keys.add(m.getName());
        }
        keys.sort(Comparator.naturalOrder());
        return keys;
    }

    private static List<String> rows(org.apache.flink.core.fs.Path out, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : TableReader.rows(out, table)) rows.add(r.toString());
        rows.sort(Comparator.naturalOrder());
        return rows;
    }

    /** Each file of {@code table} by its session folder, as a SHA-256 of its bytes. */
    private static Map<String, String> digests(org.apache.flink.core.fs.Path out, String table) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        for (FileStatus f : TableReader.files(out, table)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = f.getPath().getFileSystem().open(f.getPath())) {
                sha.update(in.readAllBytes());
            }
            assertThat(digests.put(f.getPath().getParent().getName(), HexFormat.of().formatHex(sha.digest()))).isNull();
        }
        return digests;
    }

    /** From the first session heading on: what does not name a folder. */
    private static String lapTable(String printed) {
        return printed.substring(printed.indexOf("\n\nSession "));
    }

    private record Run(int exit, String out, String err) {
    }

    private static String ok(Run run) {
        assertThat(run.exit).as(run.out + run.err).isZero();
        return run.out;
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream wasOut = System.out;
        PrintStream wasErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = TelemetryJobMain.run(args);
        } finally {
            System.setOut(wasOut);
            System.setErr(wasErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
