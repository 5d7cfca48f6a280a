package io.actelemetry.job.corners;

import io.actelemetry.job.corners.Turns.Turn;
import io.actelemetry.job.traces.LapTrace;
import java.util.List;

/**
 * Finds the corners of a layout on one lap: the turns of its path, or of its lateral g when the lap
 * has no coordinates, or of its steering and speed when it has neither, each widened into a window
 * that holds the braking before it and the exit after it. Windows do not overlap and are numbered
 * along the lap.
 */
public final class CornerFinder {
    /** A 200 m radius: tighter bends are where a lap slows down or turns much. */
    static final float PATH_CURVATURE = 1f / 200f;

    /** Cornering g: a lane change or a kink on a straight stays below it, or only briefly above. */
    static final float LATERAL_G = 0.45f;

    /** Lateral g is averaged this far either side: it jitters with kerbs and the car's roll. */
    static final float LATERAL_HALF_SPAN_M = 10f;

    /** How far before a turn its braking is looked for. */
    static final float BRAKING_LOOKBACK_M = 250f;

    /** A window starts this far before the braking, or before the turn when there is none. */
    static final float LEAD_M = 30f;

    /** A window ends this far after its turn: the exit, where a slow corner keeps costing. */
    static final float EXIT_M = 30f;

    static final float BRAKE_ON = 0.1f;

    public static CornerMap find(LapTrace lap) {
        List<Turn> turns = turns(lap);
        int n = turns.size();
        int[] from = new int[n];
        int[] to = new int[n];
        for (int k = 0; k < n; k++) {
            int previousEnd = k == 0 ? 0 : turns.get(k - 1).to();
            from[k] = windowStart(lap, turns.get(k).from(), previousEnd);
            to[k] = Math.min(lap.points() - 1, turns.get(k).to() + points(lap, EXIT_M));
        }
        for (int k = 1; k < n; k++) {
            if (from[k] < to[k - 1]) {
                // overlapping windows (a chicane, a braking zone out of a corner) meet between the
                // turns
                int split = (turns.get(k - 1).to() + turns.get(k).from()) / 2;
                to[k - 1] = split;
                from[k] = split;
            }
        }
        CornerMap map = new CornerMap();
        map.track = lap.track;
        map.trackLayout = lap.trackLayout;
        map.source = source(lap).label;
        map.foundOn = lap.id();
        map.entry = new float[n];
        map.apex = new float[n];
        map.exit = new float[n];
        for (int k = 0; k < n; k++) {
            map.entry[k] = fraction(lap, from[k]);
            map.apex[k] = fraction(lap, turns.get(k).apex());
            map.exit[k] = fraction(lap, to[k]);
        }
        return map;
    }

    private static List<Turn> turns(LapTrace lap) {
        return switch (source(lap)) {
            case PATH -> Turns.find(PathCurvature.of(lap), PATH_CURVATURE, lap.stepM);
            case LATERAL ->
                    Turns.find(
                            MovingAverage.of(lap.accLatG, LATERAL_HALF_SPAN_M, lap.stepM),
                            LATERAL_G,
                            lap.stepM);
            case STEERING -> {
                float[] cornering = SteeringCornering.of(lap);
                yield Turns.find(
                        MovingAverage.of(cornering, LATERAL_HALF_SPAN_M, lap.stepM),
                        SteeringCornering.THRESHOLD,
                        lap.stepM);
            }
        };
    }

    /** What the corners are found from: the path, else lateral g, else steering and speed. */
    enum Source {
        PATH("path"),
        LATERAL("lateral"),
        STEERING("steering");

        final String label;

        Source(String label) {
            this.label = label;
        }
    }

    static Source source(LapTrace lap) {
        if (lap.hasCoordinates) return Source.PATH;
        for (float g : lap.accLatG) if (Math.abs(g) >= NO_LATERAL_G) return Source.LATERAL;
        return Source.STEERING; // a logger without the channel sends zero
    }

    /** A lap whose lateral g never reaches this has no such channel. */
    static final float NO_LATERAL_G = 0.05f;

    /**
     * Before the turn-in, the start of this lap's braking for it (found within the lookback and not
     * before the previous turn ends), less a lead.
     */
    private static int windowStart(LapTrace lap, int turnIn, int previousEnd) {
        int limit = Math.max(previousEnd, turnIn - points(lap, BRAKING_LOOKBACK_M));
        int i = turnIn;
        while (i > limit && lap.brake[i] <= BRAKE_ON) {
            i--;
        }
        if (lap.brake[i] <= BRAKE_ON) {
            return Math.max(limit, turnIn - points(lap, LEAD_M));
        }
        while (i > limit && lap.brake[i - 1] > BRAKE_ON) {
            i--;
        }
        return Math.max(limit, i - points(lap, LEAD_M));
    }

    private static int points(LapTrace lap, float metres) {
        return Math.round(metres / lap.stepM);
    }

    private static float fraction(LapTrace lap, int index) {
        return lap.distanceM(index) / lap.lengthM;
    }

    private CornerFinder() {}
}
