package io.actelemetry.job.laps;

/**
 * One sector or mini-sector of one lap: a row of the {@code segments} table, a Flink POJO. Only
 * segments driven whole (entered at their start boundary, left at their end) become rows.
 *
 * <p>Mini-sectors are equal slices of the AI spline ({@code normalizedCarPos}), fixed per track so
 * they compare across sessions; a mini-sector belongs to the lap in which the car passed its
 * middle, so every lap lists 0..n-1 in order even though the spline's zero is not exactly on the
 * timing line.
 */
public class SegmentRow {
    public static final String SECTOR = "sector";
    public static final String MINI_SECTOR = "mini";

    public String sessionId;
    public String carId;

    /** {@link LapRow#lapIndex} of the lap the segment belongs to. */
    public int lapIndex;

    public int lapNumber;

    /** {@link #SECTOR} (the game's sectors) or {@link #MINI_SECTOR}. */
    public String kind;

    /** 0-based. */
    public int segmentIndex;

    /** Spline span (0..1) of a mini-sector; for sectors, where the car was at the sector's ends. */
    public float splineStart;

    public float splineEnd;

    /** Event time at entry, interpolated at the boundary. */
    public long startTimeMs;

    /**
     * The game's split for sectors when it gave one, else driving time interpolated at the
     * boundaries.
     */
    public int timeMs;

    public boolean timeComputed;
    public float entrySpeedKmh;
    public float exitSpeedKmh;
    public float minSpeedKmh;
    public float maxSpeedKmh;

    /** Time-weighted means, 0..1. */
    public float throttleMean;

    public float brakeMean;
    public float fullThrottlePct;
    public float brakingPct;
    public int brakeApplications;

    /** Largest |steer| input, 0..1. */
    public float maxSteer;

    public int samples;
    public boolean valid;
    public String invalidReason;

    public SegmentRow() {}

    @Override
    public String toString() {
        return "SegmentRow{#"
                + lapIndex
                + " "
                + kind
                + " "
                + segmentIndex
                + " "
                + timeMs
                + "ms"
                + (valid ? "" : " invalid:" + invalidReason)
                + "}";
    }
}
