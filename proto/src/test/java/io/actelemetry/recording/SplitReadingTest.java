package io.actelemetry.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording read as several splits, cut where {@link BlockStarts} finds a block, reads exactly
 * what it reads whole: every frame once, in order, and the same damage reported, wherever the cuts
 * fall and whatever the damage.
 */
class SplitReadingTest {

    private static final int BLOCK_BYTES = 32 * 1024;

    @TempDir Path dir;

    record Read(List<TelemetryFrame> frames, List<Long> skippedAt) {}

    @Test
    void splitsCutAtBlockStartsReadEveryFrameOnceInOrder() throws IOException {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(1_500, 7);
        byte[] file = blocked(frames);
        for (int splits : new int[] {2, 3, 7, 40}) {
            Read read = readSplit(file, cuts(file, splits));
            assertThat(read.frames()).as("%d splits", splits).isEqualTo(frames);
            assertThat(read.skippedAt()).isEmpty();
        }
    }

    @Test
    void aCutFindsTheNextBlockNotBytesThatLookLikeAHeader() throws IOException {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(1_500, 7);
        byte[] file = blocked(frames);
        List<Long> starts = new ArrayList<>();
        for (long at = 0; at >= 0; ) {
            at = BlockStarts.first(opener(file), at, file.length);
            if (at >= 0) starts.add(at++);
        }
        assertThat(starts)
                .hasSizeGreaterThan(20)
                .isEqualTo(
                        DamagedBlocksTest.blocks(file, frames).stream()
                                .map(b -> (long) b.start())
                                .toList());
    }

    @Test
    void aRecordingInOneMemberHasNoBlockStartButItsFirst() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(1_500, 7);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (TelemetryFrame f : frames) f.writeDelimitedTo(gz);
        }
        byte[] file = bytes.toByteArray();
        assertThat(BlockStarts.first(opener(file), 0, file.length)).isZero();
        assertThat(BlockStarts.first(opener(file), 1, file.length)).isEqualTo(-1);
        assertThat(readSplit(file, cuts(file, 5)).frames()).isEqualTo(frames);
    }

    @Test
    void damagedFilesReadAsSplitsGiveWhatTheyGiveWhole() throws IOException {
        long seed = Long.getLong("recording.seed", 16);
        byte[] file = blocked(RecordingRoundTripTest.frames(1_500, seed));
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < 60; c++) {
            byte[] damaged = file.clone();
            int at = random.nextInt(damaged.length);
            int n = 1 + random.nextInt(c % 3 == 0 ? 2_000 : 8);
            for (int i = at; i < Math.min(damaged.length, at + n); i++)
                damaged[i] = (byte) random.nextInt(256);
            if (c % 5 == 0) damaged = java.util.Arrays.copyOf(damaged, at + 1); // cut as well
            Read whole = readSplit(damaged, List.of(0L, (long) damaged.length));
            Read split = readSplit(damaged, cuts(damaged, 2 + random.nextInt(9)));
            assertThat(split)
                    .as("seed %d case %d: %d byte(s) at %d", seed, c, n, at)
                    .isEqualTo(whole);
        }
    }

    /** Cut offsets: 0, the block start found after each of {@code n} even targets, the end. */
    private static List<Long> cuts(byte[] file, int n) throws IOException {
        List<Long> cuts = new ArrayList<>(List.of(0L));
        long step = file.length / n;
        for (int i = 1; i < n; i++) {
            long target = Math.max(i * step, cuts.get(cuts.size() - 1) + 1);
            long start = BlockStarts.first(opener(file), target, file.length);
            if (start > 0) cuts.add(start);
        }
        cuts.add((long) file.length);
        return cuts.stream().distinct().toList();
    }

    private static Read readSplit(byte[] file, List<Long> cuts) throws IOException {
        List<TelemetryFrame> frames = new ArrayList<>();
        List<Long> skippedAt = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            long start = cuts.get(i);
            try (RecordingReader r =
                    RecordingReader.of(
                            opener(file).openAt(start),
                            "test",
                            RecordingReader.OnCorruption.SKIP,
                            start,
                            cuts.get(i + 1))) {
                frames.addAll(RecordingRoundTripTest.readAll(r));
                for (RecordingReader.Skip s : r.skipped()) skippedAt.add(s.compressedOffset());
            }
        }
        return new Read(frames, skippedAt);
    }

    private static BlockStarts.Opener opener(byte[] file) {
        return offset -> new ByteArrayInputStream(file, (int) offset, file.length - (int) offset);
    }

    private byte[] blocked(List<TelemetryFrame> frames) throws IOException {
        Path path = dir.resolve("blocked.pb.gz");
        try (RecordingWriter writer =
                RecordingWriter.open(
                        path,
                        RecordingWriter.Options.defaults().withBlockBytes(BLOCK_BYTES),
                        () -> 0L)) {
            for (TelemetryFrame f : frames) writer.write(f);
        }
        return Files.readAllBytes(path);
    }
}
