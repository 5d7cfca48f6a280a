package io.actelemetry.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blocked recording stays plain gzip: tools that know nothing of blocks read it whole, as one
 * stream. The original project's converter reads recordings with Python's {@code gzip.open} and
 * varint framing; the command line's {@code gzip -dc} is what people reach for. Both tools are
 * required (CI installs them): a missing one fails the test by name rather than skipping it.
 */
class PlainGzipReadersTest {

    private static final int FRAMES = 4_000;

    /** The varint walk of the original converter; prints records, bytes and their sha256. */
    private static final String PYTHON =
            String.join(
                    "\n",
                    "import gzip, hashlib, sys",
                    "with gzip.open(sys.argv[1], 'rb') as f:",
                    "    data = f.read()",
                    "pos = records = 0",
                    "while pos < len(data):",
                    "    length = shift = 0",
                    "    while True:",
                    "        b = data[pos]; pos += 1",
                    "        length |= (b & 0x7f) << shift; shift += 7",
                    "        if not b & 0x80: break",
                    "    pos += length; records += 1",
                    "if pos != len(data): sys.exit('last record cut off at %d' % pos)",
                    "print(records, len(data), hashlib.sha256(data).hexdigest())");

    @TempDir Path dir;

    private List<TelemetryFrame> written;
    private Path file;

    /** What our reader reads, re-framed as the original bridge frames records. */
    private byte[] framed;

    @BeforeEach
    void blockedRecording() throws IOException {
        written = RecordingRoundTripTest.frames(FRAMES, 11);
        file = dir.resolve("blocked.pb.gz");
        // Small blocks and a clock that stands still: many members, ended by size.
        try (RecordingWriter writer =
                RecordingWriter.open(
                        file,
                        RecordingWriter.Options.defaults().withBlockBytes(64 * 1024),
                        () -> 0L)) {
            for (TelemetryFrame f : written) writer.write(f);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) {
                f.writeDelimitedTo(out);
            }
            assertThat(reader.recordsRead()).isEqualTo(FRAMES);
            assertThat(reader.blocks())
                    .as("a recording of many blocks")
                    .isGreaterThan(10)
                    .isEqualTo(DamagedBlocksTest.blocks(Files.readAllBytes(file), written).size());
        }
        framed = out.toByteArray();
        try (InputStream jdk = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(jdk.readAllBytes()).as("the JDK's GZIPInputStream").isEqualTo(framed);
        }
    }

    @Test
    void gzipTheCommandReadsEveryBlockAsOneStream() throws Exception {
        Run gzip = run("gzip", "-dc", file.toString());
        assertThat(gzip.exit()).as("gzip -dc exit; stderr: %s", gzip.err()).isZero();
        assertThat(gzip.err()).as("gzip -dc stderr").isEmpty();
        // Byte for byte, so assert on sizes and digests: a failure message stays readable.
        assertThat(gzip.out().length).as("bytes from gzip -dc").isEqualTo(framed.length);
        assertThat(sha256(gzip.out())).as("sha256 of gzip -dc output").isEqualTo(sha256(framed));
    }

    @Test
    void pythonsGzipModuleReadsEveryRecordAsTheOriginalConverterDoes() throws Exception {
        Run python = run("python3", "-c", PYTHON, file.toString());
        assertThat(python.exit()).as("python3 exit; stderr: %s", python.err()).isZero();
        String out = new String(python.out(), StandardCharsets.US_ASCII).strip();
        assertThat(out)
                .as("records, bytes and sha256 as python3's gzip module reads them")
                .isEqualTo(FRAMES + " " + framed.length + " " + sha256(framed));
    }

    private record Run(int exit, byte[] out, String err) {}

    private Run run(String tool, String... args) throws IOException, InterruptedException {
        requireOnPath(tool);
        List<String> command = new java.util.ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Path err = dir.resolve(tool + ".err");
        Process process =
                new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectError(err.toFile())
                        .start();
        // stdout is read to its end before waiting, so a full pipe never blocks the tool.
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(tool + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), out, Files.readString(err));
    }

    /** Fails, naming the tool, when it is missing: a skipped check would pass unnoticed. */
    private static void requireOnPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return;
            }
        }
        fail(
                "'"
                        + tool
                        + "' is not on PATH ("
                        + path
                        + "): this test reads a recording with it; install it (.ci/run does)");
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
