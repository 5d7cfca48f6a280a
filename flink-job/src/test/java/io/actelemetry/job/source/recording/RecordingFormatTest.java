package io.actelemetry.job.source.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.recording.reader.RecordingFormat;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFormatTest {

    @TempDir Path dir;

    private Path record(String name, long from, long to) throws IOException {
        Path file = dir.resolve(name);
        try (RecordingWriter w = RecordingWriter.open(file)) {
            for (long s = from; s <= to; s++) w.write(Frames.current("s", "", s));
        }
        return file;
    }

    private static FileSourceSplit split(Path file, CheckpointedPosition position)
            throws IOException {
        long size = Files.size(file);
        return new FileSourceSplit(
                "0",
                new org.apache.flink.core.fs.Path(file.toUri()),
                0,
                size,
                0,
                size,
                new String[0],
                position);
    }

    private static List<Long> read(Path file) throws IOException {
        return read(new RecordingFormat().createReader(new Configuration(), split(file, null)));
    }

    private static List<Long> read(BulkFormat.Reader<Frame> reader) throws IOException {
        List<Long> sequences = new ArrayList<>();
        try (reader) {
            for (var batch = reader.readBatch(); batch != null; batch = reader.readBatch()) {
                for (RecordAndPosition<Frame> r = batch.next(); r != null; r = batch.next())
                    sequences.add(r.getRecord().sequence);
                batch.releaseBatch();
            }
        }
        return sequences;
    }

    private static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long s = from; s <= to; s++) l.add(s);
        return l;
    }

    @Test
    void readsEveryFrameWithItsBytes() throws IOException {
        Path file = record("a.pb.gz", 1, 2000);
        assertThat(read(file)).isEqualTo(range(1, 2000));
        Frame first = read1(file);
        assertThat(TelemetryFrame.parseFrom(first.raw)).isEqualTo(Frames.current("s", "", 1));
    }

    private static Frame read1(Path file) throws IOException {
        try (var reader =
                new RecordingFormat().createReader(new Configuration(), split(file, null))) {
            return reader.readBatch().next().getRecord();
        }
    }

    @Test
    void aTruncatedTailKeepsEveryCompleteFrame() throws IOException {
        Path file = record("cut.pb.gz", 1, 3000);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 40)); // killed mid-write
        List<Long> read = read(file);
        assertThat(read).isNotEmpty().isEqualTo(range(1, read.size()));
        assertThat(read.size()).isLessThan(3000);
    }

    @Test
    void concatenatedRecordingsAreReadWhole() throws IOException {
        byte[] a = Files.readAllBytes(record("a.pb.gz", 1, 500));
        byte[] b = Files.readAllBytes(record("b.pb.gz", 501, 900));
        Path both = dir.resolve("both.pb.gz");
        Files.write(both, concat(a, b));
        assertThat(read(both)).isEqualTo(range(1, 900));
    }

    @Test
    void damageInTheMiddleIsSkippedAndTheRestKept() throws IOException {
        byte[] a = Files.readAllBytes(record("a.pb.gz", 1, 500));
        byte[] b = Files.readAllBytes(record("b.pb.gz", 501, 900));
        byte[] c = Files.readAllBytes(record("c.pb.gz", 901, 1200));
        for (int i = b.length / 2; i < b.length / 2 + 16; i++) b[i] ^= (byte) 0x5a;
        Path damaged = dir.resolve("damaged.pb.gz");
        Files.write(damaged, concat(concat(a, b), c));

        List<Long> read = read(damaged);
        assertThat(read)
                .containsAll(range(1, 500))
                .containsAll(range(901, 1200))
                .doesNotHaveDuplicates();
    }

    @Test
    void aFileThatIsNotARecordingEndsItsSplitQuietly() throws IOException {
        Path junk = dir.resolve("junk.pb.gz");
        Files.writeString(junk, "this is not gzip at all\n".repeat(100));
        assertThat(read(junk)).isEmpty();
        Path empty = Files.createFile(dir.resolve("empty.pb.gz"));
        assertThat(read(empty)).isEmpty();
    }

    @Test
    void aRestoredReaderSkipsWhatWasEmitted() throws IOException {
        Path file = record("a.pb.gz", 1, 1500);
        var reader =
                new RecordingFormat()
                        .restoreReader(
                                new Configuration(),
                                split(
                                        file,
                                        new CheckpointedPosition(
                                                CheckpointedPosition.NO_OFFSET, 1000)));
        assertThat(read(reader)).isEqualTo(range(1001, 1500));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
