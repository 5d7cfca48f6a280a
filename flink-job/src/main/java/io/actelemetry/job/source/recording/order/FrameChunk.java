package io.actelemetry.job.source.recording.order;

import io.actelemetry.job.frame.Frame;

/**
 * Consecutive frames of one split of a recording, as its reader returns them: the unit that {@link
 * SplitSequencer} puts back in order when several readers read splits at once. Every split ends
 * with a chunk marked {@link #last} (empty when the split held no frame), so the sequencer knows
 * when to go on to the next. A Flink POJO.
 */
public class FrameChunk {
    /** The split's place in the input: splits are numbered in file name and offset order. */
    public long split;

    /** Whether this is the split's last chunk. */
    public boolean last;

    public Frame[] frames;

    public FrameChunk() {}

    public FrameChunk(long split, boolean last, Frame[] frames) {
        this.split = split;
        this.last = last;
        this.frames = frames;
    }
}
