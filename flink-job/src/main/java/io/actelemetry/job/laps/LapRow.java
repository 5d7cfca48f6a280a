package io.actelemetry.job.laps;

/**
 * One lap: identity, timing, classification and aggregates. A Flink POJO (public fields, no
 * collections) and one row of the {@code laps} table. Rows are immutable once written: the
 * session-relative columns ({@link #personalBest}, {@link #deltaToBestMs}, {@link #sessionBestMs},
 * the theoretical bests) hold what was known when the lap was completed; the session's final best
 * is the last row with {@code personalBest}.
 *
 * <p>Boxed fields are null when unknown. Percentages are 0..100 of the lap's driving time. Times
 * are milliseconds; {@link #startTimeMs}/{@link #endTimeMs} are event time (epoch ms when the
 * frames carry the wall clock), interpolated at the line.
 */
public class LapRow {
    // identity
    public String sessionId;
    public String carId;
    public String driver;
    public String carModel;
    public String track;
    public String trackLayout;

    /** AC_SESSION_TYPE: 0 practice, 1 qualify, 2 race, 3 hotlap, ... */
    public int sessionType;

    /** 1, 2, 3 ... across the whole session: never resets, not even on a session restart. */
    public int lapIndex;

    /** The game's lap number (completed laps when the lap began, plus one). */
    public int lapNumber;

    /** 1 for the session's first run, +1 after each restart, teleport or game exit. */
    public int run;

    // timing
    public long startTimeMs;
    public long endTimeMs;

    /** The official time when the game gave one, else the computed time. */
    public int lapTimeMs;

    /**
     * The game's last-lap time for this lap; null when it never came (incomplete laps, lost
     * samples).
     */
    public Integer officialLapTimeMs;

    /** Driving time from the samples, interpolated at the line; pauses excluded. */
    public int computedLapTimeMs;

    /** True when {@link #lapTimeMs} is the computed time. */
    public boolean lapTimeComputed;

    /** The game's sectors in order; 0 where a sector was not timed (incomplete lap). */
    public int[] sectorTimesMs;

    /** Time stopped in pause, replay or menus during the lap, not part of any lap time. */
    public long pausedMs;

    // classification
    /** {@link LapClass#label()}: out, in, pit, flying, incomplete. */
    public String lapClass;

    public boolean valid;

    /**
     * "" when valid, else e.g. "tyres_out", "ai_controlled", "pit_lane", "incomplete", comma
     * separated.
     */
    public String invalidReason;

    /** This valid flying lap was the session's best when it was completed. */
    public boolean personalBest;

    /**
     * lapTimeMs minus the session's best valid flying lap so far (this lap included); null before
     * any and for incomplete laps.
     */
    public Integer deltaToBestMs;

    /** The session's best valid flying lap so far (this lap included); null before any. */
    public Integer sessionBestMs;

    /** Sum of the session's best valid sectors so far; null until every sector has one. */
    public Integer theoreticalBestMs;

    /**
     * Sum of the session's best valid mini-sectors so far; null until every mini-sector has one.
     */
    public Integer theoreticalBestMiniMs;

    // driving
    public float topSpeedKmh;
    public float minSpeedKmh;
    public float avgSpeedKmh;
    public float fullThrottlePct;
    public float brakingPct;
    public float coastingPct;
    public float peakLateralG;
    public float peakLongitudinalG;
    public int gearChanges;
    public float distanceM;

    // car
    public float fuelUsedL;
    public float fuelEndL;
    public float tyreCoreTempAvgFlC;
    public float tyreCoreTempAvgFrC;
    public float tyreCoreTempAvgRlC;
    public float tyreCoreTempAvgRrC;
    public float tyrePressureEndFlPsi;
    public float tyrePressureEndFrPsi;
    public float tyrePressureEndRlPsi;
    public float tyrePressureEndRrPsi;
    public int maxTyresOut;

    /** Driving time with more tyres out than the allowance. */
    public int offTrackMs;

    // data quality
    public int samples;

    /** Places where samples were lost (physics packetIds skipped, or a silence while driving). */
    public int sampleGaps;

    /** Physics steps lost in those gaps. */
    public int missingSamples;

    /**
     * Samples whose value was impossible or contradicted its neighbours (a counter of -1 for one
     * sample, a lap clock of hours, a last-lap time of 35,791 minutes, a spline or position jumping
     * away and back, NaN or infinite channels): counted here, replaced by the previous good value,
     * never part of the lap's time, boundaries or aggregates. One column per kind.
     */
    public int ignoredCounterSamples;

    public int ignoredLapClockSamples;
    public int ignoredLastLapSamples;
    public int ignoredSplineSamples;
    public int ignoredPositionSamples;
    public int ignoredNonFiniteSamples;

    public LapRow() {}

    @Override
    public String toString() {
        return "LapRow{"
                + sessionId
                + "/"
                + carId
                + " #"
                + lapIndex
                + " lap "
                + lapNumber
                + " run "
                + run
                + " "
                + lapClass
                + " "
                + lapTimeMs
                + (lapTimeComputed ? "ms computed" : "ms")
                + (valid ? "" : " invalid:" + invalidReason)
                + (personalBest ? " PB" : "")
                + "}";
    }
}
