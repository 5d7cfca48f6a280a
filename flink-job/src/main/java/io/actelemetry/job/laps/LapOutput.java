package io.actelemetry.job.laps;

/** Where {@link LapTracker} puts what it finds. Rows of one lap come segments first, then the lap. */
public interface LapOutput {
    void lap(LapRow lap);

    void segment(SegmentRow segment);

    /** The key's input ended and none of it could give laps (frames of the original bridge only). */
    void noLapData(NoLapData notice);
}
