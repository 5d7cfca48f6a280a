package io.actelemetry.job.corners;

import io.actelemetry.job.traces.LapTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a lap into the corners of its layout's {@link CornerMap} and the straights between, one
 * {@link CornerRow} each, in lap order. Window boundaries are snapped to this lap's grid, and each
 * row runs from its boundary to the next, so times and losses add up over the lap exactly.
 */
public final class CornerMeasure {
    static final float BRAKE_ON = 0.1f;
    static final float THROTTLE_ON = 0.5f;

    /**
     * @param deltaMs time behind the reference at each point of the lap, or null without one
     */
    public static List<CornerRow> rows(
            LapTrace lap, int[] deltaMs, CornerMap map, Integer referenceLapIndex) {
        if (deltaMs != null && deltaMs.length != lap.points()) {
            throw new IllegalArgumentException(
                    "delta has " + deltaMs.length + " points, the lap " + lap.points());
        }
        int last = lap.points() - 1;
        int corners = map.corners();
        // boundaries: line, corner 1 entry, corner 1 exit, ..., corner n exit, line
        int[] at = new int[2 * corners + 2];
        at[at.length - 1] = last;
        for (int k = 0; k < corners; k++) {
            at[2 * k + 1] = Math.max(at[2 * k], snap(lap, map.entry[k]));
            at[2 * k + 2] = Math.max(at[2 * k + 1], snap(lap, map.exit[k]));
        }
        List<CornerRow> rows = new ArrayList<>(at.length - 1);
        for (int r = 0; r + 1 < at.length; r++) {
            boolean corner = r % 2 == 1;
            CornerRow row = row(lap, deltaMs, at[r], at[r + 1], referenceLapIndex);
            row.kind = corner ? CornerRow.CORNER : CornerRow.STRAIGHT;
            row.corner = (r + 1) / 2;
            if (corner) {
                cornerDetails(lap, at[r], at[r + 1], row);
            }
            rows.add(row);
        }
        return rows;
    }

    private static CornerRow row(
            LapTrace lap, int[] deltaMs, int from, int to, Integer referenceLapIndex) {
        CornerRow row = new CornerRow();
        row.sessionId = lap.sessionId;
        row.carId = lap.carId;
        row.lapIndex = lap.lapIndex;
        row.startM = lap.distanceM(from);
        row.endM = lap.distanceM(to);
        row.entrySpeedKmh = lap.speedKmh[from];
        row.exitSpeedKmh = lap.speedKmh[to];
        row.minSpeedKmh = lap.speedKmh[slowest(lap, from, to)];
        // each boundary's time rounded once, so the rows' times add up to the rounded lap time
        row.timeMs = Math.round(lap.elapsedMs[to]) - Math.round(lap.elapsedMs[from]);
        row.timeLostMs = deltaMs == null ? null : deltaMs[to] - deltaMs[from];
        row.referenceLapIndex = referenceLapIndex;
        return row;
    }

    private static void cornerDetails(LapTrace lap, int from, int to, CornerRow row) {
        int apex = slowest(lap, from, to);
        row.apexDistanceM = lap.distanceM(apex);
        for (int i = from; i <= to; i++) {
            if (lap.brake[i] > BRAKE_ON) {
                row.brakePointM = lap.distanceM(i);
                break;
            }
        }
        for (int i = apex; i <= to; i++) {
            if (lap.throttle[i] >= THROTTLE_ON) {
                row.throttleOnM = lap.distanceM(i);
                break;
            }
        }
    }

    private static int slowest(LapTrace lap, int from, int to) {
        int best = from;
        for (int i = from + 1; i <= to; i++) {
            if (lap.speedKmh[i] < lap.speedKmh[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The grid point nearest a fraction of this lap. */
    private static int snap(LapTrace lap, float fraction) {
        int i = Math.round(fraction * lap.lengthM / lap.stepM);
        return Math.max(0, Math.min(lap.points() - 1, i));
    }

    private CornerMeasure() {}
}
