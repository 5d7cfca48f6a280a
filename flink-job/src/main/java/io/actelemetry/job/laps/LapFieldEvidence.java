package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;
import java.util.Locale;

/**
 * Whether a key's lap fields (counter, lap clock, last-lap time, spline position) can be trusted,
 * judged from how they behave and never from the format version: many producers speak the original
 * contract with correct lap fields, and the original C++ bridge sends its graphics fields decoded
 * at wrong offsets (a constant "counter", clocks that read zero). A Flink POJO in keyed state.
 *
 * <p>Trusted once the lap clock has run with the samples' time over a few seconds, or the counter
 * has stepped by one as the spline passed its zero, with few impossible values. Not trusted when
 * the fields stand still while the car drives, the clock runs at another pace than the samples, or
 * most values are impossible. Until then the tracker runs as if trusted and holds its rows back, so
 * no lap is lost while the evidence is gathered.
 */
public class LapFieldEvidence {
    public static final int UNDECIDED = 0;
    public static final int TRUSTED = 1;
    public static final int NOT_TRUSTED = 2;

    /**
     * Driving time with the clock running over which its pace is judged, and the pace it must keep.
     */
    static final long CLOCK_SPAN_NS = 3_000_000_000L;

    static final int CLOCK_INTERVALS = 8;
    static final double PACE_LOW = 0.9;
    static final double PACE_HIGH = 1.1;

    /**
     * After this much running clock a pace outside the range is a wrong clock, not a slow start.
     */
    static final long WRONG_PACE_SPAN_NS = 30_000_000_000L;

    /** Driving with nothing changing this long: the fields are not the game's. */
    static final long FROZEN_NS = 10_000_000_000L;

    /**
     * Driving this long without a running clock or a counter step at the line: nothing to build
     * laps on.
     */
    static final long NO_LAPS_NS = 300_000_000_000L;

    /**
     * The spline's zero lies near the timing line: a counter step this close to its passing is a
     * line.
     */
    static final long STEP_NEAR_WRAP_NS = 3_000_000_000L;

    static final float MOVING_KMH = 5f;
    static final long INTERVAL_NS = 1_000_000_000L;

    public int verdict;
    public String reason;
    public int formatVersion = -1;
    public long samples;

    /** Time between driving samples at most a second apart. */
    public long drivingNs;

    /** Samples with a lap field replaced as impossible or glitched ({@link Glitches}). */
    public long badSamples;

    /**
     * Time between driving samples at most a second apart while the lap clock runs, and what the
     * clock advanced in it.
     */
    public long clockSpanNs;

    public long clockAdvancedNs;
    public int clockIntervals;
    public long movingNs;

    /** The counter, the clock or the spline changed while the car moved. */
    public boolean fieldsMoved;

    public long lastStepNs = Long.MIN_VALUE / 2;
    public long lastWrapNs = Long.MIN_VALUE / 2;
    public int lineSteps;

    public LapFieldEvidence() {}

    boolean decided() {
        return verdict != UNDECIDED;
    }

    /**
     * The next driving sample {@code f} after {@code p} (null at a run's start), with its lap
     * fields cleaned.
     */
    void observe(LastSample p, Frame f, boolean badLapField) {
        if (formatVersion < 0) formatVersion = f.formatVersion;
        samples++;
        if (badLapField) badSamples++;
        if (p == null) return;
        long dt = f.monotonicNs - p.monoNs;
        if (dt <= 0 || dt > INTERVAL_NS) return;
        drivingNs += dt;
        if (f.speedKmh > MOVING_KMH) {
            movingNs += dt;
            fieldsMoved |=
                    f.completedLaps != p.completedLaps
                            || f.currentLapMs != p.currentLapMs
                            || f.normalizedCarPos != p.spline;
        }
        boolean reset = f.currentLapMs + LapTracker.CLOCK_JITTER_MS < p.currentLapMs;
        if (!reset && (f.currentLapMs > 0 || p.currentLapMs > 0)) {
            clockSpanNs += dt;
            clockAdvancedNs += (f.currentLapMs - p.currentLapMs) * 1_000_000L;
            clockIntervals++;
        }
        if (f.completedLaps == p.completedLaps + 1) {
            lastStepNs = f.monotonicNs;
            if (f.monotonicNs - lastWrapNs <= STEP_NEAR_WRAP_NS) lineSteps++;
        }
        if (p.spline > 0.9f && f.normalizedCarPos < 0.1f) {
            lastWrapNs = f.monotonicNs;
            if (f.monotonicNs - lastStepNs <= STEP_NEAR_WRAP_NS) lineSteps++;
        }
    }

    /**
     * Decides when the evidence is enough; at the end of input, on what there is. Returns whether
     * it decided now.
     */
    boolean decide(boolean atEnd) {
        if (decided()) return false;
        double pace = clockSpanNs <= 0 ? 0 : (double) clockAdvancedNs / clockSpanNs;
        boolean fewBad = badSamples * 10 <= samples;
        boolean steadyPace = pace >= PACE_LOW && pace <= PACE_HIGH;
        if (fewBad
                && steadyPace
                && clockSpanNs >= CLOCK_SPAN_NS
                && clockIntervals >= CLOCK_INTERVALS) {
            return set(
                    TRUSTED,
                    String.format(
                            Locale.ROOT,
                            "the lap clock runs with the samples' time (%.2f over %s)",
                            pace,
                            seconds(clockSpanNs)));
        }
        if (fewBad && lineSteps > 0)
            return set(TRUSTED, "the lap counter steps by one at the line");
        if (samples >= 20 && badSamples * 2 > samples) {
            return set(
                    NOT_TRUSTED,
                    String.format(
                            Locale.ROOT,
                            "%d %% of the samples carry impossible lap fields",
                            Math.round(100.0 * badSamples / samples)));
        }
        if (movingNs >= FROZEN_NS && !fieldsMoved) {
            return set(
                    NOT_TRUSTED,
                    "the lap fields stand still while the car drives (" + seconds(movingNs) + ")");
        }
        if (clockSpanNs >= WRONG_PACE_SPAN_NS && !steadyPace) {
            return set(
                    NOT_TRUSTED,
                    String.format(
                            Locale.ROOT,
                            "the lap clock does not run with the samples' time (%.2f over %s)",
                            pace,
                            seconds(clockSpanNs)));
        }
        if (movingNs >= NO_LAPS_NS && clockSpanNs == 0) {
            return set(
                    NOT_TRUSTED,
                    "in "
                            + seconds(movingNs)
                            + " of driving the lap clock never ran and the counter never"
                            + " stepped at the line");
        }
        if (!atEnd) return false;
        if (samples == 0) return set(NOT_TRUSTED, "no driving samples");
        if (clockIntervals >= CLOCK_INTERVALS / 2) {
            String paced = String.format(Locale.ROOT, "(%.2f over %s)", pace, seconds(clockSpanNs));
            return fewBad && steadyPace
                    ? set(TRUSTED, "the lap clock runs with the samples' time " + paced)
                    : set(
                            NOT_TRUSTED,
                            "the lap clock does not run with the samples' time " + paced);
        }
        if (clockSpanNs == 0)
            return set(
                    NOT_TRUSTED,
                    "the lap clock never ran in " + seconds(drivingNs) + " of driving");
        return set(
                NOT_TRUSTED,
                "too little driving to judge the lap fields (" + seconds(drivingNs) + ")");
    }

    private boolean set(int verdict, String reason) {
        this.verdict = verdict;
        this.reason = reason;
        return true;
    }

    private static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.0f s", ns / 1e9);
    }
}
