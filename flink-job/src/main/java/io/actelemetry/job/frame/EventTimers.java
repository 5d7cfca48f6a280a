package io.actelemetry.job.frame;

/** When the keyed functions' event-time timers fire. */
public final class EventTimers {

    private EventTimers() {}

    /**
     * The first multiple of {@code granularityMs} after {@code eventMs + delayMs}: a key moves such
     * a timer once per granularity at most, however many frames it gets. Near the end of time, just
     * before the end-of-input timer.
     */
    public static long after(long eventMs, long delayMs, long granularityMs) {
        if (eventMs >= Long.MAX_VALUE - delayMs - granularityMs) return Long.MAX_VALUE - 1;
        return (Math.floorDiv(eventMs + delayMs, granularityMs) + 1) * granularityMs;
    }
}
