package io.actelemetry.job.laps;

/**
 * Where {@link LapTracker} puts what it finds. Rows of one lap come segments first, then the lap.
 */
public interface LapOutput {
    void lap(LapRow lap);

    void segment(SegmentRow segment);

    /** Once per key: whether its lap fields are trusted, and why; before any of its laps. */
    void lapFields(LapFieldsVerdict verdict);
}
