package io.actelemetry.bridge.sampling;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Real time. Sleeps by parking the thread, and optionally spins the last {@code spinNanos} before a
 * deadline for precision where the OS timer is coarse. It can raise the system timer resolution
 * from its first sleep until closed (see {@link TimerResolution}), so that polling at 1 kHz really
 * happens on Windows.
 */
public final class SystemTime implements TimeSource, AutoCloseable {

    private final long spinNanos;
    private final Supplier<TimerResolution> raise;
    private TimerResolution resolution;

    private SystemTime(long spinNanos, Supplier<TimerResolution> raise) {
        this.spinNanos = spinNanos;
        this.raise = raise;
    }

    /** Real time with the OS timer as it is and no spinning. */
    public static SystemTime create() {
        return create(0, () -> TimerResolution.UNCHANGED);
    }

    /**
     * Real time that spins the last {@code spinNanos} before each deadline (costs CPU) and raises
     * the timer resolution with {@code raise} before its first sleep.
     */
    public static SystemTime create(long spinNanos, Supplier<TimerResolution> raise) {
        return new SystemTime(spinNanos, raise);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long unixNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void sleepUntil(long deadline) throws InterruptedException {
        if (resolution == null) {
            resolution = raise.get(); // on first use: a clock that only reads time changes nothing
        }
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > spinNanos) {
            LockSupport.parkNanos(remaining - spinNanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        if (resolution != null) {
            resolution.close();
            resolution = null;
        }
    }
}
