package io.actelemetry.bridge.sim;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Lap and sector timing the way AC shows it on the graphics page, counted in 3 ms physics steps of
 * driving time (so it stops while paused or stalled): at the line the clock reset, the counter step
 * and the new last-lap time reach the page on different rendered frames ({@link PendingCrossing}),
 * a rolling start only starts the clock, sectors split the lap, and the best valid lap's time at
 * every metre gives the delta of the performance meter.
 */
final class LapTiming {

    private static final int MS_PER_STEP = 3;

    /** The timing fields as the graphics page shows them now. */
    record Shown(
            int completedLaps,
            int lapMs,
            int lastLapMs,
            int bestLapMs,
            int sector,
            int lastSectorMs) {}

    private final double[] sectorStarts;
    private final int[] lapTimeAt;
    private final Consumer<LineCrossing> crossings;
    private int[] bestLapTimeAt;

    // The game's own state: what the page shows once the line's fields have reached it.
    private boolean running;
    private long lapStartStep;
    private long sectorStartStep;
    private int sector;
    private int lastSectorMs;
    private int completedLaps;
    private int lastLapMs;
    private int bestLapMs;
    private boolean invalid;
    private PendingCrossing pending;

    /**
     * {@code sectorStarts}: metres from the line where sectors 1, 2... start (sector 0 at 0);
     * {@code crossings} gets each completed lap once its fields are on the page (or cut short).
     */
    LapTiming(double[] sectorStarts, int trackMetres, Consumer<LineCrossing> crossings) {
        this.sectorStarts = sectorStarts.clone();
        this.lapTimeAt = new int[trackMetres];
        this.crossings = crossings;
    }

    /**
     * A new session: no laps, no times; the clock runs from {@code step} unless the start is
     * rolling.
     */
    void reset(long step, boolean clockRunning) {
        settle(); // fields still on their way never show: the page shows the new session
        completedLaps = 0;
        lastLapMs = 0;
        bestLapMs = 0;
        bestLapTimeAt = null;
        running = clockRunning;
        startLap(step);
    }

    /** The lap clock back to zero without counting a lap (teleport to the pits). */
    void restartLap(long step) {
        settle(); // the page is written whole: a counter or last-lap time still on its way shows
        // now
        startLap(step);
    }

    private void startLap(long step) {
        lapStartStep = step;
        sectorStartStep = step;
        sector = 0;
        invalid = false;
    }

    /**
     * Crossing the line in physics step {@code step} (physics page {@code physicsPacketId});
     * returns whether a lap was completed (not just the clock started). A completed lap takes one
     * number from {@code random}, however many its line order needs, so the driving does not depend
     * on the order.
     */
    boolean crossLine(long step, int physicsPacketId, SplittableRandom random) {
        if (!running) {
            running = true;
            startLap(step);
            return false;
        }
        var before =
                new PendingCrossing.Before(
                        lapStartStep, completedLaps, lastLapMs, bestLapMs, sector, lastSectorMs);
        int lapMs = lapMs(step);
        lastSectorMs = (int) ((step - sectorStartStep) * MS_PER_STEP);
        completedLaps++;
        lastLapMs = lapMs;
        if (!invalid && (bestLapMs == 0 || lapMs < bestLapMs)) {
            bestLapMs = lapMs;
            bestLapTimeAt = lapTimeAt.clone();
        }
        pending =
                new PendingCrossing(
                        completedLaps,
                        physicsPacketId,
                        lapMs,
                        before,
                        new SplittableRandom(random.nextLong()));
        startLap(step);
        return true;
    }

    /** Moving from {@code previous} to {@code s} metres (both within the lap) at {@code step}. */
    void move(double previous, double s, long step) {
        for (int i = sector + 1; i < sectorStarts.length; i++) {
            if (previous < sectorStarts[i] && s >= sectorStarts[i]) {
                lastSectorMs = (int) ((step - sectorStartStep) * MS_PER_STEP);
                sectorStartStep = step;
                sector = i;
            }
        }
        if (running) {
            lapTimeAt[(int) s] = lapMs(step);
        }
    }

    /**
     * A frame rendered as graphics page {@code packetId}: line fields whose turn it is show on it.
     */
    void render(int packetId) {
        if (pending != null) {
            pending.render(packetId);
            if (pending.allShown()) {
                settle();
            }
        }
    }

    /** Ends the pending crossing: from now on the page shows the game's own state. */
    private void settle() {
        if (pending != null) {
            crossings.accept(pending.crossing());
            pending = null;
        }
    }

    void invalidate() {
        invalid = true;
    }

    boolean running() {
        return running;
    }

    private int lapMs(long step) {
        return running ? (int) ((step - lapStartStep) * MS_PER_STEP) : 0;
    }

    /** Seconds ahead (-) or behind (+) the best lap at this metre; 0 without a best lap. */
    double delta(int metre, long step) {
        return bestLapTimeAt == null || !running
                ? 0
                : (lapMs(step) - bestLapTimeAt[metre]) / 1000.0;
    }

    /** Laps completed, as the game counts them (the page may show the step a few frames later). */
    int completedLaps() {
        return completedLaps;
    }

    /**
     * The fields as the page shows them at {@code step}: before a line field shows, its old value.
     */
    Shown shown(long step) {
        if (pending == null) {
            return new Shown(
                    completedLaps, lapMs(step), lastLapMs, bestLapMs, sector, lastSectorMs);
        }
        PendingCrossing.Before old = pending.before;
        boolean clock = pending.clockShows();
        boolean lastLap = pending.lastLapShows();
        // Until the clock resets on the page, the old lap's clock runs on past the lap's time.
        return new Shown(
                pending.counterShows() ? completedLaps : old.completedLaps(),
                clock ? lapMs(step) : (int) ((step - old.lapStartStep()) * MS_PER_STEP),
                lastLap ? lastLapMs : old.lastLapMs(),
                lastLap ? bestLapMs : old.bestLapMs(),
                clock ? sector : old.sector(),
                clock ? lastSectorMs : old.lastSectorMs());
    }
}
