package io.actelemetry.recording;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * What each kind of damage costs a realistic recording, not a test: the figures in docs/formats.md,
 * with the command that runs it. Arguments, all optional: frames, positions a kind, seed.
 *
 * <p>Simulated frames at 333 Hz are written twice by {@link RecordingWriter} at its defaults: in
 * blocks of a second, as the bridge records now, and as one gzip member, as the original bridge
 * did. Each kind of damage is applied at many random positions, one position per copy, and the copy
 * read in SKIP mode; for each kind it prints the frames kept (median and worst of the copies) and
 * the bytes skipped (median).
 */
public final class DamageFigures {

    private static final long STEP_NS = 3_000_000L;

    enum Kind {
        FLIPPED_BIT("a flipped bit in the compressed data", false),
        ZEROED_SECTOR("a 512-byte sector of zeros", false),
        INSERTED_COMPRESSED("1-199 bytes inserted into the compressed data", false),
        DELETED_COMPRESSED("1-599 bytes of compressed data deleted", false),
        CUT("the file cut short", false),
        BROKEN_BODY("a record's body broken (1-63 random bytes), gzip intact", true),
        BOGUS_PREFIX("a record's length prefix replaced by 1-3 random bytes", true),
        INSERTED_RECORDS("1-199 bytes inserted among the records", true),
        DELETED_RECORDS("1-599 bytes of records deleted", true);

        final String text;
        final boolean inRecords;

        Kind(String text, boolean inRecords) {
            this.text = text;
            this.inRecords = inRecords;
        }
    }

    /** A recording, its gzip members and the records' bytes in each. */
    record Recording(
            String name, byte[] file, List<DamagedBlocksTest.Block> blocks, byte[][] plain) {}

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3_890;
        int cases = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(count, seed);
        Set<TelemetryFrame> originals = new HashSet<>(frames);

        Recording blocked = recording("blocked", frames, RecordingWriter.Options.defaults());
        Recording oneMember =
                recording(
                        "one member",
                        frames,
                        RecordingWriter.Options.defaults()
                                .withBlockBytes(Integer.MAX_VALUE)
                                .withFlushInterval(Duration.ofDays(365)));
        System.out.printf(
                "%,d frames at 333 Hz, seed %d, %d positions a kind%n"
                        + "blocked: %,d bytes in %d blocks; one member: %,d bytes; blocks cost"
                        + " %+.2f %%%n%n",
                count,
                seed,
                cases,
                blocked.file().length,
                blocked.blocks().size(),
                oneMember.file().length,
                100.0
                        * (blocked.file().length - oneMember.file().length)
                        / oneMember.file().length);
        System.out.printf(
                "%-60s | %-32s | %-32s%n",
                "kind of damage",
                "blocked: kept (worst), skipped",
                "one member: kept (worst), skipped");
        for (Kind kind : Kind.values()) {
            String[] cells = new String[2];
            int cell = 0;
            for (Recording r : List.of(blocked, oneMember)) {
                // The same draws for both files, so that they are damaged alike.
                SplittableRandom random = new SplittableRandom(seed * 31 + kind.ordinal());
                int[] kept = new int[cases];
                long[] skipped = new long[cases];
                long invented = 0;
                for (int c = 0; c < cases; c++) {
                    byte[] damaged = damage(kind, r, random);
                    long[] outcome = read(damaged, originals);
                    kept[c] = (int) outcome[0];
                    // A cut is no skip: what it costs is what was cut off.
                    skipped[c] = kind == Kind.CUT ? r.file().length - damaged.length : outcome[1];
                    invented = Math.max(invented, outcome[2]);
                }
                Arrays.sort(kept);
                Arrays.sort(skipped);
                cells[cell++] =
                        String.format(
                                        "%,d (%,d), %,d B",
                                        kept[cases / 2], kept[0], skipped[cases / 2])
                                + (invented > 0
                                        ? ", up to " + invented + " not the recording's"
                                        : "");
            }
            System.out.printf("%-60s | %-32s | %-32s%n", kind.text, cells[0], cells[1]);
        }
        System.out.printf(
                "%nof %,d frames; bytes skipped: compressed for damage to the"
                        + " compressed data, uncompressed for damage among the records%n",
                count);
    }

    /** The frames written with {@code options}, the writer's clock following the frames' time. */
    private static Recording recording(
            String name, List<TelemetryFrame> frames, RecordingWriter.Options options)
            throws IOException {
        Path path = Files.createTempFile("damage-figures", ".pb.gz");
        try {
            long[] now = {0};
            try (RecordingWriter writer = RecordingWriter.open(path, options, () -> now[0])) {
                for (TelemetryFrame f : frames) {
                    now[0] += STEP_NS;
                    writer.write(f);
                }
            }
            byte[] file = Files.readAllBytes(path);
            List<DamagedBlocksTest.Block> blocks = DamagedBlocksTest.blocks(file, frames);
            byte[][] plain = new byte[blocks.size()][];
            for (int i = 0; i < plain.length; i++) {
                DamagedBlocksTest.Block b = blocks.get(i);
                plain[i] =
                        GzipBytes.delimited(
                                frames.subList(b.firstRecord(), b.firstRecord() + b.records()));
            }
            return new Recording(name, file, blocks, plain);
        } finally {
            Files.delete(path);
        }
    }

    private static byte[] damage(Kind kind, Recording r, SplittableRandom random)
            throws IOException {
        byte[] file = r.file();
        if (!kind.inRecords) {
            int at = (int) (random.nextDouble() * file.length); // the same place in both files
            byte[] bytes = file.clone();
            switch (kind) {
                case FLIPPED_BIT -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case ZEROED_SECTOR -> {
                    int from = at / 512 * 512;
                    Arrays.fill(bytes, from, Math.min(file.length, from + 512), (byte) 0);
                }
                case INSERTED_COMPRESSED -> {
                    byte[] junk = new byte[random.nextInt(1, 200)];
                    random.nextBytes(junk);
                    bytes = GzipBytes.splice(file, at, at, junk);
                }
                case DELETED_COMPRESSED -> {
                    int to = Math.min(file.length, at + random.nextInt(1, 600));
                    bytes = GzipBytes.splice(file, at, to, new byte[0]);
                }
                case CUT -> bytes = Arrays.copyOf(file, at);
                default -> throw new AssertionError(kind);
            }
            return bytes;
        }
        // Damage among the records of one block, that block gzipped again around it: the records
        // were broken before they were compressed (a producer's bug, damage in memory).
        int total = 0;
        for (byte[] p : r.plain()) total += p.length;
        int at = random.nextInt(total);
        int block = 0;
        while (at >= r.plain()[block].length) at -= r.plain()[block++].length;
        byte[] plain = r.plain()[block];
        int[] starts = recordStarts(plain);
        int record = Arrays.binarySearch(starts, at);
        if (record < 0) record = -record - 2;
        int start = starts[record];
        int end = record + 1 < starts.length ? starts[record + 1] : plain.length;
        byte[] damaged = plain.clone();
        switch (kind) {
            case BROKEN_BODY -> {
                int from = random.nextInt(Math.min(start + 2, end - 1), end);
                int to = Math.min(end, from + random.nextInt(1, 64));
                for (int i = from; i < to; i++) damaged[i] = (byte) random.nextInt(256);
            }
            case BOGUS_PREFIX -> {
                int n = Math.min(random.nextInt(1, 4), end - start);
                for (int i = 0; i < n; i++) damaged[start + i] = (byte) random.nextInt(256);
            }
            case INSERTED_RECORDS -> {
                byte[] junk = new byte[random.nextInt(1, 200)];
                random.nextBytes(junk);
                damaged = GzipBytes.splice(plain, at, at, junk);
            }
            case DELETED_RECORDS -> {
                int to = Math.min(plain.length, at + random.nextInt(1, 600));
                damaged = GzipBytes.splice(plain, at, to, new byte[0]);
            }
            default -> throw new AssertionError(kind);
        }
        DamagedBlocksTest.Block b = r.blocks().get(block);
        return GzipBytes.concat(
                Arrays.copyOfRange(file, 0, b.start()),
                gzip(damaged),
                Arrays.copyOfRange(file, b.end(), file.length));
    }

    /** Frames read that are frames of the recording, bytes skipped, frames read that are not. */
    private static long[] read(byte[] gz, Set<TelemetryFrame> originals) throws IOException {
        long kept = 0;
        long skipped = 0;
        long invented = 0;
        try (RecordingReader reader =
                RecordingReader.of(
                        new ByteArrayInputStream(gz),
                        "damaged.pb.gz",
                        RecordingReader.OnCorruption.SKIP)) {
            for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) {
                if (originals.contains(f)) kept++;
                else invented++;
            }
            for (RecordingReader.Skip s : reader.skipped())
                skipped += Math.max(0, s.bytesSkipped());
        }
        return new long[] {kept, skipped, invented};
    }

    private static int[] recordStarts(byte[] plain) {
        int[] starts = new int[plain.length];
        int n = 0;
        int at = 0;
        while (at < plain.length) {
            starts[n++] = at;
            int length = 0;
            int shift = 0;
            int b;
            do {
                b = plain[at++];
                length |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            at += length;
        }
        return Arrays.copyOf(starts, n);
    }

    /** One member at level 1: the level makes no difference to what the reader keeps. */
    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz =
                new GZIPOutputStream(out) {
                    {
                        def.setLevel(1);
                    }
                }) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
