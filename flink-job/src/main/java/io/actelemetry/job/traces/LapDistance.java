package io.actelemetry.job.traces;

/**
 * How far along its lap each sample of a lap was, in metres from the line, never decreasing: from
 * the spline position times the track's spline length when both are trustworthy, otherwise from the
 * car's world coordinates (the path's length), otherwise from the speed integrated over time.
 * Backward movement (reverse gear, or the spline going back in a spin) counts as negative progress
 * and the distance holds until the car is past where it was: the time it cost shows where it was
 * lost, and nothing is gained by it.
 */
public final class LapDistance {

    /** Where a lap's distance came from. */
    public enum Source {
        SPLINE("spline"),
        PATH("path"),
        SPEED("speed");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Spline lengths outside this are not a track's (real logs carry 1.8e-44). */
    static final float MIN_TRACK_M = 100f;

    static final float MAX_TRACK_M = 100_000f;

    /**
     * A channel's length of the lap must agree with the integrated speed's within this fraction to
     * be trusted: a spline length of another layout, or coordinates that jump, do not.
     */
    static final double AGREE = 0.15;

    /** A step longer than the speed allows, by this factor plus {@link #SLACK_M}, is a glitch. */
    private static final double STEP_FACTOR = 2.0;

    private static final double SLACK_M = 10.0;

    /** The distances, one per sample, and the source they came from. */
    public record Result(Source source, double[] distanceM) {
        public double lengthM() {
            return distanceM.length == 0 ? 0 : distanceM[distanceM.length - 1];
        }
    }

    private LapDistance() {}

    public static Result of(TraceSamples t, float splineLengthM) {
        boolean gears = hasGears(t);
        double[] speed = fromSpeed(t, gears);
        double speedLength = last(speed);
        double[] spline = fromSpline(t, splineLengthM, gears);
        if (spline != null && agrees(last(spline), speedLength))
            return new Result(Source.SPLINE, spline);
        double[] path = fromPath(t, gears);
        if (path != null && agrees(last(path), speedLength)) return new Result(Source.PATH, path);
        return new Result(Source.SPEED, speed);
    }

    private static boolean agrees(double length, double speedLength) {
        return length > 0 && Math.abs(length - speedLength) <= AGREE * speedLength;
    }

    private static double last(double[] d) {
        return d.length == 0 ? 0 : d[d.length - 1];
    }

    /** What the speed allows between samples {@code i - 1} and {@code i}, m; negative reversing. */
    private static double speedStep(TraceSamples t, int i, boolean gears) {
        double dt = (t.timeMs[i] - t.timeMs[i - 1]) / 1000.0;
        double v = (Math.abs(t.speedKmh[i]) + Math.abs(t.speedKmh[i - 1])) / 2 / 3.6;
        return v * dt * (reversing(t, i, gears) ? -1 : 1);
    }

    private static boolean reversing(TraceSamples t, int i, boolean gears) {
        return gears && t.gear[i] == -1;
    }

    /**
     * Whether the gear channel is real: a producer without it gives one value throughout (the
     * original contract's raw 0 reads as reverse), and nobody drives a whole lap in reverse.
     */
    private static boolean hasGears(TraceSamples t) {
        for (int i = 0; i < t.n; i++) if (t.gear[i] > 0) return true;
        return false;
    }

    private static double[] fromSpeed(TraceSamples t, boolean gears) {
        double[] d = new double[t.n];
        double progress = 0;
        for (int i = 1; i < t.n; i++) {
            progress += speedStep(t, i, gears);
            d[i] = Math.max(d[i - 1], progress);
        }
        return d;
    }

    private static double[] fromSpline(TraceSamples t, float lengthM, boolean gears) {
        if (!(lengthM >= MIN_TRACK_M && lengthM <= MAX_TRACK_M) || t.n < 2) return null;
        boolean any = false;
        for (int i = 0; i < t.n; i++) {
            if (!Float.isFinite(t.spline[i])) return null;
            any |= t.spline[i] != 0;
        }
        if (!any) return null; // a producer without the channel sends zero
        double[] d = new double[t.n];
        double progress = 0;
        for (int i = 1; i < t.n; i++) {
            double moved = t.spline[i] - t.spline[i - 1];
            if (moved < -0.5) moved += 1; // across the spline's zero
            else if (moved > 0.5) moved -= 1;
            double m = moved * lengthM;
            double step = speedStep(t, i, gears);
            progress += Math.abs(m) <= Math.abs(step) * STEP_FACTOR + SLACK_M ? m : step;
            d[i] = Math.max(d[i - 1], progress);
        }
        return d;
    }

    private static double[] fromPath(TraceSamples t, boolean gears) {
        if (!hasCoordinates(t)) return null;
        double[] d = new double[t.n];
        double progress = 0;
        for (int i = 1; i < t.n; i++) {
            double step = Math.hypot(t.x[i] - t.x[i - 1], t.z[i] - t.z[i - 1]);
            double possible = Math.abs(speedStep(t, i, gears));
            if (step > possible * STEP_FACTOR + SLACK_M) step = possible; // coordinates jumped
            progress += reversing(t, i, gears) ? -step : step;
            d[i] = Math.max(d[i - 1], progress);
        }
        return d;
    }

    /** Whether every sample holds the car's world position, and the car moved. */
    public static boolean hasCoordinates(TraceSamples t) {
        if (t.n < 2) return false;
        boolean moved = false;
        for (int i = 0; i < t.n; i++) {
            if (!Float.isFinite(t.x[i]) || !Float.isFinite(t.z[i])) return false;
            if (t.x[i] == 0 && t.z[i] == 0) return false; // a producer without them sends zero
            moved |= t.x[i] != t.x[0] || t.z[i] != t.z[0];
        }
        return moved;
    }
}
