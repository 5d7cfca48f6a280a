package io.actelemetry.recording;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a sequence of gzip members (RFC 1952) and knows, unlike {@link
 * java.util.zip.GZIPInputStream}, where it is in the compressed bytes: errors name a file offset, a
 * file that simply ends (a killed writer, no trailer) is reported as truncated rather than thrown,
 * and a reader that wants to go on past corruption can resynchronise on the next member header.
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

    private enum State {
        HEADER,
        BODY,
        TRAILER,
        DONE
    }

    private final InputStream in;
    private final byte[] buf;
    private int bufPos;
    private int bufLen;

    /** Compressed offset of buf[0]. */
    private long bufBase;

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long memberSize;
    private long memberStart;
    private int members;
    private State state = State.HEADER;
    private String truncation;

    GzipMemberStream(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /** Compressed byte offset of the next byte not yet consumed. */
    long compressedOffset() {
        return bufBase + bufPos;
    }

    /** Why the input ended early, or null when it ended at a member boundary (or has not ended). */
    String truncation() {
        return truncation;
    }

    int membersStarted() {
        return members;
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
            switch (state) {
                case HEADER -> {
                    if (!readHeader()) {
                        return -1;
                    }
                }
                case BODY -> {
                    int n = inflate(b, off, len);
                    if (n != 0) {
                        return n;
                    }
                }
                case TRAILER -> {
                    if (!readTrailer()) {
                        return -1;
                    }
                }
                case DONE -> {
                    return -1;
                }
            }
        }
    }

    /**
     * Gives up on the current member and continues at the next gzip header after the current
     * position. Returns the number of compressed bytes passed over; the stream is at its end when
     * no further header exists.
     */
    long skipToNextMember() throws IOException {
        long from = compressedOffset();
        inflater.reset();
        truncation = null;
        // Step past the byte where the bad member started (or failed), then scan for ID1 ID2 CM.
        if (bufPos < bufLen || fill()) {
            bufPos++;
        }
        while (true) {
            if (bufPos >= bufLen && !fill()) {
                state = State.DONE;
                return compressedOffset() - from;
            }
            if ((buf[bufPos] & 0xff) == ID1 && matchesAhead()) {
                state = State.HEADER;
                return compressedOffset() - from;
            }
            bufPos++;
        }
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
        int id1 = nextByte();
        if (id1 < 0) {
            state = State.DONE; // clean end between members
            return false;
        }
        members++;
        int id2 = nextByte();
        int cm = nextByte();
        if (id2 < 0 || cm < 0) {
            return truncated("the file ends inside a gzip header");
        }
        if (id1 != ID1 || id2 != ID2 || cm != CM_DEFLATE) {
            throw corrupt(
                    memberStart,
                    members == 1
                            ? "not a gzip file (no gzip header at its start)"
                            : "bytes after the last gzip member are not a gzip header");
        }
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
        return new GzipFormatException(offset, why);
    }

    private boolean fill() throws IOException {
        if (bufPos < bufLen) {
            return true;
        }
        bufBase += bufLen;
        bufPos = 0;
        bufLen = 0;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        bufLen = n;
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
