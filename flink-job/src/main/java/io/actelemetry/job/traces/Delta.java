package io.actelemetry.job.traces;

/**
 * The time a lap is behind its reference at each point of its trace, ms (negative: ahead). Points
 * are compared at the same fraction of the lap, so laps whose measured lengths differ a little
 * (distance from the path or the speed) still meet at the line: at the last point the delta is the
 * difference of the official times exactly, at the first zero. Both are rounded to whole ms before
 * the difference, so the deltas of consecutive windows add up exactly.
 */
public final class Delta {
    private Delta() {}

    public static int[] of(LapTrace lap, LapTrace reference) {
        int n = lap.points();
        int[] delta = new int[n];
        for (int i = 0; i < n; i++) {
            double fraction = i == n - 1 ? 1 : (double) lap.distanceM(i) / lap.lengthM;
            delta[i] =
                    Math.round(lap.elapsedMs[i]) - (int) Math.round(elapsedAt(reference, fraction));
        }
        return delta;
    }

    /** The reference's time at {@code fraction} of its lap, interpolated between its points. */
    static double elapsedAt(LapTrace ref, double fraction) {
        int last = ref.points() - 1;
        if (fraction >= 1) return ref.elapsedMs[last];
        if (fraction <= 0) return ref.elapsedMs[0];
        double at = fraction * ref.lengthM;
        double steps = at / ref.stepM;
        long point = Math.round(steps);
        // on a point of the reference's grid (laps of the same length): that point, exactly
        if (Math.abs(steps - point) < 1e-6 && point < last) return ref.elapsedMs[(int) point];
        int i = Math.min(last - 1, (int) Math.floor(steps));
        double d0 = ref.distanceM(i);
        double d1 = ref.distanceM(i + 1);
        double f = d1 <= d0 ? 0 : (at - d0) / (d1 - d0);
        return ref.elapsedMs[i] + (ref.elapsedMs[i + 1] - ref.elapsedMs[i]) * f;
    }
}
