package io.actelemetry.recording;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipException;

/**
 * Streams {@link TelemetryFrame}s out of a recording: gzip (one or more concatenated members)
 * holding base-128 varint length-delimited records, the original bridge's framing.
 *
 * <p>What it tolerates, and how it tells: a file that just stops (the original bridge was killed
 * with the gzip stream open) yields every complete record and then {@link #truncation()} says where
 * it ended; damage in the middle stops with a {@link CorruptRecordingException} naming the offset,
 * or, in {@link OnCorruption#SKIP} mode, is passed over and listed in {@link #skipped()}: a broken
 * record costs itself when its length prefix is intact, and otherwise the bytes up to where records
 * parse again; damaged compressed data costs the rest of its gzip member. Memory stays bounded: a
 * length prefix over {@link #MAX_RECORD_BYTES} is damage, not an allocation.
 */
public final class RecordingReader implements Closeable {

    /** No real frame comes near this; a larger prefix means the framing is broken. */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private static final int BUFFER_BYTES = 64 * 1024;

    public enum OnCorruption {
        FAIL,
        SKIP
    }

    /** Where and why the input ended early. Every complete record before it was returned. */
    public record Truncation(
            String source,
            long compressedOffset,
            long lastGoodRecordEnd,
            long records,
            String reason) {
        @Override
        public String toString() {
            return source
                    + ": truncated after "
                    + records
                    + " complete record(s) (uncompressed byte "
                    + lastGoodRecordEnd
                    + (compressedOffset >= 0 ? ", file byte " + compressedOffset : "")
                    + "): "
                    + reason;
        }
    }

    /**
     * A damaged stretch passed over in SKIP mode: either broken records inside intact gzip data
     * ({@code uncompressedBytesSkipped} of them from {@code uncompressedOffset}), or damaged
     * compressed data ({@code compressedBytesSkipped} from {@code compressedOffset}, to the next
     * gzip member). Unknown values are -1: offsets in the file are unknown when another layer
     * gunzipped the input.
     */
    public record Skip(
            String source,
            long compressedOffset,
            long compressedBytesSkipped,
            long uncompressedOffset,
            long uncompressedBytesSkipped,
            long recordsBefore,
            String reason) {

        /** Bytes this skip cost in the file, or in the decompressed stream for broken records. */
        public long bytesSkipped() {
            return compressedBytesSkipped >= 0 ? compressedBytesSkipped : uncompressedBytesSkipped;
        }

        @Override
        public String toString() {
            String what;
            if (compressedBytesSkipped >= 0) {
                what =
                        compressedBytesSkipped
                                + " damaged byte(s)"
                                + (compressedOffset >= 0
                                        ? " at file byte " + compressedOffset
                                        : "");
            } else if (uncompressedBytesSkipped >= 0) {
                what =
                        uncompressedBytesSkipped
                                + " byte(s) of broken records at uncompressed byte "
                                + uncompressedOffset
                                + (compressedOffset >= 0
                                        ? " (near file byte " + compressedOffset + ")"
                                        : "");
            } else {
                what = "the rest of the input";
            }
            return source + ": skipped " + what + " after record " + recordsBefore + ": " + reason;
        }
    }

    private final String source;
    private final OnCorruption mode;
    private final InputStream in;

    /** Null when the caller hands us bytes that are already decompressed. */
    private final GzipMemberStream gzip;

    private byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int len;

    /** Uncompressed offset of buf[0]. */
    private long base;

    private boolean eof;
    private String endReason;

    /**
     * Damage met while reading ahead; reported once the complete records before it are returned.
     */
    private GzipMemberStream.GzipFormatException pendingDamage;

    private long records;
    private int largestRecord;
    private Truncation truncation;
    private final List<Skip> skipped = new ArrayList<>();
    private CorruptRecordingException failure;

    private RecordingReader(
            InputStream in, GzipMemberStream gzip, String source, OnCorruption mode) {
        this.in = in;
        this.gzip = gzip;
        this.source = source;
        this.mode = mode;
    }

    public static RecordingReader open(Path file) throws IOException {
        return open(file, OnCorruption.FAIL);
    }

    public static RecordingReader open(Path file, OnCorruption mode) throws IOException {
        return of(Files.newInputStream(file), file.toString(), mode);
    }

    /**
     * Reads gzip bytes (one or more members) from {@code compressed}; {@code source} names it in
     * messages.
     */
    public static RecordingReader of(InputStream compressed, String source, OnCorruption mode) {
        GzipMemberStream gzip = new GzipMemberStream(compressed, BUFFER_BYTES);
        return new RecordingReader(gzip, gzip, source, mode);
    }

    /**
     * Reads the blocks that start in {@code [start, endBefore)} of a recording ({@link BlockStarts}
     * finds where they do), {@code compressed} positioned at {@code start}: one split of a file
     * read in several. Offsets in messages are the file's; uncompressed ones count from {@code
     * start}.
     */
    public static RecordingReader of(
            InputStream compressed, String source, OnCorruption mode, long start, long endBefore) {
        GzipMemberStream gzip = new GzipMemberStream(compressed, BUFFER_BYTES, start, endBefore);
        return new RecordingReader(gzip, gzip, source, mode);
    }

    /**
     * Reads records from a stream something else already gunzipped (Flink's FileSource does so for
     * {@code *.gz}). Truncation is recognised from the {@link EOFException} a {@link
     * java.util.zip.GZIPInputStream} throws; damaged gzip ends the input (there is no way to
     * resynchronise without the compressed bytes).
     */
    public static RecordingReader ofDecompressed(
            InputStream decompressed, String source, OnCorruption mode) {
        return new RecordingReader(decompressed, null, source, mode);
    }

    /** Turns a record's bytes into what the reader returns. */
    @FunctionalInterface
    public interface RecordDecoder<T> {
        /**
         * Decodes {@code buf[offset, offset + length)}, valid during the call only.
         *
         * @throws IOException if the bytes are not a frame: damage, handled as the reader's mode
         *     says
         */
        T decode(byte[] buf, int offset, int length) throws IOException;
    }

    /** The next frame, or null at the end of the input (including a truncated end). */
    public TelemetryFrame next() throws IOException {
        return next(TelemetryFrame.parser()::parseFrom);
    }

    /**
     * The next record decoded by {@code decoder} (for a consumer with a faster way to a type of its
     * own), or null at the end of the input. A record the decoder refuses is damage, as a record
     * that is not a TelemetryFrame is for {@link #next()}.
     */
    public <T> T next(RecordDecoder<T> decoder) throws IOException {
        if (failure != null) {
            throw failure;
        }
        while (true) {
            try {
                T frame = readRecord(decoder);
                if (frame == null) {
                    return null;
                }
                records++;
                return frame;
            } catch (BrokenRecord e) {
                if (mode == OnCorruption.FAIL) {
                    handleDamage(e.offset, e.getMessage());
                } else {
                    resync(e);
                }
            } catch (GzipMemberStream.GzipFormatException e) {
                handleDamage(e.offset, e.getMessage());
            }
        }
    }

    public String source() {
        return source;
    }

    public long recordsRead() {
        return records;
    }

    /** Offset in the uncompressed stream just past the last record returned. */
    public long position() {
        return base + pos;
    }

    /**
     * The number of gzip members (blocks) the reader has started reading: once it has read to the
     * end, every block of the file (of the split), a damaged one included, and any header met while
     * passing over damage. A recording of the original bridge has one. -1 for a reader made with
     * {@link #ofDecompressed}, which sees no members.
     */
    public int blocks() {
        return gzip != null ? gzip.membersStarted() : -1;
    }

    public Optional<Truncation> truncation() {
        return Optional.ofNullable(truncation);
    }

    public List<Skip> skipped() {
        return List.copyOf(skipped);
    }

    private <T> T readRecord(RecordDecoder<T> decoder) throws IOException {
        if (!ensure(1)) {
            throwPendingDamage();
            if (gzip != null && gzip.truncation() != null) {
                truncated(gzip.truncation());
            } else if (endReason != null) {
                truncated(endReason);
            }
            return null;
        }
        // Base-128 varint length, at most 5 bytes for a 32-bit length.
        ensure(5);
        int available = len - pos;
        int length = 0;
        int varintBytes = 0;
        for (int shift = 0; ; shift += 7) {
            if (varintBytes == available) {
                throwPendingDamage();
                truncated(partial("the length prefix of the last record is cut off"));
                return null;
            }
            if (varintBytes == 5) {
                throw broken("malformed length prefix at uncompressed byte " + position(), -1);
            }
            int b = buf[pos + varintBytes++];
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length < 0 || length > MAX_RECORD_BYTES) {
            throw broken(
                    "absurd record length "
                            + Integer.toUnsignedString(length)
                            + " at uncompressed byte "
                            + position()
                            + " (limit "
                            + MAX_RECORD_BYTES
                            + ")",
                    -1);
        }
        if (!ensure(varintBytes + length)) {
            if (recordsStartWithin(len - pos)) {
                throw broken(
                        "record "
                                + (records + 1)
                                + " at uncompressed byte "
                                + position()
                                + " claims "
                                + length
                                + " bytes, more than the input has, and records follow inside"
                                + " them",
                        -1);
            }
            throwPendingDamage();
            truncated(
                    partial(
                            "the last record is cut off: "
                                    + (len - pos - varintBytes)
                                    + " of "
                                    + length
                                    + " bytes present"));
            return null;
        }
        if (!Resync.hasFrameShape(buf, pos + varintBytes, length)
                && !oddButFramed(varintBytes + length)) {
            throw broken(
                    "record "
                            + (records + 1)
                            + " at uncompressed byte "
                            + position()
                            + " is not a TelemetryFrame: its "
                            + length
                            + " bytes hold fields the contract does not know",
                    -1);
        }
        T frame;
        try {
            frame = decoder.decode(buf, pos + varintBytes, length);
        } catch (IOException e) {
            throw broken(
                    "record "
                            + (records + 1)
                            + " at uncompressed byte "
                            + position()
                            + " is not a TelemetryFrame: "
                            + e.getMessage(),
                    varintBytes + length);
        }
        pos += varintBytes + length;
        largestRecord = Math.max(largestRecord, length);
        return frame;
    }

    private void throwPendingDamage() throws GzipMemberStream.GzipFormatException {
        if (pendingDamage != null) {
            GzipMemberStream.GzipFormatException e = pendingDamage;
            pendingDamage = null;
            throw e;
        }
    }

    private String partial(String what) {
        String gz = gzip != null ? gzip.truncation() : endReason;
        return gz != null ? gz + "; " + what : what;
    }

    private void truncated(String reason) {
        truncation =
                new Truncation(
                        source,
                        gzip != null ? gzip.compressedOffset() : -1,
                        position(),
                        records,
                        reason);
        pos = len;
        eof = true;
    }

    /**
     * Record-level damage at {@link #pos}; {@code intactLength} is the record's length with its
     * prefix when that prefix looked sound, else -1.
     */
    private BrokenRecord broken(String reason, int intactLength) {
        return new BrokenRecord(gzip != null ? gzip.compressedOffset() : -1, reason, intactLength);
    }

    /**
     * Passes over a broken record in intact gzip data: to its end when the records after it parse
     * (its prefix was sound, its body not), else to the first later position where they do.
     */
    private void resync(BrokenRecord e) throws IOException {
        long from = position();
        int limit = Resync.lengthLimit(largestRecord);
        int window = Resync.window(limit);
        // Read a window ahead at a time, so a byte-by-byte search copies each byte about once.
        if (len - pos < window) {
            ensure(2 * window);
        }
        if (e.intactLength > 0 && Resync.recordsStartAt(buf, pos + e.intactLength, len, limit)) {
            pos += e.intactLength;
        } else {
            pos++;
            while (true) {
                if (len - pos < window) {
                    ensure(2 * window);
                }
                if (pos >= len || Resync.recordsStartAt(buf, pos, len, limit)) {
                    break;
                }
                pos++;
            }
        }
        skipped.add(
                new Skip(source, e.offset, -1, from, position() - from, records, e.getMessage()));
    }

    /**
     * Whether a record with fields the contract does not know (a newer contract's, or a damaged
     * prefix that made it swallow the start of the next records) is still one: no longer than half
     * again the largest so far, and followed by records or by the end of the input.
     */
    private boolean oddButFramed(int recordBytes) throws IOException {
        if (largestRecord > 0 && recordBytes > largestRecord + largestRecord / 2 + 5) {
            return false;
        }
        int limit = Resync.lengthLimit(largestRecord);
        ensure(recordBytes + Resync.window(limit));
        return pos + recordBytes == len
                || Resync.recordsStartAt(buf, pos + recordBytes, len, limit);
    }

    /**
     * Whether records start somewhere in the {@code n} bytes after {@link #pos} (already read):
     * then a record claiming them all has a broken prefix rather than a cut-off tail.
     */
    private boolean recordsStartWithin(int n) {
        int limit = Resync.lengthLimit(largestRecord);
        for (int at = pos + 1; at < pos + n; at++) {
            if (Resync.recordsStartAt(buf, at, pos + n, limit)) {
                return true;
            }
        }
        return false;
    }

    /** Record-level damage; the gzip data around it is sound. */
    private static final class BrokenRecord extends IOException {
        final long offset;
        final int intactLength;

        BrokenRecord(long offset, String message, int intactLength) {
            super(message);
            this.offset = offset;
            this.intactLength = intactLength;
        }
    }

    private void handleDamage(long offset, String reason) throws IOException {
        if (mode == OnCorruption.FAIL) {
            failure = new CorruptRecordingException(source, offset, position(), records, reason);
            throw failure;
        }
        // Whatever was decompressed past the last good record goes with the damaged stretch.
        base += len;
        pos = 0;
        len = 0;
        if (gzip == null) {
            // Without the compressed bytes there is nothing to resynchronise on: the input ends
            // here.
            skipped.add(
                    new Skip(
                            source,
                            offset,
                            -1,
                            -1,
                            -1,
                            records,
                            reason + "; the rest of the input is unreadable"));
            eof = true;
            return;
        }
        long skippedBytes = gzip.skipToNextMember();
        skipped.add(new Skip(source, gzip.skippedFrom(), skippedBytes, -1, -1, records, reason));
        eof = false;
    }

    /** Makes {@code n} bytes available at {@code pos}; false when the input ends first. */
    private boolean ensure(int n) throws IOException {
        if (len - pos >= n) {
            return true;
        }
        if (eof) {
            return false;
        }
        System.arraycopy(buf, pos, buf, 0, len - pos);
        base += pos;
        len -= pos;
        pos = 0;
        while (len < n) {
            if (len == buf.length) {
                // Grown as bytes arrive, never to what was asked: n may come from a damaged
                // length prefix, and the input may hold far less.
                buf = Arrays.copyOf(buf, (int) Math.min(2L * buf.length, Integer.MAX_VALUE - 8));
            }
            int read;
            try {
                read = in.read(buf, len, buf.length - len);
            } catch (GzipMemberStream.GzipFormatException e) {
                pendingDamage = e;
                read = -1;
            } catch (ZipException e) {
                pendingDamage =
                        new GzipMemberStream.GzipFormatException(
                                -1, "invalid gzip data: " + e.getMessage());
                read = -1;
            } catch (EOFException e) {
                endReason = "the gzip stream ends early: " + e.getMessage();
                read = -1;
            }
            if (read < 0) {
                eof = true;
                return false;
            }
            len += read;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
