package io.actelemetry.bridge.sampling;

/**
 * Time that moves only when someone sleeps: sleeping jumps the clock to the deadline.
 * Deterministic, so a seeded simulated session produces the same frames, capture times included, on
 * every run.
 */
public final class VirtualTime implements TimeSource {

    private final long epochUnixNanos;
    private long now;

    /** Starts at nanoTime 0, which is {@code epochUnixNanos} on the wall clock. */
    public VirtualTime(long epochUnixNanos) {
        this.epochUnixNanos = epochUnixNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long unixNanos() {
        return epochUnixNanos + now;
    }

    @Override
    public void sleepUntil(long deadline) {
        now = Math.max(now, deadline);
    }

    /** Moves the clock forward by {@code nanos} (for tests). */
    public void advance(long nanos) {
        now += nanos;
    }
}
