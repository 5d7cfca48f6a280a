package io.actelemetry.job.traces;

/**
 * One lap on a fixed distance grid: point {@code i} lies at {@code min(i * stepM, lengthM)}, so the
 * last point is the lap's end, where {@link #elapsedMs} is the lap's official time. Values between
 * the samples are interpolated where the car first reached the point's distance (the distance only
 * ever increases, so a spin or a reverse costs time and gains none). A Flink POJO; serializable
 * too, as a reference lap given to the job.
 */
public class LapTrace implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public String sessionId;
    public String carId;
    public String carModel;
    public String track;
    public String trackLayout;
    public int lapIndex;
    public int lapTimeMs;
    public boolean valid;

    /** {@code LapRow#lapClass}: out, in, pit, flying, incomplete. */
    public String lapClass;

    /** Event time at the lap's end: the order in which laps were driven. */
    public long endTimeMs;

    /** {@link LapDistance.Source#label()}: which channel the distance came from. */
    public String distanceSource;

    public float stepM;
    public float lengthM;

    /** Whether {@link #x} and {@link #y} hold the car's world position (else NaN). */
    public boolean hasCoordinates;

    /** Driving time since the lap began (pauses excluded), anchored at the official time. */
    public float[] elapsedMs;

    public float[] speedKmh;
    public float[] throttle;
    public float[] brake;
    public byte[] gear;
    public float[] steer;

    /** Lateral acceleration, g: finds corners where there are no coordinates. */
    public float[] accLatG;

    /** World x and z (AC's ground plane), m. */
    public float[] x;

    public float[] y;

    public LapTrace() {}

    public int points() {
        return elapsedMs == null ? 0 : elapsedMs.length;
    }

    public float distanceM(int i) {
        return Math.min(i * stepM, lengthM);
    }

    /** Who the lap is: {@code session:car:lap}. */
    public String id() {
        return sessionId + ":" + carId + ":" + lapIndex;
    }

    public boolean flyingAndValid() {
        return valid && "flying".equals(lapClass);
    }
}
