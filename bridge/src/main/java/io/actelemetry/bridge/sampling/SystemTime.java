package io.actelemetry.bridge.sampling;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Real time. Sleeps by parking the thread, and optionally spins the last {@code spinNanos} before a
 * deadline for precision where the OS timer is coarse. On Windows it raises the system timer
 * resolution to 1 ms from its first sleep until closed (see {@link TimerResolution}), so polling at
 * 1 kHz really happens.
 */
public final class SystemTime implements TimeSource, AutoCloseable {

    private final long spinNanos;
    private TimerResolution resolution;

    private SystemTime(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    /** Real time with the platform's best timer resolution and no spinning. */
    public static SystemTime create() {
        return create(0);
    }

    /** Real time that spins the last {@code spinNanos} before each deadline (costs CPU). */
    public static SystemTime create(long spinNanos) {
        return new SystemTime(spinNanos);
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
            resolution = TimerResolution.raise(); // on first use: a clock that only reads time changes nothing
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
