package io.actelemetry.job.laps;

/**
 * Running statistics of one segment (sector, mini-sector, or a whole lap's driving) while the car
 * drives it: sums and extremes only, so its size does not grow with the segment. Time-weighted with
 * each sample's driving interval. A Flink POJO: it lives in keyed state.
 */
public class SegmentAcc {
    public int index;

    /** Entered at its start boundary (not mid-way after a run start, teleport or reversing). */
    public boolean clean;

    public boolean closed;
    public long startEventMs;
    public float splineStart;
    public float splineEnd;
    public long drivingNs;
    public float entrySpeedKmh;
    public float exitSpeedKmh;
    public float minSpeedKmh = Float.MAX_VALUE;
    public float maxSpeedKmh;
    public double gasNs;
    public double brakeNs;
    public long fullThrottleNs;
    public long brakingNs;
    public int brakeApplications;
    public float maxSteer;
    public int samples;

    /** {@link Invalidity} bits. */
    public int reasons;

    /** The game's own time for it (sectors), 0 when none. */
    public int officialMs;

    public SegmentAcc() {}

    static final float FULL_THROTTLE = 0.98f;
    static final float BRAKING = 0.05f;

    void start(int index, boolean clean, long eventMs, float spline, float speedKmh) {
        this.index = index;
        this.clean = clean;
        this.closed = false;
        this.startEventMs = eventMs;
        this.splineStart = spline;
        this.splineEnd = spline;
        this.drivingNs = 0;
        this.entrySpeedKmh = speedKmh;
        this.exitSpeedKmh = speedKmh;
        this.minSpeedKmh = speedKmh;
        this.maxSpeedKmh = speedKmh;
        this.gasNs = 0;
        this.brakeNs = 0;
        this.fullThrottleNs = 0;
        this.brakingNs = 0;
        this.brakeApplications = 0;
        this.maxSteer = 0;
        this.samples = 0;
        this.reasons = 0;
        this.officialMs = 0;
    }

    /** The interval of {@code dtNs} driving time that ends at a sample with these inputs. */
    void drive(long dtNs, float gas, float brake) {
        drivingNs += dtNs;
        gasNs += (double) gas * dtNs;
        brakeNs += (double) brake * dtNs;
        if (gas >= FULL_THROTTLE) fullThrottleNs += dtNs;
        if (brake > BRAKING) brakingNs += dtNs;
    }

    void sample(float speedKmh, float steer, boolean brakeApplied, int reasonBits) {
        samples++;
        speed(speedKmh);
        maxSteer = Math.max(maxSteer, Math.abs(steer));
        if (brakeApplied) brakeApplications++;
        reasons |= reasonBits;
    }

    void speed(float speedKmh) {
        minSpeedKmh = Math.min(minSpeedKmh, speedKmh);
        maxSpeedKmh = Math.max(maxSpeedKmh, speedKmh);
        exitSpeedKmh = speedKmh;
    }

    void close(float spline, float exitSpeedKmh) {
        speed(exitSpeedKmh);
        splineEnd = spline;
        closed = true;
    }

    int computedMs() {
        return (int) Math.round(drivingNs / 1e6);
    }

    int timeMs() {
        return officialMs > 0 ? officialMs : computedMs();
    }

    boolean timed() {
        return clean && closed && drivingNs > 0;
    }

    static float pct(long partNs, long wholeNs) {
        return wholeNs <= 0 ? 0f : (float) (100.0 * partNs / wholeNs);
    }

    SegmentRow toRow(String kind, LapRow lap) {
        SegmentRow r = new SegmentRow();
        r.sessionId = lap.sessionId;
        r.carId = lap.carId;
        r.lapIndex = lap.lapIndex;
        r.lapNumber = lap.lapNumber;
        r.kind = kind;
        r.segmentIndex = index;
        r.splineStart = splineStart;
        r.splineEnd = splineEnd;
        r.startTimeMs = startEventMs;
        r.timeMs = timeMs();
        r.timeComputed = officialMs <= 0;
        r.entrySpeedKmh = entrySpeedKmh;
        r.exitSpeedKmh = exitSpeedKmh;
        r.minSpeedKmh = minSpeedKmh;
        r.maxSpeedKmh = maxSpeedKmh;
        r.throttleMean = drivingNs <= 0 ? 0f : (float) (gasNs / drivingNs);
        r.brakeMean = drivingNs <= 0 ? 0f : (float) (brakeNs / drivingNs);
        r.fullThrottlePct = pct(fullThrottleNs, drivingNs);
        r.brakingPct = pct(brakingNs, drivingNs);
        r.brakeApplications = brakeApplications;
        r.maxSteer = maxSteer;
        r.samples = samples;
        r.valid = reasons == 0;
        r.invalidReason = Invalidity.describe(reasons);
        return r;
    }
}
