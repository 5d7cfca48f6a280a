package io.actelemetry.bridge.sim;

import java.util.SplittableRandom;

/**
 * Lap and sector timing the way AC shows it on the graphics page, counted in 3 ms physics steps of
 * driving time (so it stops while paused): completedLaps goes up at the line, iLastTime follows one to
 * three rendered frames later, a rolling start only starts the clock, sectors split the lap, and the
 * best valid lap's time at every metre gives the delta of the performance meter.
 */
final class LapTiming {

    private static final int MS_PER_STEP = 3;

    private final double[] sectorStarts;
    private final int[] lapTimeAt;
    private int[] bestLapTimeAt;

    private boolean running;
    private long lapStartStep;
    private long sectorStartStep;
    private int sector;
    private int lastSectorMs;
    private int completedLaps;
    private int lastLapMs;
    private int bestLapMs;
    private boolean invalid;
    private int pendingLapMs = -1;
    private boolean pendingValid;
    private int pendingRenders;

    /** {@code sectorStarts}: metres from the line where sectors 1, 2... start (sector 0 at 0). */
    LapTiming(double[] sectorStarts, int trackMetres) {
        this.sectorStarts = sectorStarts.clone();
        this.lapTimeAt = new int[trackMetres];
    }

    /** A new session: no laps, no times; the clock runs from {@code step} unless the start is rolling. */
    void reset(long step, boolean clockRunning) {
        completedLaps = 0;
        lastLapMs = 0;
        bestLapMs = 0;
        bestLapTimeAt = null;
        pendingLapMs = -1;
        running = clockRunning;
        restartLap(step);
    }

    /** The lap clock back to zero without counting a lap (teleport to the pits). */
    void restartLap(long step) {
        lapStartStep = step;
        sectorStartStep = step;
        sector = 0;
        invalid = false;
    }

    /** Crossing the line at {@code step}; returns whether a lap was completed (not just the clock started). */
    boolean crossLine(long step, SplittableRandom random) {
        boolean counted = running;
        if (running) {
            int lapMs = lapMs(step);
            lastSectorMs = (int) ((step - sectorStartStep) * MS_PER_STEP);
            completedLaps++;
            pendingLapMs = lapMs;
            pendingValid = !invalid;
            pendingRenders = 2 + random.nextInt(3); // the first render shows the counter, a later one the time
            if (pendingValid && (bestLapMs == 0 || lapMs < bestLapMs)) {
                bestLapTimeAt = lapTimeAt.clone();
            }
        }
        running = true;
        restartLap(step);
        return counted;
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

    /** A rendered frame: a pending lap time shows once its lag is over. */
    void render() {
        if (pendingLapMs >= 0 && --pendingRenders <= 0) {
            lastLapMs = pendingLapMs;
            if (pendingValid && (bestLapMs == 0 || lastLapMs < bestLapMs)) {
                bestLapMs = lastLapMs;
            }
            pendingLapMs = -1;
        }
    }

    void invalidate() {
        invalid = true;
    }

    boolean running() {
        return running;
    }

    int lapMs(long step) {
        return running ? (int) ((step - lapStartStep) * MS_PER_STEP) : 0;
    }

    /** Seconds ahead (-) or behind (+) the best lap at this metre; 0 without a best lap. */
    double delta(int metre, long step) {
        return bestLapTimeAt == null || !running ? 0 : (lapMs(step) - bestLapTimeAt[metre]) / 1000.0;
    }

    int completedLaps() {
        return completedLaps;
    }

    int lastLapMs() {
        return lastLapMs;
    }

    int bestLapMs() {
        return bestLapMs;
    }

    int sector() {
        return sector;
    }

    int lastSectorMs() {
        return lastSectorMs;
    }
}
