package io.actelemetry.job.corners;

import io.actelemetry.job.traces.LapTrace;

/**
 * The curvature of a lap's path (1/m, positive turning counter-clockwise in x, y), from the heading
 * along the distance. Heading and curvature are taken over chords of {@link #HALF_SPAN_M} either
 * side and the curvature averaged as far again, so position jitter of a few decimetres averages out
 * over a few tens of metres.
 */
final class PathCurvature {
    static final float HALF_SPAN_M = 10f;

    static float[] of(LapTrace lap) {
        int n = lap.points();
        int half = Math.max(1, Math.round(HALF_SPAN_M / lap.stepM));
        double[] heading = new double[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(n - 1, i + half);
            heading[i] = Math.atan2(lap.y[hi] - lap.y[lo], lap.x[hi] - lap.x[lo]);
            if (i > 0) {
                // unwrapped, so a turn through +-pi is not a jump of 2 pi
                heading[i] -=
                        2 * Math.PI * Math.round((heading[i] - heading[i - 1]) / (2 * Math.PI));
            }
        }
        float[] curvature = new float[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(n - 1, i + half);
            float span = lap.distanceM(hi) - lap.distanceM(lo);
            curvature[i] = span > 0 ? (float) ((heading[hi] - heading[lo]) / span) : 0f;
        }
        return MovingAverage.of(curvature, HALF_SPAN_M, lap.stepM);
    }

    private PathCurvature() {}
}
