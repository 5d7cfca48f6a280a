package io.actelemetry.job.source.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.recording.enumerator.BlockSplittingEnumerator;
import io.actelemetry.job.source.recording.order.FrameChunk;
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
                "7",
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

    /** The sequences of the frames read, checking the chunks they came in on the way. */
    private static List<Long> read(BulkFormat.Reader<FrameChunk> reader) throws IOException {
        return read(reader, 0);
    }

    private static List<Long> read(BulkFormat.Reader<FrameChunk> reader, long restoredAt)
            throws IOException {
        List<Long> sequences = new ArrayList<>();
        List<FrameChunk> chunks = chunks(reader, restoredAt);
        for (int i = 0; i < chunks.size(); i++) {
            FrameChunk c = chunks.get(i);
            assertThat(c.last)
                    .as("chunk %d of %d is last", i, chunks.size())
                    .isEqualTo(i == chunks.size() - 1);
            if (!c.last) assertThat(c.frames).hasSize(RecordingFormat.BATCH);
            for (Frame f : c.frames) sequences.add(f.sequence);
        }
        return sequences;
    }

    private static List<FrameChunk> chunks(BulkFormat.Reader<FrameChunk> reader)
            throws IOException {
        return chunks(reader, 0);
    }

    /** The chunks read, each checked to carry the position after it (counted from a restore). */
    private static List<FrameChunk> chunks(BulkFormat.Reader<FrameChunk> reader, long restoredAt)
            throws IOException {
        List<FrameChunk> chunks = new ArrayList<>();
        try (reader) {
            for (var batch = reader.readBatch(); batch != null; batch = reader.readBatch()) {
                for (RecordAndPosition<FrameChunk> r = batch.next(); r != null; r = batch.next()) {
                    assertThat(r.getRecord().split).isEqualTo(7);
                    assertThat(r.getRecordSkipCount()).isEqualTo(restoredAt + chunks.size() + 1);
                    chunks.add(r.getRecord());
                }
                batch.releaseBatch();
            }
        }
        return chunks;
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
            return reader.readBatch().next().getRecord().frames[0];
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
        List<FrameChunk> chunks =
                chunks(new RecordingFormat().createReader(new Configuration(), split(empty, null)));
        assertThat(chunks).singleElement().satisfies(c -> assertThat(c.last).isTrue());
        assertThat(chunks.get(0).frames).isEmpty();
    }

    @Test
    void aRestoredReaderSkipsTheChunksItEmitted() throws IOException {
        Path file = record("a.pb.gz", 1, 1500);
        assertThat(read(restored(file, 2), 2))
                .isEqualTo(range(2 * RecordingFormat.BATCH + 1, 1500));
        // Restored after its last chunk: nothing again, not even an empty last chunk.
        assertThat(chunks(restored(file, 3), 3)).isEmpty();
        Path even = record("even.pb.gz", 1, 2 * RecordingFormat.BATCH);
        assertThat(chunks(restored(even, 2), 2)).isEmpty();
        assertThat(chunks(restored(even, 1), 1))
                .singleElement()
                .satisfies(c -> assertThat(c.last).isTrue());
    }

    private static BulkFormat.Reader<FrameChunk> restored(Path file, long chunks)
            throws IOException {
        return new RecordingFormat()
                .restoreReader(
                        new Configuration(),
                        split(
                                file,
                                new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, chunks)));
    }

    @Test
    void splitsCutWhereBlocksStartReadEveryFrameOnceInOrder() throws IOException {
        Path file = dir.resolve("long.pb.gz");
        try (RecordingWriter w =
                RecordingWriter.open(
                        file,
                        RecordingWriter.Options.defaults()
                                .withBlockBytes(16 * 1024)
                                .withFlushInterval(java.time.Duration.ofHours(1)))) {
            for (long s = 1; s <= 20_000; s++) w.write(Frames.current("s", "", s));
        }
        var path = new org.apache.flink.core.fs.Path(file.toUri());
        List<FileSourceSplit> splits =
                new ArrayList<>(
                        new BlockSplittingEnumerator(Files.size(file) / 6)
                                .enumerateSplits(new org.apache.flink.core.fs.Path[] {path}, 1));
        assertThat(splits).hasSizeBetween(5, 7);
        List<Long> read = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            FileSourceSplit split = splits.get(i);
            assertThat(split.splitId()).isEqualTo(Integer.toString(i));
            if (i > 0)
                assertThat(split.offset())
                        .isEqualTo(splits.get(i - 1).offset() + splits.get(i - 1).length());
            for (FrameChunk c :
                    chunksOf(new RecordingFormat().createReader(new Configuration(), split))) {
                assertThat(c.split).isEqualTo(i);
                for (Frame f : c.frames) read.add(f.sequence);
            }
        }
        assertThat(read).isEqualTo(range(1, 20_000));
    }

    private static List<FrameChunk> chunksOf(BulkFormat.Reader<FrameChunk> reader)
            throws IOException {
        List<FrameChunk> chunks = new ArrayList<>();
        try (reader) {
            for (var batch = reader.readBatch(); batch != null; batch = reader.readBatch()) {
                for (var r = batch.next(); r != null; r = batch.next()) chunks.add(r.getRecord());
            }
        }
        assertThat(chunks).isNotEmpty().last().satisfies(c -> assertThat(c.last).isTrue());
        return chunks;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
