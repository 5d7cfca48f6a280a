package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The frames of one key not yet handed to the tracker, sorted by the host's monotonic clock (one
 * session's frames share it, and unlike the wall clock it never steps back), and how far the
 * release has gone. Holds at most the disorder tolerance's worth of frames (and at least the
 * tracker's line window): while one is released, the rest are what the tracker sees ahead of it. A
 * Flink POJO for keyed state.
 */
public class OrderingBuffer implements Ahead {
    /** frames[head..head+size) in order. */
    public Frame[] frames = new Frame[16];

    public int head;
    public int size;
    public long maxMonoNs = Long.MIN_VALUE;
    public long maxEventMs = Long.MIN_VALUE;
    public boolean released;
    public long releasedMonoNs;

    /** The idle timer last registered for this key, 0 when none is due. */
    public long idleTimerMs;

    /** The timer that ends the key once it has had no frame for the session timeout. */
    public long expiryTimerMs;

    public OrderingBuffer() {}

    @Override
    public int count() {
        return size;
    }

    @Override
    public Frame get(int i) {
        return frames[head + i];
    }

    /** Comes before (or is) the last frame released: too late to keep the order. */
    boolean late(Frame f) {
        return released && f.monotonicNs <= releasedMonoNs;
    }

    void add(Frame f) {
        if (head + size == frames.length) makeRoom();
        int at = head + size;
        while (at > head && f.monotonicNs < frames[at - 1].monotonicNs)
            at--; // disorder is small: a short walk back
        System.arraycopy(frames, at, frames, at + 1, head + size - at);
        frames[at] = f;
        size++;
        maxMonoNs = Math.max(maxMonoNs, f.monotonicNs);
        maxEventMs = Math.max(maxEventMs, f.eventTimeMs);
    }

    /**
     * The oldest frames, in order, while they are no newer than {@code monoLimitNs} or {@code
     * eventLimitMs}; each is out of the buffer when {@code sink} takes it.
     */
    void release(long monoLimitNs, long eventLimitMs, Consumer<Frame> sink) {
        while (size > 0
                && (frames[head].monotonicNs <= monoLimitNs
                        || frames[head].eventTimeMs <= eventLimitMs)) {
            Frame f = frames[head];
            frames[head++] = null;
            size--;
            released = true;
            releasedMonoNs = f.monotonicNs;
            sink.accept(f);
        }
        if (size == 0) head = 0;
    }

    private void makeRoom() {
        Frame[] target = size * 2 <= frames.length ? frames : new Frame[frames.length * 2];
        System.arraycopy(frames, head, target, 0, size);
        if (target == frames) Arrays.fill(frames, size, frames.length, null);
        frames = target;
        head = 0;
    }
}
