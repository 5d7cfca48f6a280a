package io.actelemetry.job.laps;

import io.actelemetry.job.traces.LapTrace;

/**
 * Where {@link LapTracker} puts what it finds. Rows of one lap come segments first, then the lap,
 * then its trace.
 */
public interface LapOutput {
    void lap(LapRow lap);

    void segment(SegmentRow segment);

    /** A lap timed at the line on its distance grid, after the lap's row. */
    void trace(LapTrace trace);

    /** Once per key: whether its lap fields are trusted, and why; before any of its laps. */
    void lapFields(LapFieldsVerdict verdict);
}
