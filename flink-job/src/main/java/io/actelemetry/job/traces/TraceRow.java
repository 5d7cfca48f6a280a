package io.actelemetry.job.traces;

/**
 * One point of one lap's trace: a row of the {@code traces} table, a Flink POJO. Laps are on a
 * fixed distance grid, with {@link #deltaMs} the time to the reference lap at the same point of the
 * lap (positive: behind), so at the lap's last point it is the gap between the official times.
 */
public class TraceRow {
    public String sessionId;
    public String carId;
    public int lapIndex;
    public float distanceM;

    /** Driving time since the lap began, ending at the lap's official time. */
    public int elapsedMs;

    public float speedKmh;
    public float throttle;
    public float brake;
    public int gear;
    public float steer;

    /** The car's world position on the ground plane (AC's x and z), m; null without coordinates. */
    public Float x;

    public Float y;

    /** Null while there is no reference lap. */
    public Integer deltaMs;

    public Integer referenceLapIndex;

    /** The reference lap's session when it is not this lap's (a personal best from elsewhere). */
    public String referenceSessionId;

    public TraceRow() {}
}
