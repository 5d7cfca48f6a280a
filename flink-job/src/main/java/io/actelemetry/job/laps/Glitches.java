package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;
import java.util.function.Predicate;

/**
 * One bad sample is one bad sample. A value that is impossible (a negative lap counter, a lap clock
 * of days, a last-lap time of 35,791 minutes, NaN or infinity), or that leaves the previous good
 * sample's and comes back to it within a moment (a counter reading -1 or jumping for one sample, a
 * clock of hours between two that run on), is replaced by the previous good value before the
 * tracker sees it, and counted. So it never ends a lap, never becomes an official time and never
 * reaches an aggregate.
 *
 * <p>"Within a moment": the samples of the next {@link #REVERT_NS} (at the physics rate a glitched
 * graphics page is sampled several times, until the next render), or the next sample within {@link
 * LapTracker#LINE_WINDOW_NS} at low rates. Values that stay are real: a counter going down is a
 * restart, a clock reset a line or a restart.
 */
final class Glitches {
    static final int COUNTER = 1;
    static final int CLOCK = 2;
    static final int LAST_LAP = 4;
    static final int SPLINE = 8;
    static final int POSITION = 16;
    static final int NON_FINITE = 32;

    /** The lap fields' impossible values. */
    static final int MAX_COUNTER = 100_000;

    static final int MAX_CLOCK_MS = 24 * 3_600_000;
    static final int MAX_LAP_MS = 3 * 3_600_000;
    static final float SPLINE_SLACK = 0.01f;
    static final float MAX_SPEED_KMH = 1_000f;

    /** How long a glitched value may stay before it is real: a render frame or two. */
    static final long REVERT_NS = 150_000_000L;

    /**
     * A lap clock further ahead of the previous one plus the time between them than this is
     * suspect.
     */
    static final int CLOCK_TOLERANCE_MS = 1_000;

    /**
     * A spline position jumping further than this (a lap fraction, either way round) is suspect.
     */
    static final float SPLINE_JUMP = 0.05f;

    private Glitches() {}

    /**
     * Cleans {@code f}, the next driving sample, against {@code p}, the previous good one of its
     * run (null at a run's start), and returns which kinds of value it replaced.
     */
    static int clean(Frame f, LastSample p, Ahead ahead, float teleportM) {
        int bad = nonFinite(f, p);
        int counter = f.completedLaps;
        if (counter < 0
                || counter > MAX_COUNTER
                || p != null
                        && counter != p.completedLaps
                        && reverts(f, ahead, g -> g.completedLaps == p.completedLaps)) {
            f.completedLaps = p != null ? p.completedLaps : 0;
            bad |= COUNTER;
        }
        int clock = f.currentLapMs;
        if (clock < 0
                || clock > MAX_CLOCK_MS
                || p != null && clockSuspect(p, f) && reverts(f, ahead, g -> clockRunsOn(p, g))) {
            f.currentLapMs = p != null ? p.currentLapMs : 0;
            bad |= CLOCK;
        }
        int last = f.lastLapMs;
        if (last < 0
                || last > MAX_LAP_MS
                || p != null
                        && last != p.lastLapMs
                        && reverts(f, ahead, g -> g.lastLapMs == p.lastLapMs)) {
            f.lastLapMs = p != null ? p.lastLapMs : 0;
            bad |= LAST_LAP;
        }
        float spline = f.normalizedCarPos;
        if (!Float.isFinite(spline)
                || spline < -SPLINE_SLACK
                || spline > 1 + SPLINE_SLACK
                || p != null
                        && apart(spline, p.spline) > SPLINE_JUMP
                        && reverts(
                                f,
                                ahead,
                                g -> apart(g.normalizedCarPos, p.spline) <= SPLINE_JUMP)) {
            f.normalizedCarPos = p != null ? p.spline : 0f;
            bad |= SPLINE;
        }
        if (!Float.isFinite(f.posX)
                || !Float.isFinite(f.posY)
                || !Float.isFinite(f.posZ)
                || p != null
                        && distance(f, p) > teleportM
                        && reverts(f, ahead, g -> distance(g, p) <= teleportM)) {
            f.posX = p != null ? p.x : 0f;
            f.posY = p != null ? p.y : 0f;
            f.posZ = p != null ? p.z : 0f;
            bad |= POSITION;
        }
        return bad;
    }

    /** The clock jumped ahead of where it could be, or dropped. */
    private static boolean clockSuspect(LastSample p, Frame f) {
        long dtMs = (f.monotonicNs - p.monoNs) / 1_000_000L;
        return f.currentLapMs > p.currentLapMs + dtMs + CLOCK_TOLERANCE_MS
                || f.currentLapMs + LapTracker.CLOCK_JITTER_MS < p.currentLapMs;
    }

    /**
     * {@code g}'s clock is {@code p}'s run on: neither reset nor ahead of the time between them.
     */
    private static boolean clockRunsOn(LastSample p, Frame g) {
        long dtMs = (g.monotonicNs - p.monoNs) / 1_000_000L;
        return g.currentLapMs + LapTracker.CLOCK_JITTER_MS >= p.currentLapMs
                && g.currentLapMs <= p.currentLapMs + dtMs + CLOCK_TOLERANCE_MS;
    }

    /** Whether a driving sample just after {@code f} is back to the previous good value. */
    private static boolean reverts(Frame f, Ahead ahead, Predicate<Frame> back) {
        for (int i = 0, n = ahead.count(); i < n; i++) {
            Frame g = ahead.get(i);
            long after = g.monotonicNs - f.monotonicNs;
            if (after > LapTracker.LINE_WINDOW_NS
                    || (i > 0 && after > REVERT_NS)
                    || !LapTracker.driving(g)) return false;
            if (back.test(g)) return true;
        }
        return false;
    }

    private static float apart(float a, float b) {
        float d = Math.abs(a - b);
        return Math.min(d, 1 - d);
    }

    private static double distance(Frame f, LastSample p) {
        double dx = f.posX - p.x, dy = f.posY - p.y, dz = f.posZ - p.z;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /**
     * NaN and infinite channels, and impossible speeds, replaced by the previous good sample's (0
     * without one).
     */
    private static int nonFinite(Frame f, LastSample p) {
        boolean speedOk = f.speedKmh >= 0 && f.speedKmh <= MAX_SPEED_KMH; // false for NaN
        if (speedOk
                && Float.isFinite(f.gas)
                && Float.isFinite(f.brake)
                && Float.isFinite(f.steer)
                && Float.isFinite(f.rpm)
                && Float.isFinite(f.accLatG)
                && Float.isFinite(f.accLonG)
                && Float.isFinite(f.fuelL)
                && finite(f.tyreCoreTempC)
                && finite(f.tyrePressurePsi)) {
            return 0;
        }
        LastSample before = p != null ? p : new LastSample(); // a first sample: zeros
        if (!speedOk) f.speedKmh = before.speedKmh;
        f.gas = finiteOr(f.gas, before.gas);
        f.brake = finiteOr(f.brake, before.brake);
        f.steer = finiteOr(f.steer, before.steer);
        f.rpm = finiteOr(f.rpm, before.rpm);
        f.accLatG = finiteOr(f.accLatG, before.accLatG);
        f.accLonG = finiteOr(f.accLonG, before.accLonG);
        f.fuelL = finiteOr(f.fuelL, before.fuelL);
        if (!finite(f.tyreCoreTempC)) f.tyreCoreTempC = before.tyreCoreTempC;
        if (!finite(f.tyrePressurePsi)) f.tyrePressurePsi = before.tyrePressurePsi;
        return NON_FINITE;
    }

    private static float finiteOr(float v, float previous) {
        return Float.isFinite(v) ? v : previous;
    }

    private static boolean finite(float[] values) {
        if (values == null) return true;
        for (float v : values) if (!Float.isFinite(v)) return false;
        return true;
    }
}
