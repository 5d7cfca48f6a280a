package io.actelemetry.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to the compressed bytes of a blocked recording (a bad sector, a half-synced copy, a cut
 * file): every record of a block the damage did not touch is read, in order, and nothing hangs.
 * Bounded fuzz: kinds and positions drawn from a seed named in every failure.
 */
class DamagedBlocksTest {

    private static final int FRAMES = 1_500;
    private static final int BLOCK_BYTES = 32 * 1024;
    private static final int CASES_PER_KIND = 200;
    private static final long ALLOCATION_DIVISOR = 2;
    private static final long ALLOCATION_SLACK = 2 << 20;

    @TempDir Path dir;

    enum Kind {
        FLIPPED_BITS,
        ZEROED_SECTOR,
        INSERTED_BYTES,
        DELETED_BYTES,
        CUT
    }

    /** A gzip member of the file: its compressed range and the records it holds. */
    record Block(int start, int end, int firstRecord, int records) {}

    record Damage(byte[] bytes, int from, int to) {}

    @Test
    void everyRecordOfABlockTheDamageDidNotTouchIsRead() throws IOException {
        long seed = Long.getLong("recording.seed", 16);
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(FRAMES, seed);
        byte[] file = blocked(frames);
        List<Block> blocks = blocks(file, frames);
        assertThat(blocks).hasSizeGreaterThan(20);
        Set<TelemetryFrame> originals = new HashSet<>(frames);
        SplittableRandom random = new SplittableRandom(seed);
        long baseline = warmBaseline(file);
        // A bound that reading one record of the length a prefix may claim would break.
        assertThat(baseline / ALLOCATION_DIVISOR + ALLOCATION_SLACK)
                .isLessThan(RecordingReader.MAX_RECORD_BYTES);
        for (Kind kind : Kind.values()) {
            for (int c = 0; c < CASES_PER_KIND; c++) {
                Damage damage = damage(kind, file, random);
                String name = "seed " + seed + ", " + kind + " case " + c;
                assertTimeoutPreemptively(
                        Duration.ofSeconds(10),
                        () -> check(name, kind, frames, blocks, originals, baseline, damage),
                        name + ": the read did not end");
            }
        }
    }

    /**
     * What reading the intact file allocates, once the reader's code is compiled: damaged
     * compressed data costs frames, and the search for the next block some work, never an
     * allocation in proportion to what damaged bytes claim.
     */
    private static long warmBaseline(byte[] file) throws IOException {
        for (int i = 0; i < 5; i++) Allocations.ofReading(file);
        return Allocations.ofReading(file);
    }

    @Test
    void aFlippedByteInOneBlockCostsThatBlockAloneAndSaysWhere() throws IOException {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(FRAMES, 5);
        byte[] file = blocked(frames);
        List<Block> blocks = blocks(file, frames);
        Block hit = blocks.get(10);
        byte[] damaged = file.clone();
        damaged[(hit.start() + hit.end()) / 2] ^= 0x10;

        List<TelemetryFrame> read = new ArrayList<>();
        try (RecordingReader reader = reader(damaged)) {
            for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) read.add(f);
            List<TelemetryFrame> others = new ArrayList<>(frames);
            others.subList(hit.firstRecord(), hit.firstRecord() + hit.records()).clear();
            assertThat(new HashSet<>(frames).containsAll(read)).isTrue();
            assertThat(read).containsSubsequence(others);
            assertThat(reader.skipped())
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s.toString()).startsWith("damaged.pb.gz: skipped"));
            assertThat(reader.skipped().get(0).compressedOffset()).isEqualTo(hit.start());
            // The damaged block was started too: every member of the file is counted.
            assertThat(reader.blocks()).isEqualTo(blocks.size());
        }
    }

    private static void check(
            String name,
            Kind kind,
            List<TelemetryFrame> frames,
            List<Block> blocks,
            Set<TelemetryFrame> originals,
            long baseline,
            Damage damage)
            throws IOException {
        List<TelemetryFrame> read = new ArrayList<>();
        List<List<RecordingReader.Skip>> skips = new ArrayList<>();
        long allocated =
                Allocations.of(
                        () -> {
                            try (RecordingReader reader = reader(damage.bytes())) {
                                for (TelemetryFrame f = reader.next();
                                        f != null;
                                        f = reader.next()) {
                                    read.add(f);
                                }
                                skips.add(reader.skipped());
                            }
                        });
        name += " (damage at " + damage.from() + ".." + damage.to() + ", " + skips + ")";
        assertThat(allocated)
                .as(name + ": bytes allocated, against " + baseline + " for the intact file")
                .isLessThan(baseline + baseline / ALLOCATION_DIVISOR + ALLOCATION_SLACK);
        List<TelemetryFrame> untouched = new ArrayList<>();
        int touched = 0;
        for (Block b : blocks) {
            boolean hit =
                    kind == Kind.CUT
                            ? b.end() > damage.from()
                            : damage.from() == damage.to()
                                    ? b.start() < damage.from() && damage.from() < b.end()
                                    : b.start() < damage.to() && damage.from() < b.end();
            if (hit) {
                touched += b.records();
            } else {
                untouched.addAll(frames.subList(b.firstRecord(), b.firstRecord() + b.records()));
            }
        }
        List<TelemetryFrame> genuine = new ArrayList<>();
        int invented = 0;
        for (TelemetryFrame f : read) {
            if (originals.contains(f)) genuine.add(f);
            else invented++;
        }
        if (!untouched.isEmpty()) {
            assertThat(genuine).as(name + ": records read").containsSubsequence(untouched);
        }
        assertThat(invented)
                .as(name + ": frames made of damaged bytes")
                .isLessThanOrEqualTo(Math.max(touched, 1));
    }

    private static Damage damage(Kind kind, byte[] file, SplittableRandom random) {
        byte[] bytes = file.clone();
        switch (kind) {
            case FLIPPED_BITS -> {
                int at = random.nextInt(file.length);
                int n = Math.min(random.nextInt(1, 4), file.length - at);
                for (int i = 0; i < n; i++) bytes[at + i] ^= (byte) (1 << random.nextInt(8));
                return new Damage(bytes, at, at + n);
            }
            case ZEROED_SECTOR -> {
                int at = random.nextInt(file.length / 512) * 512;
                int to = Math.min(file.length, at + 512);
                for (int i = at; i < to; i++) bytes[i] = 0;
                return new Damage(bytes, at, to);
            }
            case INSERTED_BYTES -> {
                int at = random.nextInt(file.length);
                byte[] junk = new byte[random.nextInt(1, 200)];
                random.nextBytes(junk);
                return new Damage(GzipBytes.splice(file, at, at, junk), at, at);
            }
            case DELETED_BYTES -> {
                int from = random.nextInt(file.length);
                int to = Math.min(file.length, from + random.nextInt(1, 600));
                return new Damage(GzipBytes.splice(file, from, to, new byte[0]), from, to);
            }
            case CUT -> {
                int at = random.nextInt(file.length);
                return new Damage(
                        GzipBytes.splice(file, at, file.length, new byte[0]), at, file.length);
            }
        }
        throw new AssertionError(kind);
    }

    /** The frames as the writer records them, in blocks ended by size alone. */
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

    /** The file's members, found with the JDK's inflater, and the records in each. */
    static List<Block> blocks(byte[] file, List<TelemetryFrame> frames) {
        List<Block> blocks = new ArrayList<>();
        int record = 0;
        int at = 0;
        while (at < file.length) {
            Inflater inflater = new Inflater(true);
            inflater.setInput(file, at + 10, file.length - at - 10); // the writer's 10-byte header
            long size = 0;
            byte[] out = new byte[64 * 1024];
            try {
                while (!inflater.finished()) size += inflater.inflate(out);
            } catch (DataFormatException e) {
                throw new AssertionError(e);
            }
            int end = file.length - inflater.getRemaining() + 8;
            inflater.end();
            int first = record;
            for (long bytes = 0; bytes < size; record++) {
                int n = frames.get(record).getSerializedSize();
                bytes += com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(n) + n;
            }
            blocks.add(new Block(at, end, first, record - first));
            at = end;
        }
        assertThat(record).isEqualTo(frames.size());
        return blocks;
    }

    private static RecordingReader reader(byte[] gz) {
        return RecordingReader.of(
                new ByteArrayInputStream(gz), "damaged.pb.gz", RecordingReader.OnCorruption.SKIP);
    }
}
