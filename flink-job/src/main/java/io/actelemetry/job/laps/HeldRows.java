package io.actelemetry.job.laps;

import io.actelemetry.job.traces.LapTrace;
import java.util.Arrays;

/**
 * The rows of a key whose lap fields are not yet judged ({@link LapFieldEvidence}), in the order
 * they came: handed on when the fields are trusted, dropped when not. Rows come from line crossings
 * and restarts, so there are few of them. A Flink POJO in keyed state.
 */
public class HeldRows implements LapOutput {
    public LapRow[] laps = new LapRow[0];
    public int lapCount;
    public SegmentRow[] segments = new SegmentRow[0];
    public int segmentCount;
    public LapTrace[] traces = new LapTrace[0];
    public int traceCount;

    public HeldRows() {}

    @Override
    public void lap(LapRow lap) {
        if (lapCount == laps.length) laps = Arrays.copyOf(laps, Math.max(4, lapCount * 2));
        laps[lapCount++] = lap;
    }

    @Override
    public void segment(SegmentRow segment) {
        if (segmentCount == segments.length)
            segments = Arrays.copyOf(segments, Math.max(32, segmentCount * 2));
        segments[segmentCount++] = segment;
    }

    @Override
    public void trace(LapTrace trace) {
        if (traceCount == traces.length)
            traces = Arrays.copyOf(traces, Math.max(4, traceCount * 2));
        traces[traceCount++] = trace;
    }

    @Override
    public void lapFields(LapFieldsVerdict verdict) {
        throw new IllegalStateException("a verdict is never held");
    }

    /** Hands every row on to {@code out}: segments, laps, traces, as they came. */
    void release(LapOutput out) {
        for (int i = 0; i < segmentCount; i++) out.segment(segments[i]);
        for (int i = 0; i < lapCount; i++) out.lap(laps[i]);
        for (int i = 0; i < traceCount; i++) out.trace(traces[i]);
    }
}
