package io.actelemetry.bridge.sampling;

/**
 * The sampler's clocks and its way of waiting, injectable so tests and the simulated session run in
 * virtual time (as fast as the CPU allows) and the live bridge in real time.
 */
public interface TimeSource {

    /** Steady clock, ns (not the epoch): schedules and the frames' monotonic_ns. */
    long nanoTime();

    /** Wall clock, ns since the Unix epoch: the frames' capture_unix_ns. */
    long unixNanos();

    /** Waits until {@link #nanoTime()} reaches {@code deadline} (returns at once if it has). */
    void sleepUntil(long deadline) throws InterruptedException;
}
