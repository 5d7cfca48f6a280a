package io.actelemetry.recording;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Finds where blocks (gzip members) of a recording start, without an index: a gzip header that
 * begins a member which inflates whole and matches its CRC. Bytes that merely look like a header
 * inside compressed data fail that check, so a split cut here starts exactly where a block does,
 * and the split before it ends there. A recording written as one member (the original bridge's) has
 * no block start but its first.
 */
public final class BlockStarts {

    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int CM_DEFLATE = 8;
    private static final int FRESERVED = 0xe0;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Opens the recording positioned at a byte offset. */
    @FunctionalInterface
    public interface Opener {
        InputStream openAt(long offset) throws IOException;
    }

    private BlockStarts() {}

    /**
     * The first offset in {@code [from, before)} where a block starts, or -1 when none does. Reads
     * the range once, and inflates a block (about a second of frames) at each candidate.
     */
    public static long first(Opener file, long from, long before) throws IOException {
        try (InputStream in = new BufferedInputStream(file.openAt(from), BUFFER_BYTES)) {
            // The last four bytes read: candidate header bytes ID1 ID2 CM FLG end at `at`.
            int b0 = -1;
            int b1 = -1;
            int b2 = -1;
            for (long at = from; at < before + 3; at++) {
                int b3 = in.read();
                if (b3 < 0) {
                    return -1;
                }
                long start = at - 3;
                if (b0 == ID1
                        && b1 == ID2
                        && b2 == CM_DEFLATE
                        && (b3 & FRESERVED) == 0
                        && start >= from
                        && start < before
                        && inflatesWhole(file, start)) {
                    return start;
                }
                b0 = b1;
                b1 = b2;
                b2 = b3;
            }
            return -1;
        }
    }

    /** Whether a member starts at {@code offset} that inflates whole with a matching CRC. */
    static boolean inflatesWhole(Opener file, long offset) throws IOException {
        try (GzipMemberStream member =
                new GzipMemberStream(file.openAt(offset), BUFFER_BYTES, offset, Long.MAX_VALUE)) {
            // A member is served only once its trailer checked out, unless it is too large to
            // be a block.
            return member.read(new byte[1], 0, 1) == 1
                    && member.membersStarted() == 1
                    && member.truncation() == null
                    && !member.servedUnchecked();
        } catch (GzipMemberStream.GzipFormatException e) {
            return false;
        }
    }
}
