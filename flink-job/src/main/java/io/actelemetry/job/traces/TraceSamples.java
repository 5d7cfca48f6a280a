package io.actelemetry.job.traces;

import java.util.Arrays;

/**
 * The samples of the lap being driven that its trace is made from, at most one every {@link
 * #SPACING_MS} of driving time (plus the lap's ends): enough for a braking zone to have dozens of
 * points at any speed, few enough that a lap's state stays small. Parallel primitive arrays; a
 * Flink POJO in keyed state.
 */
public class TraceSamples {
    /** Driving time between kept samples. */
    public static final float SPACING_MS = 20f;

    public int n;

    /** Driving time since the lap began, ms. */
    public float[] timeMs = new float[0];

    public float[] spline = new float[0];
    public float[] x = new float[0];
    public float[] z = new float[0];
    public float[] speedKmh = new float[0];
    public float[] throttle = new float[0];
    public float[] brake = new float[0];
    public float[] steer = new float[0];
    public float[] accLatG = new float[0];
    public byte[] gear = new byte[0];

    public TraceSamples() {}

    /** Keeps the sample unless one was kept less than {@link #SPACING_MS} before it. */
    public void sample(
            float timeMs,
            float spline,
            float x,
            float z,
            float speedKmh,
            float throttle,
            float brake,
            int gear,
            float steer,
            float accLatG) {
        if (n > 0 && timeMs - this.timeMs[n - 1] < SPACING_MS) return;
        add(timeMs, spline, x, z, speedKmh, throttle, brake, gear, steer, accLatG);
    }

    /** Keeps the sample whatever the spacing: the lap's ends. */
    public void add(
            float timeMs,
            float spline,
            float x,
            float z,
            float speedKmh,
            float throttle,
            float brake,
            int gear,
            float steer,
            float accLatG) {
        if (n > 0 && timeMs < this.timeMs[n - 1]) timeMs = this.timeMs[n - 1];
        if (n == this.timeMs.length) grow(Math.max(256, n * 2));
        this.timeMs[n] = timeMs;
        this.spline[n] = spline;
        this.x[n] = x;
        this.z[n] = z;
        this.speedKmh[n] = speedKmh;
        this.throttle[n] = throttle;
        this.brake[n] = brake;
        this.gear[n] = (byte) Math.max(-1, Math.min(gear, 127));
        this.steer[n] = steer;
        this.accLatG[n] = accLatG;
        n++;
    }

    private void grow(int size) {
        timeMs = Arrays.copyOf(timeMs, size);
        spline = Arrays.copyOf(spline, size);
        x = Arrays.copyOf(x, size);
        z = Arrays.copyOf(z, size);
        speedKmh = Arrays.copyOf(speedKmh, size);
        throttle = Arrays.copyOf(throttle, size);
        brake = Arrays.copyOf(brake, size);
        steer = Arrays.copyOf(steer, size);
        accLatG = Arrays.copyOf(accLatG, size);
        gear = Arrays.copyOf(gear, size);
    }
}
