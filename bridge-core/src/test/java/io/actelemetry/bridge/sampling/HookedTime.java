package io.actelemetry.bridge.sampling;

import java.util.function.LongConsumer;

/**
 * Virtual time that calls a hook with each sleep's deadline after the clock moved there: a test's
 * way to act "meanwhile" (rewrite pages, stall the clock, record the schedule).
 */
final class HookedTime implements TimeSource {

    private final VirtualTime time;
    private final LongConsumer afterSleep;

    HookedTime(VirtualTime time, LongConsumer afterSleep) {
        this.time = time;
        this.afterSleep = afterSleep;
    }

    @Override
    public long nanoTime() {
        return time.nanoTime();
    }

    @Override
    public long unixNanos() {
        return time.unixNanos();
    }

    @Override
    public void sleepUntil(long deadline) {
        time.sleepUntil(deadline);
        afterSleep.accept(deadline);
    }
}
