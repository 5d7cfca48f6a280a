package io.actelemetry.job.laps;

import io.actelemetry.job.traces.Reference;
import java.io.Serializable;

/**
 * Settings of the lap analytics. Defaults suit Assetto Corsa at its physics rate; every field is
 * public so the job's command line can map flags onto it. Use {@link #defaults()} and the {@code
 * with...} copies.
 */
public class LapOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Mini-sectors of equal spline length per lap. */
    public int miniSectors = 20;

    /**
     * Tyres allowed off the track at once before the lap is invalid (AC servers' usual rule: more
     * than 2).
     */
    public int tyresOutAllowance = 2;

    /**
     * How long (host time) to wait after the line for the game's last-lap time before computing it.
     */
    public long lastLapWaitMs = 2_000;

    /**
     * A silence between two driving samples longer than this is not driving time (game stalled or
     * paused).
     */
    public long pauseGapMs = 1_000;

    /**
     * A car moving further than this between two samples, beyond what its speed explains,
     * teleported.
     */
    public float teleportM = 100f;

    /** Event-time disorder the keyed function absorbs per key before it calls a frame late. */
    public long disorderToleranceMs = 2_000;

    /**
     * A key without frames this long (event time) is over: its open lap ends as incomplete and its
     * state is dropped, so a live job running for weeks keeps state only for the sessions still
     * going. Should such a session come back later, it starts afresh (its lap index from 1).
     */
    public long sessionTimeoutMs = 6 * 3_600_000L;

    /** Distance between the points of a lap's trace: a braking zone gets dozens of them. */
    public float traceStepM = 2f;

    /** The lap each lap's trace is compared with. */
    public Reference reference = Reference.sessionBest();

    public static LapOptions defaults() {
        return new LapOptions();
    }

    public LapOptions withMiniSectors(int count) {
        if (count < 2 || count > 1000)
            throw new IllegalArgumentException("mini-sectors must be 2..1000: " + count);
        LapOptions o = copy();
        o.miniSectors = count;
        return o;
    }

    public LapOptions withTyresOutAllowance(int tyres) {
        if (tyres < 0 || tyres > 4)
            throw new IllegalArgumentException("tyres-out allowance must be 0..4: " + tyres);
        LapOptions o = copy();
        o.tyresOutAllowance = tyres;
        return o;
    }

    public LapOptions withLastLapWaitMs(long ms) {
        LapOptions o = copy();
        o.lastLapWaitMs = nonNegative(ms, "last-lap wait");
        return o;
    }

    public LapOptions withDisorderToleranceMs(long ms) {
        LapOptions o = copy();
        o.disorderToleranceMs = nonNegative(ms, "disorder tolerance");
        return o;
    }

    public LapOptions withSessionTimeoutMs(long ms) {
        if (ms < 60_000)
            throw new IllegalArgumentException(
                    "session timeout must be at least a minute: " + ms + " ms");
        LapOptions o = copy();
        o.sessionTimeoutMs = ms;
        return o;
    }

    public LapOptions withTraceStepM(float metres) {
        if (!(metres >= 0.25f && metres <= 100f))
            throw new IllegalArgumentException("trace step must be 0.25..100 m: " + metres);
        LapOptions o = copy();
        o.traceStepM = metres;
        return o;
    }

    public LapOptions withReference(Reference choice) {
        LapOptions o = copy();
        o.reference = choice;
        return o;
    }

    private static long nonNegative(long ms, String what) {
        if (ms < 0) throw new IllegalArgumentException(what + " must not be negative: " + ms);
        return ms;
    }

    private LapOptions copy() {
        LapOptions o = new LapOptions();
        o.miniSectors = miniSectors;
        o.tyresOutAllowance = tyresOutAllowance;
        o.lastLapWaitMs = lastLapWaitMs;
        o.pauseGapMs = pauseGapMs;
        o.teleportM = teleportM;
        o.disorderToleranceMs = disorderToleranceMs;
        o.sessionTimeoutMs = sessionTimeoutMs;
        o.traceStepM = traceStepM;
        o.reference = reference;
        return o;
    }
}
