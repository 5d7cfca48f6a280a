package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.sim.LineCrossing.Order;
import java.util.SplittableRandom;

/**
 * A completed lap whose line fields are still on their way to the graphics page: AC writes the page
 * field by field, so each of the clock reset, the counter step and the new last-lap time shows on a
 * rendered frame of its own (1 = the first frame after the line), in an {@link Order} drawn per
 * crossing. Until a field shows, the page keeps what it showed {@link #before} the line.
 */
final class PendingCrossing {

    /**
     * The timing fields the page showed before the line; the clock as the step its lap started at.
     */
    record Before(
            long lapStartStep,
            int completedLaps,
            int lastLapMs,
            int bestLapMs,
            int sector,
            int lastSectorMs) {}

    private static final Order[] ORDERS = Order.values();

    final Before before;
    private final int lap;
    private final int physicsPacketId;
    private final int lapMs;
    private final Order order;
    // Rendered frames to go until each field shows, and the graphics page it first showed on.
    private int clockFrames;
    private int counterFrames;
    private int lastLapFrames;
    private int clockPacketId;
    private int counterPacketId;
    private int lastLapPacketId;

    PendingCrossing(
            int lap, int physicsPacketId, int lapMs, Before before, SplittableRandom random) {
        this.lap = lap;
        this.physicsPacketId = physicsPacketId;
        this.lapMs = lapMs;
        this.before = before;
        this.order = ORDERS[random.nextInt(ORDERS.length)];
        int gap = 1 + random.nextInt(3);
        switch (order) {
            case TOGETHER -> {
                clockFrames = 1;
                counterFrames = 1;
                lastLapFrames = 1;
            }
            case COUNTER_FIRST -> {
                counterFrames = 1;
                clockFrames = 1 + gap;
                lastLapFrames = clockFrames + random.nextInt(4);
            }
            case CLOCK_FIRST -> {
                clockFrames = 1;
                counterFrames = 1 + gap;
                lastLapFrames = 1 + random.nextInt(gap + 4);
            }
            case LAST_LAP_FIRST -> {
                lastLapFrames = 1;
                clockFrames = 1 + gap;
                counterFrames = 2 + random.nextInt(3);
            }
        }
    }

    /**
     * A frame rendered as graphics page {@code packetId}: the fields whose turn it is show on it.
     */
    void render(int packetId) {
        if (clockFrames > 0 && --clockFrames == 0) {
            clockPacketId = packetId;
        }
        if (counterFrames > 0 && --counterFrames == 0) {
            counterPacketId = packetId;
        }
        if (lastLapFrames > 0 && --lastLapFrames == 0) {
            lastLapPacketId = packetId;
        }
    }

    boolean clockShows() {
        return clockFrames == 0;
    }

    boolean counterShows() {
        return counterFrames == 0;
    }

    boolean lastLapShows() {
        return lastLapFrames == 0;
    }

    boolean allShown() {
        return clockShows() && counterShows() && lastLapShows();
    }

    /**
     * The crossing as the page showed it; a field cut short by a restart or teleport has packetId
     * 0.
     */
    LineCrossing crossing() {
        return new LineCrossing(
                lap,
                physicsPacketId,
                lapMs,
                order,
                clockPacketId,
                counterPacketId,
                lastLapPacketId);
    }
}
