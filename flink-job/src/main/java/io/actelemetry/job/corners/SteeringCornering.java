package io.actelemetry.job.corners;

import io.actelemetry.job.traces.LapTrace;
import java.util.Arrays;

/**
 * How hard a lap corners where only its steering and speed are known: lateral acceleration is speed
 * squared over the radius, and the radius of a car turning without much slip goes with the inverse
 * of its steering angle, so steer times speed squared is lateral g times a constant of the car (its
 * steering lock and wheelbase), which the lap does not carry. The lap's own hard cornering sets the
 * scale instead: 1 is its 95th percentile.
 */
final class SteeringCornering {
    /**
     * Of the lap's hard cornering: about what {@link CornerFinder#LATERAL_G} is of a car's grip.
     */
    static final float THRESHOLD = 0.35f;

    private SteeringCornering() {}

    static float[] of(LapTrace lap) {
        int n = lap.points();
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            float v = lap.speedKmh[i] / 3.6f;
            c[i] = lap.steer[i] * v * v;
        }
        float[] magnitude = new float[n];
        for (int i = 0; i < n; i++) magnitude[i] = Math.abs(c[i]);
        Arrays.sort(magnitude);
        float scale = n == 0 ? 0 : magnitude[(int) (0.95 * (n - 1))];
        if (scale <= 0) return new float[n]; // no steering at all: no corners
        for (int i = 0; i < n; i++) c[i] /= scale;
        return c;
    }
}
