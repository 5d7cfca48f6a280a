package io.actelemetry.job.source.recording.order;

import io.actelemetry.job.frame.Frame;
import java.util.ArrayDeque;
import java.util.TreeMap;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Puts the chunks of splits read by several readers back into split order and hands on their
 * frames: the stream that comes out is the one a single reader gives, frame for frame, so every
 * session keeps its order and a replay its output whatever the number of readers. Runs at
 * parallelism 1 in a bounded replay. Chunks of a split that is not the next one wait here: about
 * one split for each reader that is ahead.
 */
public class SplitSequencer extends ProcessFunction<FrameChunk, Frame> {
    private static final long serialVersionUID = 1L;

    /** Chunks of splits ahead of {@link #next}, each split's in the order its reader sent them. */
    private final TreeMap<Long, ArrayDeque<FrameChunk>> waiting = new TreeMap<>();

    private long next;

    @Override
    public void processElement(FrameChunk chunk, Context ctx, Collector<Frame> out) {
        if (chunk.split != next) {
            waiting.computeIfAbsent(chunk.split, s -> new ArrayDeque<>())
                    .add(new FrameChunk(chunk.split, chunk.last, chunk.frames));
            return;
        }
        emit(chunk, out);
        while (chunk.last && !waiting.isEmpty() && waiting.firstKey() == next) {
            ArrayDeque<FrameChunk> queue = waiting.firstEntry().getValue();
            while (!queue.isEmpty()) {
                chunk = queue.poll();
                emit(chunk, out);
                if (chunk.last) break;
            }
            if (queue.isEmpty()) waiting.pollFirstEntry();
            if (!chunk.last) break; // the rest of this split comes straight from its reader
        }
    }

    private void emit(FrameChunk chunk, Collector<Frame> out) {
        for (Frame f : chunk.frames) out.collect(f);
        if (chunk.last) next = chunk.split + 1;
    }
}
