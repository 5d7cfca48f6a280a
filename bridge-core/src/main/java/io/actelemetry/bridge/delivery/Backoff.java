package io.actelemetry.bridge.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delays with full jitter in the upper half, so that many bridges that lost
 * the same server do not all come back in the same millisecond.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private long nextNanos;
    private int attempts;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.nextNanos = initialNanos;
    }

    /**
     * The delay before the next attempt: between half and all of the current step, which then
     * doubles.
     */
    Duration next() {
        long step = nextNanos;
        nextNanos = Math.min(maxNanos, step * 2);
        attempts++;
        return Duration.ofNanos(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
    }

    /** Attempts since the last success. */
    int attempts() {
        return attempts;
    }

    void reset() {
        nextNanos = initialNanos;
        attempts = 0;
    }
}
