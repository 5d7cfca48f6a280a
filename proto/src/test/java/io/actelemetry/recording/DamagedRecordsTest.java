package io.actelemetry.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Damage inside intact gzip data (what a bad sector or a half-synced copy does to the records of a
 * recording, or a producer with a framing bug): whatever the damage, every record whose bytes it
 * did not touch is read, in order, and the skip is reported. Bounded fuzz: kinds and positions
 * drawn from a seed named in every failure.
 */
class DamagedRecordsTest {

    private static final int FRAMES = 300;
    private static final int CASES_PER_KIND = 200;
    private static final long ALLOCATION_FACTOR = 2;
    private static final long ALLOCATION_SLACK = 2 << 20;

    enum Kind {
        FLIPPED_BITS,
        BROKEN_BODY,
        BOGUS_PREFIX,
        INSERTED_BYTES,
        DELETED_BYTES,
        CUT
    }

    /** The stream after damage and the stretch [from, to) of the original it changed. */
    record Damage(byte[] bytes, int from, int to) {}

    @Test
    void everyRecordTheDamageDidNotTouchIsRead() throws IOException {
        long seed = Long.getLong("recording.seed", 16);
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(FRAMES, seed);
        byte[] plain = GzipBytes.delimited(frames);
        int[] starts = recordStarts(frames);
        Set<TelemetryFrame> originals = new HashSet<>(frames);
        SplittableRandom random = new SplittableRandom(seed);
        long baseline = warmBaseline(plain);
        // A bound that reading one record of the length a prefix may claim would break.
        assertThat(ALLOCATION_FACTOR * baseline + ALLOCATION_SLACK)
                .isLessThan(RecordingReader.MAX_RECORD_BYTES);
        for (Kind kind : Kind.values()) {
            for (int c = 0; c < CASES_PER_KIND; c++) {
                Damage damage = damage(kind, plain, starts, random);
                String name = "seed " + seed + ", " + kind + " case " + c;
                assertTimeoutPreemptively(
                        Duration.ofSeconds(10),
                        () -> check(name, frames, starts, originals, baseline, damage),
                        name + ": the read did not end");
            }
        }
    }

    /**
     * What reading the intact stream allocates, once the reader's code is compiled: damage may cost
     * the resync some work, never an allocation in proportion to what a prefix claims.
     */
    private static long warmBaseline(byte[] plain) throws IOException {
        byte[] gz = GzipBytes.gzip(plain);
        for (int i = 0; i < 5; i++) Allocations.ofReading(gz);
        return Allocations.ofReading(gz);
    }

    @Test
    void aBrokenLengthPrefixCostsTheBytesUpToTheNextRecordAndSaysSo() throws IOException {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(50, 7);
        byte[] plain = GzipBytes.delimited(frames);
        int[] starts = recordStarts(frames);
        byte[] damaged = plain.clone();
        damaged[starts[20]] = (byte) 0x7f; // a one-byte prefix now, 127 bytes long: mid-record
        damaged[starts[20] + 1] = (byte) 0x01;

        List<TelemetryFrame> read = new ArrayList<>();
        try (RecordingReader reader = reader(GzipBytes.gzip(damaged))) {
            for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) read.add(f);
            List<TelemetryFrame> expected = new ArrayList<>(frames);
            expected.remove(20);
            assertThat(read).isEqualTo(expected);
            assertThat(reader.skipped())
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(s.uncompressedOffset()).isEqualTo(starts[20]);
                                assertThat(s.bytesSkipped()).isEqualTo(starts[21] - starts[20]);
                                assertThat(s.recordsBefore()).isEqualTo(20);
                                assertThat(s.toString())
                                        .startsWith(
                                                "damaged.pb.gz: skipped "
                                                        + (starts[21] - starts[20])
                                                        + " byte(s) of broken records at"
                                                        + " uncompressed byte "
                                                        + starts[20]);
                            });
        }
    }

    @Test
    void framesOfANewerContractWithATopLevelFieldThisOneLacksAreAllRead() throws IOException {
        List<TelemetryFrame> frames = new ArrayList<>();
        for (TelemetryFrame f : RecordingRoundTripTest.frames(40, 9)) {
            frames.add(
                    f.toBuilder()
                            .setUnknownFields(
                                    UnknownFieldSet.newBuilder()
                                            .addField(
                                                    40,
                                                    UnknownFieldSet.Field.newBuilder()
                                                            .addLengthDelimited(
                                                                    ByteString.copyFromUtf8(
                                                                            "rig-7"))
                                                            .build())
                                            .build())
                            .build());
        }
        try (RecordingReader reader = reader(GzipBytes.gzip(GzipBytes.delimited(frames)))) {
            assertThat(RecordingRoundTripTest.readAll(reader)).isEqualTo(frames);
            assertThat(reader.skipped()).isEmpty();
        }
    }

    private static void check(
            String name,
            List<TelemetryFrame> frames,
            int[] starts,
            Set<TelemetryFrame> originals,
            long baseline,
            Damage damage)
            throws IOException {
        List<TelemetryFrame> read = new ArrayList<>();
        List<List<RecordingReader.Skip>> skips = new ArrayList<>();
        byte[] gz = GzipBytes.gzip(damage.bytes());
        long allocated =
                Allocations.of(
                        () -> {
                            try (RecordingReader reader = reader(gz)) {
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
                .as(name + ": bytes allocated, against " + baseline + " for the intact stream")
                .isLessThan(ALLOCATION_FACTOR * baseline + ALLOCATION_SLACK);
        List<TelemetryFrame> untouched = new ArrayList<>();
        int touched = 0;
        for (int i = 0; i < frames.size(); i++) {
            int end = i + 1 < starts.length ? starts[i + 1] : Integer.MAX_VALUE;
            boolean outside =
                    damage.from() == damage.to()
                            ? end <= damage.from() || starts[i] >= damage.from()
                            : end <= damage.from() || starts[i] >= damage.to();
            if (outside) untouched.add(frames.get(i));
            else touched++;
        }
        List<TelemetryFrame> genuine = new ArrayList<>();
        int invented = 0;
        for (TelemetryFrame f : read) {
            if (originals.contains(f)) genuine.add(f);
            else invented++;
        }
        assertThat(genuine).as(name + ": records read").containsSubsequence(untouched);
        assertThat(genuine.size()).as(name + ": records read").isLessThanOrEqualTo(frames.size());
        assertThat(invented)
                .as(name + ": frames made of damaged bytes")
                .isLessThanOrEqualTo(Math.max(touched, 1));
    }

    private static Damage damage(Kind kind, byte[] plain, int[] starts, SplittableRandom random) {
        int record = random.nextInt(starts.length);
        int start = starts[record];
        int end = record + 1 < starts.length ? starts[record + 1] : plain.length;
        byte[] bytes = plain.clone();
        switch (kind) {
            case FLIPPED_BITS -> {
                int at = random.nextInt(plain.length);
                int n = random.nextInt(1, 4);
                for (int i = 0; i < n && at + i < bytes.length; i++) {
                    bytes[at + i] ^= (byte) (1 << random.nextInt(8));
                }
                return new Damage(bytes, at, Math.min(at + n, bytes.length));
            }
            case BROKEN_BODY -> {
                int body = start + 2;
                int from = random.nextInt(body, end);
                int to = Math.min(end, from + random.nextInt(1, 64));
                for (int i = from; i < to; i++) bytes[i] = (byte) random.nextInt(256);
                return new Damage(bytes, from, to);
            }
            case BOGUS_PREFIX -> {
                // A prefix of one to three bytes, whatever its value.
                int n = random.nextInt(1, 4);
                for (int i = 0; i < n; i++) bytes[start + i] = (byte) random.nextInt(256);
                return new Damage(bytes, start, start + n);
            }
            case INSERTED_BYTES -> {
                int at = random.nextBoolean() ? start : random.nextInt(plain.length);
                byte[] junk = new byte[random.nextInt(1, 200)];
                random.nextBytes(junk);
                return new Damage(GzipBytes.splice(plain, at, at, junk), at, at);
            }
            case DELETED_BYTES -> {
                int from = random.nextInt(plain.length);
                int to = Math.min(plain.length, from + random.nextInt(1, 600));
                return new Damage(GzipBytes.splice(plain, from, to, new byte[0]), from, to);
            }
            case CUT -> {
                // The records' stream ends early inside intact gzip: a producer that stopped.
                int at = random.nextInt(plain.length);
                return new Damage(
                        GzipBytes.splice(plain, at, plain.length, new byte[0]), at, plain.length);
            }
        }
        throw new AssertionError(kind);
    }

    private static int[] recordStarts(List<TelemetryFrame> frames) {
        int[] starts = new int[frames.size()];
        int at = 0;
        for (int i = 0; i < frames.size(); i++) {
            starts[i] = at;
            int size = frames.get(i).getSerializedSize();
            at += com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        return starts;
    }

    private static RecordingReader reader(byte[] gz) {
        return RecordingReader.of(
                new ByteArrayInputStream(gz), "damaged.pb.gz", RecordingReader.OnCorruption.SKIP);
    }
}
