package io.actelemetry.job.traces;

/** Puts a lap's samples on its distance grid. */
public final class Traces {
    private Traces() {}

    /**
     * The trace of a lap timed {@code lapTimeMs} from its {@code samples}: a point every {@code
     * stepM} of {@link LapDistance} and one at its end, each interpolated where the car first
     * reached it, the driving time scaled so that the end is at the lap's time (the samples' clock
     * and the game's differ by a few ms). Null when the lap has no distance to put on a grid.
     * Identity fields are left for the caller.
     */
    public static LapTrace resample(
            TraceSamples samples, float splineLengthM, float stepM, int lapTimeMs) {
        if (samples.n < 2 || lapTimeMs <= 0) return null;
        LapDistance.Result distance = LapDistance.of(samples, splineLengthM);
        double length = distance.lengthM();
        double rawEnd = samples.timeMs[samples.n - 1];
        if (length < stepM || rawEnd <= 0) return null;
        double scale = lapTimeMs / rawEnd;
        double[] d = distance.distanceM();
        int points = (int) Math.floor(length / stepM) + 1;
        if ((points - 1) * (double) stepM < length) points++; // the end, between two steps

        LapTrace t = new LapTrace();
        t.distanceSource = distance.source().label();
        t.stepM = stepM;
        t.lengthM = (float) length;
        t.hasCoordinates = LapDistance.hasCoordinates(samples);
        t.elapsedMs = new float[points];
        t.speedKmh = new float[points];
        t.throttle = new float[points];
        t.brake = new float[points];
        t.gear = new byte[points];
        t.steer = new float[points];
        t.accLatG = new float[points];
        t.x = new float[points];
        t.y = new float[points];
        int k = 1; // the first sample at or beyond the point's distance
        for (int i = 0; i < points; i++) {
            double at = Math.min(i * (double) stepM, length);
            while (k < samples.n - 1 && d[k] < at) k++;
            double span = d[k] - d[k - 1];
            double f = span <= 0 ? 1 : Math.max(0, Math.min(1, (at - d[k - 1]) / span));
            if (i == 0) f = 0;
            t.elapsedMs[i] = (float) (lerp(samples.timeMs, k, f) * scale);
            t.speedKmh[i] = (float) lerp(samples.speedKmh, k, f);
            t.throttle[i] = (float) lerp(samples.throttle, k, f);
            t.brake[i] = (float) lerp(samples.brake, k, f);
            t.steer[i] = (float) lerp(samples.steer, k, f);
            t.accLatG[i] = (float) lerp(samples.accLatG, k, f);
            t.gear[i] = f < 0.5 ? samples.gear[k - 1] : samples.gear[k];
            t.x[i] = t.hasCoordinates ? (float) lerp(samples.x, k, f) : Float.NaN;
            t.y[i] = t.hasCoordinates ? (float) lerp(samples.z, k, f) : Float.NaN;
        }
        t.elapsedMs[0] = 0;
        t.elapsedMs[points - 1] = lapTimeMs;
        return t;
    }

    private static double lerp(float[] v, int k, double f) {
        return v[k - 1] + (v[k] - v[k - 1]) * f;
    }
}
