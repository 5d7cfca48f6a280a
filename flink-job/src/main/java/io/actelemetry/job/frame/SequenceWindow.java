package io.actelemetry.job.frame;

/**
 * The sequence numbers of one (session, car) seen so far, in bounded space: everything up to {@link
 * #contiguous} plus a window of {@link #WINDOW} numbers above it. A number at or below the window's
 * floor counts as seen, so a straggler older than the window is dropped too: the bridge re-sends
 * from its last committed point, far closer than that. A Flink POJO, kept as keyed state.
 */
public class SequenceWindow {
    /** Sequences tracked above {@link #contiguous}; 512 bytes of bits. */
    public static final int WINDOW = 4096;

    /** Every sequence up to this one is seen (or older than the window). */
    public long contiguous;

    /** Bit {@code s % WINDOW} set: sequence {@code s} in (contiguous, contiguous + WINDOW] seen. */
    public long[] bits = new long[WINDOW / 64];

    public SequenceWindow() {}

    /**
     * Records {@code sequence} (>= 1); false when it was seen before, i.e. the frame is a
     * duplicate.
     */
    public boolean firstTime(long sequence) {
        if (sequence <= contiguous) return false;
        if (sequence > contiguous + WINDOW) slideTo(sequence - WINDOW);
        int bit = (int) (sequence % WINDOW);
        long mask = 1L << (bit & 63);
        if ((bits[bit >>> 6] & mask) != 0) return false;
        bits[bit >>> 6] |= mask;
        advance();
        return true;
    }

    /** Moves the floor up to {@code floor}, forgetting the bits it passes. */
    private void slideTo(long floor) {
        if (floor - contiguous >= WINDOW) {
            java.util.Arrays.fill(bits, 0);
            contiguous = floor;
            return;
        }
        while (contiguous < floor) clear(++contiguous);
        advance();
    }

    private void advance() {
        while (isSet(contiguous + 1)) clear(++contiguous);
    }

    private boolean isSet(long s) {
        int bit = (int) (s % WINDOW);
        return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private void clear(long s) {
        int bit = (int) (s % WINDOW);
        bits[bit >>> 6] &= ~(1L << (bit & 63));
    }
}
