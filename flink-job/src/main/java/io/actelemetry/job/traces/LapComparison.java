package io.actelemetry.job.traces;

import io.actelemetry.job.corners.CornerMap;
import io.actelemetry.job.corners.CornerMeasure;
import io.actelemetry.job.corners.CornerRow;

/** One lap against its reference: the rows of its trace and of its corners. No Flink here. */
public final class LapComparison {
    private LapComparison() {}

    /**
     * The rows of {@code lap} against {@code reference} (null: none yet, the deltas are null) in
     * the windows of {@code corners} (null: none found yet, no corner rows).
     */
    public static void rows(
            LapTrace lap, LapTrace reference, CornerMap corners, ComparisonOutput out) {
        int[] delta = reference == null ? null : Delta.of(lap, reference);
        Integer refLap = reference == null ? null : reference.lapIndex;
        String refSession =
                reference == null || reference.sessionId.equals(lap.sessionId)
                        ? null
                        : reference.sessionId;
        for (int i = 0; i < lap.points(); i++) {
            TraceRow r = new TraceRow();
            r.sessionId = lap.sessionId;
            r.carId = lap.carId;
            r.lapIndex = lap.lapIndex;
            r.distanceM = lap.distanceM(i);
            r.elapsedMs = Math.round(lap.elapsedMs[i]);
            r.speedKmh = lap.speedKmh[i];
            r.throttle = lap.throttle[i];
            r.brake = lap.brake[i];
            r.gear = lap.gear[i];
            r.steer = lap.steer[i];
            if (lap.hasCoordinates) {
                r.x = lap.x[i];
                r.y = lap.y[i];
            }
            r.deltaMs = delta == null ? null : delta[i];
            r.referenceLapIndex = refLap;
            r.referenceSessionId = refSession;
            out.trace(r);
        }
        if (corners == null) return;
        for (CornerRow c : CornerMeasure.rows(lap, delta, corners, refLap)) {
            c.sessionId = lap.sessionId;
            c.carId = lap.carId;
            c.lapIndex = lap.lapIndex;
            out.corner(c);
        }
    }
}
