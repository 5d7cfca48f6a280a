package io.actelemetry.bridge.source;

import io.actelemetry.bridge.pages.Layout;
import java.util.Arrays;

/**
 * Consistent copies of pages the game writes without a lock. For physics and graphics the packetId
 * read before the copy, inside the copy and after it must agree; the static page has no packetId,
 * so two copies must be equal. Retries are bounded, and counted.
 */
public final class ConsistentReader {

    private final PageSource source;
    private final int maxAttempts;
    private final byte[] second = new byte[Page.STATIC.size()];
    private long tornReads;
    private long failedCopies;

    public ConsistentReader(PageSource source, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        this.source = source;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Copies {@code page} into {@code into}; returns the page's length, or -1 when every attempt
     * was torn (the caller skips this sample).
     */
    public int copy(Page page, byte[] into) {
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            if (attempt > 0) {
                tornReads++;
            }
            if (page.hasPacketId()) {
                int before = source.readInt(page, 0);
                int length = source.copy(page, into);
                int after = source.readInt(page, 0);
                if (length < 4 || (before == after && Layout.intAt(into, 0) == before)) {
                    return length;
                }
            } else {
                int length = source.copy(page, into);
                int again = source.copy(page, second);
                if (length == again && Arrays.equals(into, 0, length, second, 0, length)) {
                    return length;
                }
            }
        }
        failedCopies++;
        return -1;
    }

    /** Copies that had to be retried because the game wrote the page during the copy. */
    public long tornReads() {
        return tornReads;
    }

    /** Samples given up after {@code maxAttempts} torn copies in a row. */
    public long failedCopies() {
        return failedCopies;
    }
}
