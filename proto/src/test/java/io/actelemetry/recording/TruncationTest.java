package io.actelemetry.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording cut at every byte offset keeps exactly the complete records before the cut. What
 * "complete" means comes from an independent oracle: how many uncompressed bytes the JDK's own
 * GZIPInputStream still gets out of the cut file.
 */
// Every read of damaged input ends: a read that hangs fails the test instead of the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TruncationTest {

    @TempDir Path dir;

    @Test
    void cutAtEveryByteOfAClosedRecordingKeepsEveryCompleteRecord() throws IOException {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(40, 11);
        byte[] file = GzipBytes.gzip(GzipBytes.delimited(frames));
        assertEveryCutKeepsTheCompleteRecords(frames, file, -1);
    }

    @Test
    void cutAtEveryByteOfConcatenatedMembersKeepsEveryCompleteRecord() throws IOException {
        List<TelemetryFrame> first = RecordingRoundTripTest.frames(15, 12);
        List<TelemetryFrame> second = RecordingRoundTripTest.frames(15, 13);
        byte[] member1 = GzipBytes.gzip(GzipBytes.delimited(first));
        byte[] file = GzipBytes.concat(member1, GzipBytes.gzip(GzipBytes.delimited(second)));
        List<TelemetryFrame> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        // A cut exactly between members leaves a whole, shorter recording: nothing to report there.
        assertEveryCutKeepsTheCompleteRecords(all, file, member1.length);
    }

    @Test
    void aKilledOriginalBridgeLeavesAFileThatReplaysUpToWhatReachedTheDisk() throws IOException {
        // The original never flushed: only what the deflater pushed out on its own is in the file.
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(3_000, 14);
        ByteArrayOutputStream disk = new ByteArrayOutputStream();
        GZIPOutputStream gz = new GZIPOutputStream(disk);
        for (TelemetryFrame f : frames) {
            f.writeDelimitedTo(gz);
        }
        byte[] killed = disk.toByteArray(); // never closed: no final block, no trailer
        Path file = Files.write(dir.resolve("telemetry_record.pb.gz"), killed);

        try (RecordingReader reader = RecordingReader.open(file)) {
            List<TelemetryFrame> read = RecordingRoundTripTest.readAll(reader);
            assertThat(read)
                    .hasSize(expectedRecords(frames, killed))
                    .isEqualTo(frames.subList(0, read.size()));
            assertThat(read).isNotEmpty();
            RecordingReader.Truncation t = reader.truncation().orElseThrow();
            assertThat(t.source()).isEqualTo(file.toString());
            assertThat(t.records()).isEqualTo(read.size());
            assertThat(t.compressedOffset()).isEqualTo(killed.length);
            assertThat(t.reason()).contains("no gzip trailer");
            assertThat(t.toString())
                    .contains("truncated after " + read.size() + " complete record(s)");
        }
    }

    @Test
    void truncationIsReportedWhenSomethingElseAlreadyGunzipped() throws IOException {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(200, 15);
        byte[] file = GzipBytes.gzip(GzipBytes.delimited(frames));
        byte[] cut = Arrays.copyOf(file, file.length * 2 / 3);
        int expected = expectedRecords(frames, cut);
        try (RecordingReader reader =
                RecordingReader.ofDecompressed(
                        new GZIPInputStream(new ByteArrayInputStream(cut)),
                        "flink-split",
                        RecordingReader.OnCorruption.FAIL)) {
            assertThat(RecordingRoundTripTest.readAll(reader))
                    .isEqualTo(frames.subList(0, expected));
            assertThat(reader.truncation())
                    .get()
                    .extracting(RecordingReader.Truncation::reason)
                    .asString()
                    .contains("ends early");
        }
    }

    private static void assertEveryCutKeepsTheCompleteRecords(
            List<TelemetryFrame> frames, byte[] file, int memberBoundary) throws IOException {
        for (int cut = 0; cut <= file.length; cut++) {
            byte[] prefix = Arrays.copyOf(file, cut);
            int expected = expectedRecords(frames, prefix);
            try (RecordingReader reader =
                    RecordingReader.of(
                            new ByteArrayInputStream(prefix),
                            "cut@" + cut,
                            RecordingReader.OnCorruption.FAIL)) {
                List<TelemetryFrame> read = RecordingRoundTripTest.readAll(reader);
                assertThat(read)
                        .as("records kept when cut at byte %d of %d", cut, file.length)
                        .isEqualTo(frames.subList(0, expected));
                boolean cutShort = cut > 0 && cut < file.length && cut != memberBoundary;
                assertThat(reader.truncation().isPresent())
                        .as("truncation reported at cut %d", cut)
                        .isEqualTo(cutShort);
            }
        }
    }

    /** Records whose last byte lies within what the JDK can still decompress from {@code gz}. */
    static int expectedRecords(List<TelemetryFrame> frames, byte[] gz) {
        long decodable = GzipBytes.decodablePrefix(gz);
        long end = 0;
        int complete = 0;
        for (TelemetryFrame f : frames) {
            int size = f.getSerializedSize();
            end += com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(size) + size;
            if (end > decodable) {
                break;
            }
            complete++;
        }
        return complete;
    }
}
