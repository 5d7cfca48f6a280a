package io.actelemetry.job.traces;

import io.actelemetry.job.corners.CornerMap;

/**
 * What the live comparison keeps per track layout: its corners once found, the lap chosen as the
 * reference once driven, and each (session, car)'s best lap so far with when its last lap ended,
 * dropped once the session has been silent for the session timeout. A Flink POJO in keyed state.
 */
public class LayoutState {
    public CornerMap corners;
    public LapTrace chosen;

    /** (session, car) keys, with each one's best lap so far (null before one) and last lap end. */
    public String[] keys = new String[0];

    public LapTrace[] best = new LapTrace[0];
    public long[] lastEndMs = new long[0];

    public LayoutState() {}
}
