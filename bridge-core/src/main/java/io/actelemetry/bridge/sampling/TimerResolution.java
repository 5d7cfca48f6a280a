package io.actelemetry.bridge.sampling;

/**
 * The OS timer resolution, raised while {@link SystemTime} sleeps and restored on {@link #close()}.
 * Windows wakes sleeping threads on a coarse tick unless asked otherwise; the Windows bridge brings
 * its own ({@code io.actelemetry.bridge.windows.WindowsTimerResolution}), so this module needs no
 * native access.
 */
@FunctionalInterface
public interface TimerResolution extends AutoCloseable {

    /** Sleeps are fine-grained already: nothing to raise or restore. */
    TimerResolution UNCHANGED = () -> {};

    @Override
    void close();
}
