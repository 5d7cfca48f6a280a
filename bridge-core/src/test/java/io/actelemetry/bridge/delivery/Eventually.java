package io.actelemetry.bridge.delivery;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that becomes true asynchronously, failing with a description if it does
 * not.
 */
public final class Eventually {

    private Eventually() {}

    public static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
