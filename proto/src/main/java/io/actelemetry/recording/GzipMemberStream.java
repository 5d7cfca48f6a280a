package io.actelemetry.recording;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a sequence of gzip members (RFC 1952) and knows, unlike {@link
 * java.util.zip.GZIPInputStream}, where it is in the compressed bytes: errors name a file offset, a
 * file that simply ends (a killed writer, no trailer) is reported as truncated rather than thrown,
 * and a reader that wants to go on past corruption can resynchronise on the next member header.
 *
 * <p>A member is served only once its CRC checked out (when it inflates to at most {@link
 * #HOLD_BYTES}, as every block of a blocked recording does), so damaged compressed data never
 * becomes records. The compressed bytes of the member being read are kept (up to {@link
 * #KEEP_MEMBER_BYTES}, a block's size many times over), so that the search for the next header
 * starts where the damaged member did: damaged deflate data can make the inflater run on into the
 * next member, which would otherwise be lost too.
 */
final class GzipMemberStream extends InputStream {

    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int CM_DEFLATE = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int FRESERVED = 0xe0;

    static final int KEEP_MEMBER_BYTES = 8 << 20;

    /**
     * A member inflating to more than this is not a block of {@link RecordingWriter}'s (at most its
     * block size and one record): a one-member recording, the original bridge's, which streams
     * unchecked, so that damage costs what follows it rather than the whole file.
     */
    static final int HOLD_BYTES = RecordingWriter.Options.DEFAULT_BLOCK_BYTES + (256 << 10);

    private enum State {
        HEADER,
        BODY,
        TRAILER,
        DONE
    }

    private final InputStream in;

    /** No member starting at or after this offset is read: the next split's. */
    private final long endBefore;

    private byte[] buf;
    private int bufPos;
    private int bufLen;

    /** Compressed offset of buf[0]. */
    private long bufBase;

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long memberSize;
    private long memberStart;

    /** Whether buf still holds the current member from its first byte. */
    private boolean keepingMember;

    private long skippedFrom = -1;

    /** The current member's bytes, served once its trailer checked out (or the file ended). */
    private byte[] held;

    private int heldPos;
    private int heldLen;
    private boolean streaming;
    private int members;
    private State state = State.HEADER;
    private String truncation;

    GzipMemberStream(InputStream in, int bufferSize) {
        this(in, bufferSize, 0, Long.MAX_VALUE);
    }

    /**
     * The members that start in {@code [startOffset, endBefore)} of a file, {@code in} positioned
     * at {@code startOffset} (a member start): one split of a blocked recording.
     */
    GzipMemberStream(InputStream in, int bufferSize, long startOffset, long endBefore) {
        this.in = in;
        this.buf = new byte[bufferSize];
        this.held = new byte[bufferSize];
        this.bufBase = startOffset;
        this.endBefore = endBefore;
    }

    /** Compressed byte offset of the next byte not yet consumed. */
    long compressedOffset() {
        return bufBase + bufPos;
    }

    /** Why the input ended early, or null when it ended at a member boundary (or has not ended). */
    String truncation() {
        return truncation;
    }

    /**
     * Members whose header this stream has begun to read: every block read so far, a damaged one
     * included, and a header met while passing over damage.
     */
    int membersStarted() {
        return members;
    }

    /** Whether a member outgrew {@link #HOLD_BYTES} and was served before its CRC was checked. */
    boolean servedUnchecked() {
        return streaming;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (heldPos < heldLen && (streaming || state == State.HEADER || state == State.DONE)) {
                int n = Math.min(len, heldLen - heldPos);
                System.arraycopy(held, heldPos, b, off, n);
                heldPos += n;
                return n;
            }
            switch (state) {
                case HEADER -> readHeader();
                case BODY -> {
                    if (!streaming) {
                        hold();
                    } else {
                        int n = inflate(b, off, len);
                        if (n != 0) {
                            return n;
                        }
                    }
                }
                case TRAILER -> readTrailer();
                case DONE -> {
                    return -1;
                }
            }
        }
    }

    /**
     * Inflates the member into {@link #held} until it ends, so that its trailer is checked before
     * any of it is served, or until the member outgrows {@link #HOLD_BYTES}: then it is served as
     * it is inflated.
     */
    private void hold() throws IOException {
        if (heldLen == held.length) {
            if (held.length >= HOLD_BYTES) {
                streaming = true;
                return;
            }
            held = Arrays.copyOf(held, Math.min(HOLD_BYTES, held.length * 2));
        }
        int n = inflate(held, heldLen, held.length - heldLen);
        if (n > 0) {
            heldLen += n;
        }
    }

    /**
     * Gives up on the current member and continues at the next gzip header after the current
     * position. Returns the number of compressed bytes passed over; the stream is at its end when
     * no further header exists.
     */
    long skipToNextMember() throws IOException {
        inflater.reset();
        truncation = null;
        // Scan for ID1 ID2 CM from just past the start of the bad member when its bytes are still
        // here, else from just past where it failed.
        if (keepingMember) {
            bufPos = (int) (memberStart - bufBase) + 1;
            skippedFrom = memberStart;
        } else {
            skippedFrom = compressedOffset();
            if (bufPos < bufLen || fill()) {
                bufPos++;
            }
        }
        keepingMember = false;
        while (true) {
            if (bufPos >= bufLen && !fill()) {
                state = State.DONE;
                return compressedOffset() - skippedFrom;
            }
            if ((buf[bufPos] & 0xff) == ID1 && matchesAhead()) {
                state = compressedOffset() < endBefore ? State.HEADER : State.DONE;
                return compressedOffset() - skippedFrom;
            }
            bufPos++;
        }
    }

    /** Where the stretch passed over by the last {@link #skipToNextMember()} began. */
    long skippedFrom() {
        return skippedFrom;
    }

    private boolean matchesAhead() throws IOException {
        if (bufLen - bufPos < 3) {
            compact();
            while (bufLen < 3) {
                int n = in.read(buf, bufLen, buf.length - bufLen);
                if (n < 0) {
                    return false;
                }
                bufLen += n;
            }
        }
        return (buf[bufPos + 1] & 0xff) == ID2 && (buf[bufPos + 2] & 0xff) == CM_DEFLATE;
    }

    private void compact() {
        int remaining = bufLen - bufPos;
        System.arraycopy(buf, bufPos, buf, 0, remaining);
        bufBase += bufPos;
        bufPos = 0;
        bufLen = remaining;
    }

    private boolean readHeader() throws IOException {
        memberStart = compressedOffset();
        if (memberStart >= endBefore) {
            state = State.DONE; // the next split's member
            return false;
        }
        keepingMember = true;
        int id1 = nextByte();
        if (id1 < 0) {
            state = State.DONE; // clean end between members
            return false;
        }
        int id2 = nextByte();
        int cm = nextByte();
        if (id2 < 0 || cm < 0) {
            return truncated("the file ends inside a gzip header");
        }
        if (id1 != ID1 || id2 != ID2 || cm != CM_DEFLATE) {
            // Not counted: bytes that are no gzip header start no member.
            throw corrupt(
                    memberStart,
                    members == 0
                            ? "not a gzip file (no gzip header at its start)"
                            : "bytes after the last gzip member are not a gzip header");
        }
        members++;
        int flags = nextByte();
        if (flags < 0) {
            return truncated("the file ends inside a gzip header");
        }
        if ((flags & FRESERVED) != 0) {
            throw corrupt(memberStart, "gzip header with reserved flags set");
        }
        if (!skipBytes(6)) { // MTIME, XFL, OS
            return truncated("the file ends inside a gzip header");
        }
        if ((flags & FEXTRA) != 0) {
            int lo = nextByte();
            int hi = nextByte();
            if (hi < 0 || !skipBytes(lo | (hi << 8))) {
                return truncated("the file ends inside a gzip header");
            }
        }
        if ((flags & FNAME) != 0 && !skipZeroTerminated()) {
            return truncated("the file ends inside a gzip header");
        }
        if ((flags & FCOMMENT) != 0 && !skipZeroTerminated()) {
            return truncated("the file ends inside a gzip header");
        }
        if ((flags & FHCRC) != 0 && !skipBytes(2)) {
            return truncated("the file ends inside a gzip header");
        }
        inflater.reset();
        crc.reset();
        memberSize = 0;
        heldPos = 0;
        heldLen = 0;
        streaming = false;
        state = State.BODY;
        return true;
    }

    private int inflate(byte[] b, int off, int len) throws IOException {
        if (inflater.needsInput()) {
            if (!fill()) {
                truncated(
                        "the file ends inside compressed data (no gzip trailer: the writer was"
                                + " stopped before closing it)");
                return -1;
            }
            inflater.setInput(buf, bufPos, bufLen - bufPos);
        }
        int n;
        try {
            n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            throw corrupt(compressedOffset(), "invalid compressed data: " + e.getMessage());
        } finally {
            bufPos = bufLen - inflater.getRemaining();
        }
        if (n > 0) {
            crc.update(b, off, n);
            memberSize += n;
            return n;
        }
        if (inflater.finished()) {
            state = State.TRAILER;
        } else if (inflater.needsDictionary()) {
            throw corrupt(
                    compressedOffset(), "invalid compressed data: a preset dictionary is required");
        }
        return 0;
    }

    private boolean readTrailer() throws IOException {
        long at = compressedOffset();
        long storedCrc = readIntLE();
        long storedSize = storedCrc < 0 ? -1 : readIntLE();
        if (storedSize < 0) {
            return truncated("the file ends inside a gzip trailer");
        }
        if (storedCrc != crc.getValue()) {
            throw corrupt(
                    at,
                    "gzip CRC mismatch: the member starting at byte "
                            + memberStart
                            + " is damaged");
        }
        if (storedSize != (memberSize & 0xffffffffL)) {
            throw corrupt(
                    at,
                    "gzip length mismatch: the member starting at byte "
                            + memberStart
                            + " is damaged");
        }
        state = State.HEADER;
        return true;
    }

    private boolean truncated(String why) {
        truncation = why;
        state = State.DONE;
        return false;
    }

    private GzipFormatException corrupt(long offset, String why) {
        state = State.DONE;
        heldPos = 0;
        heldLen = 0; // none of a member that failed its check is served
        return new GzipFormatException(offset, why);
    }

    private boolean fill() throws IOException {
        if (bufPos < bufLen) {
            return true;
        }
        int keep = 0;
        if (keepingMember) {
            keep = (int) (bufBase + bufLen - memberStart);
            if (keep + buf.length / 2 > KEEP_MEMBER_BYTES) {
                keepingMember = false; // a member this long is not a block: read it as a stream
                keep = 0;
            }
        }
        if (keep > buf.length / 2) {
            buf = Arrays.copyOfRange(buf, bufLen - keep, bufLen - keep + 2 * buf.length);
        } else {
            System.arraycopy(buf, bufLen - keep, buf, 0, keep);
        }
        bufBase += bufLen - keep;
        bufPos = keep;
        bufLen = keep;
        int n;
        do {
            n = in.read(buf, bufLen, buf.length - bufLen);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        bufLen += n;
        return true;
    }

    private int nextByte() throws IOException {
        if (bufPos >= bufLen && !fill()) {
            return -1;
        }
        return buf[bufPos++] & 0xff;
    }

    private boolean skipBytes(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            if (nextByte() < 0) {
                return false;
            }
        }
        return true;
    }

    private boolean skipZeroTerminated() throws IOException {
        int c;
        while ((c = nextByte()) > 0) {
            // skip
        }
        return c == 0;
    }

    private long readIntLE() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int c = nextByte();
            if (c < 0) {
                return -1;
            }
            v |= ((long) c) << (8 * i);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    /** A gzip-level defect at a known compressed offset. */
    static final class GzipFormatException extends IOException {
        final long offset;

        GzipFormatException(long offset, String message) {
            super(message);
            this.offset = offset;
        }
    }
}
