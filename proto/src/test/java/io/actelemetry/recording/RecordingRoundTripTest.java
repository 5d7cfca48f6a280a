package io.actelemetry.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingRoundTripTest {

    @TempDir Path dir;

    @Test
    void framesComeBackEqualAndInOrder() throws IOException {
        List<TelemetryFrame> written = frames(5_000, 1);
        Path file = dir.resolve("session.pb.gz");
        try (RecordingWriter writer = RecordingWriter.open(file)) {
            for (TelemetryFrame f : written) {
                writer.write(f);
            }
            assertThat(writer.framesWritten()).isEqualTo(5_000);
        }
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).isEqualTo(written);
            assertThat(reader.truncation()).isEmpty();
            assertThat(reader.skipped()).isEmpty();
            assertThat(reader.recordsRead()).isEqualTo(5_000);
        }
    }

    @Test
    void aDecoderOfTheCallersOwnGetsEachRecordsSerializedForm() throws IOException {
        List<TelemetryFrame> written = frames(3_000, 2);
        Path file = recorded("raw.pb.gz", written);
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (TelemetryFrame expected : written) {
                assertThat(
                                reader.<byte[]>next(
                                        (buf, offset, length) ->
                                                Arrays.copyOfRange(buf, offset, offset + length)))
                        .isEqualTo(expected.toByteArray());
            }
            assertThat(reader.<byte[]>next((buf, offset, length) -> buf)).isNull();
            assertThat(reader.recordsRead()).isEqualTo(written.size());
        }
    }

    @Test
    void aRecordTheDecoderRefusesIsDamageNamedWithItsRecordAndOffset() throws IOException {
        List<TelemetryFrame> written = frames(500, 3);
        Path file = recorded("refused.pb.gz", written);
        RecordingReader.RecordDecoder<TelemetryFrame> refuses301 =
                (buf, offset, length) -> {
                    TelemetryFrame f = TelemetryFrame.parser().parseFrom(buf, offset, length);
                    if (f.getSequence() == written.get(300).getSequence())
                        throw new InvalidProtocolBufferException("not this one");
                    return f;
                };
        try (RecordingReader reader =
                RecordingReader.open(file, RecordingReader.OnCorruption.FAIL)) {
            for (int i = 0; i < 300; i++)
                assertThat(reader.next(refuses301)).isEqualTo(written.get(i));
            assertThatThrownBy(() -> reader.next(refuses301))
                    .isInstanceOf(CorruptRecordingException.class)
                    .hasMessageContaining("record 301")
                    .hasMessageContaining("not this one");
        }
        try (RecordingReader reader =
                RecordingReader.open(file, RecordingReader.OnCorruption.SKIP)) {
            int read = 0;
            while (reader.next(refuses301) != null) read++;
            assertThat(read).isEqualTo(499); // its length prefix is sound: it costs itself alone
            assertThat(reader.skipped())
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(s.toString()).contains("record 301");
                                assertThat(s.bytesSkipped())
                                        .isEqualTo(
                                                CodedOutputStream.computeUInt32SizeNoTag(
                                                                written.get(300)
                                                                        .getSerializedSize())
                                                        + written.get(300).getSerializedSize());
                            });
        }
    }

    @Test
    void serializedFramesAreRecordedExactlyAsFramesAre() throws IOException {
        List<TelemetryFrame> written = frames(2_000, 3);
        Path asFrames = dir.resolve("frames.pb.gz");
        Path asBytes = dir.resolve("bytes.pb.gz");
        RecordingWriter.Options rotating =
                RecordingWriter.Options.defaults().withRotation(100_000, Duration.ZERO);
        List<Path> parts;
        try (RecordingWriter frames = RecordingWriter.open(asFrames, rotating);
                RecordingWriter bytes = RecordingWriter.open(asBytes, rotating)) {
            for (int i = 0; i < written.size(); i++) {
                TelemetryFrame f = written.get(i);
                frames.write(f);
                if (i % 2 == 0) {
                    bytes.writeSerialized(f.toByteArray());
                } else {
                    bytes.write(f); // the two kinds mix in one file
                }
            }
            assertThat(bytes.framesWritten()).isEqualTo(2_000);
            assertThat(bytes.files()).hasSameSizeAs(frames.files()).hasSizeGreaterThan(1);
            parts = bytes.files();
        }
        List<TelemetryFrame> read = new ArrayList<>();
        for (Path part : parts) {
            try (RecordingReader reader = RecordingReader.open(part)) {
                read.addAll(readAll(reader));
                assertThat(reader.truncation()).isEmpty();
            }
        }
        assertThat(read).isEqualTo(written);
    }

    @Test
    void emptyFileIsAnEmptyRecording() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.pb.gz"));
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(reader.next()).isNull();
            assertThat(reader.truncation()).isEmpty();
        }
    }

    @Test
    void flushedFramesAreReadableWhileTheWriterIsStillOpen() throws IOException {
        AtomicLong now = new AtomicLong();
        Path file = dir.resolve("live.pb.gz");
        List<TelemetryFrame> written = frames(700, 2);
        RecordingWriter writer =
                RecordingWriter.open(
                        file,
                        RecordingWriter.Options.defaults().withFlushInterval(Duration.ofSeconds(1)),
                        now::get);
        for (int i = 0; i < written.size(); i++) {
            now.set(i * 3_000_000L); // 333 Hz: 700 frames span 2.1 s, so at least two flushes
            // happen
            writer.write(written.get(i));
        }
        // The process "dies" here: no close. Everything up to the last flush must be readable.
        try (RecordingReader reader = RecordingReader.open(file)) {
            List<TelemetryFrame> read = readAll(reader);
            assertThat(read)
                    .hasSizeGreaterThanOrEqualTo(667)
                    .isEqualTo(written.subList(0, read.size()));
            // A flush ends a block: what reached the disk is whole gzip members.
            assertThat(reader.truncation()).isEmpty();
        }
        now.addAndGet(1_000_000_000L);
        writer.flushIfDue(); // an idle writer still flushes what it holds
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).isEqualTo(written);
        }
        writer.close();
    }

    @Test
    void theFlushIntervalCountsFromTheOldestUnflushedFrameNotFromTheLastFlush() throws IOException {
        AtomicLong now = new AtomicLong();
        Path file = dir.resolve("bursts.pb.gz");
        List<TelemetryFrame> written =
                frames(21, 4); // fewer than fill the writer's buffers: only a flush writes them
        RecordingWriter writer =
                RecordingWriter.open(
                        file,
                        RecordingWriter.Options.defaults().withFlushInterval(Duration.ofSeconds(1)),
                        now::get);
        writer.write(written.get(0));
        writer.flush();
        // A quiet spell, then a burst (the bridge's recorder writes a second's frames at once).
        now.set(1_500_000_000L);
        for (TelemetryFrame frame : written.subList(1, 21)) {
            writer.write(frame);
        }
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader))
                    .as("nothing flushed in the middle of the burst")
                    .containsExactly(written.get(0));
        }
        now.addAndGet(999_000_000L);
        writer.flushIfDue();
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).hasSize(1);
        }
        now.addAndGet(1_000_000L);
        writer.flushIfDue(); // the burst's first frame has now waited the interval
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).isEqualTo(written);
        }
        writer.close();
    }

    @Test
    void rotatesBySizeIntoNumberedPartsThatReadBackInOrder() throws IOException {
        List<TelemetryFrame> written = frames(20_000, 3);
        Path file = dir.resolve("rec").resolve("session.pb.gz");
        List<Path> parts;
        try (RecordingWriter writer =
                RecordingWriter.open(
                        file,
                        RecordingWriter.Options.defaults().withRotation(100_000, Duration.ZERO))) {
            for (TelemetryFrame f : written) {
                writer.write(f);
            }
            parts = writer.files();
        }
        assertThat(parts).hasSizeGreaterThan(2);
        assertThat(parts.get(0).getFileName()).hasToString("session-0001.pb.gz");
        assertThat(RecordingFiles.list(dir.resolve("rec"))).isEqualTo(parts);
        List<TelemetryFrame> read = new ArrayList<>();
        for (Path part : RecordingFiles.list(dir.resolve("rec"))) {
            try (RecordingReader reader = RecordingReader.open(part)) {
                read.addAll(readAll(reader));
                assertThat(reader.truncation()).isEmpty();
            }
        }
        assertThat(read).isEqualTo(written);
    }

    @Test
    void rotatesByAge() throws IOException {
        AtomicLong now = new AtomicLong();
        Path file = dir.resolve("aged.pb.gz");
        try (RecordingWriter writer =
                RecordingWriter.open(
                        file,
                        RecordingWriter.Options.defaults().withRotation(0, Duration.ofMinutes(1)),
                        now::get)) {
            SyntheticFrames frames = new SyntheticFrames(4);
            for (int i = 0; i < 100; i++) {
                now.set(i * Duration.ofSeconds(2).toNanos()); // 200 s of frames
                writer.write(frames.next());
            }
            assertThat(writer.files()).hasSize(4);
        }
    }

    @Test
    void appendingAddsAGzipMemberAndKeepsWhatWasThere() throws IOException {
        List<TelemetryFrame> first = frames(300, 5);
        List<TelemetryFrame> second = frames(300, 6);
        Path file = recorded("appended.pb.gz", first);
        try (RecordingWriter writer =
                RecordingWriter.open(file, RecordingWriter.Options.defaults().withAppend(true))) {
            for (TelemetryFrame f : second) {
                writer.write(f);
            }
        }
        List<TelemetryFrame> all = new ArrayList<>(first);
        all.addAll(second);
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).isEqualTo(all);
        }
    }

    @Test
    void blocksIsTheNumberOfGzipMembersTheJdkFindsInTheFile() throws IOException {
        List<TelemetryFrame> written = frames(3_000, 7);
        Path file = dir.resolve("blocked.pb.gz");
        // A clock that stands still: blocks end by size alone.
        try (RecordingWriter writer =
                RecordingWriter.open(
                        file,
                        RecordingWriter.Options.defaults().withBlockBytes(64 * 1024),
                        () -> 0L)) {
            for (TelemetryFrame f : written) writer.write(f);
        }
        byte[] bytes = Files.readAllBytes(file);
        int members = DamagedBlocksTest.blocks(bytes, written).size();
        assertThat(members).isGreaterThan(5);
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(reader.blocks()).isZero();
            assertThat(readAll(reader)).isEqualTo(written);
            assertThat(reader.blocks()).isEqualTo(members);
        }
        // Bytes after the last member that are no gzip header start no block.
        byte[] trailed = GzipBytes.concat(bytes, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        try (RecordingReader reader =
                RecordingReader.of(
                        new java.io.ByteArrayInputStream(trailed),
                        "trailed.pb.gz",
                        RecordingReader.OnCorruption.SKIP)) {
            assertThat(readAll(reader)).isEqualTo(written);
            assertThat(reader.skipped()).hasSize(1);
            assertThat(reader.blocks()).isEqualTo(members);
        }
        // The original bridge's file is one member; a stream gunzipped elsewhere has none to count.
        byte[] original = GzipBytes.gzip(GzipBytes.delimited(written));
        try (RecordingReader reader =
                RecordingReader.of(
                        new java.io.ByteArrayInputStream(original),
                        "original.pb.gz",
                        RecordingReader.OnCorruption.FAIL)) {
            assertThat(readAll(reader)).hasSize(written.size());
            assertThat(reader.blocks()).isEqualTo(1);
        }
        try (RecordingReader reader =
                RecordingReader.ofDecompressed(
                        new java.util.zip.GZIPInputStream(Files.newInputStream(file)),
                        "gunzipped",
                        RecordingReader.OnCorruption.FAIL)) {
            assertThat(readAll(reader)).isEqualTo(written);
            assertThat(reader.blocks()).isEqualTo(-1);
        }
    }

    /** {@code frames} written to a new recording {@code name}. */
    private Path recorded(String name, List<TelemetryFrame> frames) throws IOException {
        Path file = dir.resolve(name);
        try (RecordingWriter writer = RecordingWriter.open(file)) {
            for (TelemetryFrame f : frames) writer.write(f);
        }
        return file;
    }

    static List<TelemetryFrame> frames(int n, long seed) {
        SyntheticFrames source = new SyntheticFrames(seed);
        List<TelemetryFrame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(source.next());
        }
        return frames;
    }

    static List<TelemetryFrame> readAll(RecordingReader reader) throws IOException {
        List<TelemetryFrame> frames = new ArrayList<>();
        for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) {
            frames.add(f);
        }
        return frames;
    }
}
