package io.actelemetry.job.source.recording.order;

import io.actelemetry.job.frame.Frame;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** The frames of each chunk, as they come: for a single reader, whose chunks are in order. */
public class Unchunk implements FlatMapFunction<FrameChunk, Frame> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(FrameChunk chunk, Collector<Frame> out) {
        for (Frame f : chunk.frames) out.collect(f);
    }
}
