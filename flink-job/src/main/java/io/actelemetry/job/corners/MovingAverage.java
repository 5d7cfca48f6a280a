package io.actelemetry.job.corners;

/** A centred moving average over a lap's grid, narrower at the lap's ends. */
final class MovingAverage {
    static float[] of(float[] values, float halfSpanM, float stepM) {
        int n = values.length;
        int half = Math.max(1, Math.round(halfSpanM / stepM));
        double[] sums = new double[n + 1];
        for (int i = 0; i < n; i++) {
            sums[i + 1] = sums[i] + values[i];
        }
        float[] smooth = new float[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(n - 1, i + half);
            smooth[i] = (float) ((sums[hi + 1] - sums[lo]) / (hi - lo + 1));
        }
        return smooth;
    }

    private MovingAverage() {}
}
