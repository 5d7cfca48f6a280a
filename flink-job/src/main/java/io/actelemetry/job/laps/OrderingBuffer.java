package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;

import java.util.function.Consumer;

/**
 * The frames of one key not yet handed to the tracker, kept sorted by (event time, monotonic time), and how far
 * the release has gone. Holds at most the disorder tolerance's worth of frames. A Flink POJO for keyed state.
 */
public class OrderingBuffer {
    /** frames[head..head+size) in order. */
    public Frame[] frames = new Frame[16];
    public int head;
    public int size;
    public long maxEventMs = Long.MIN_VALUE;
    public boolean released;
    public long releasedEventMs;
    public long releasedMonoNs;
    /** The idle timer last registered for this key, 0 when none is due. */
    public long idleTimerMs;

    public OrderingBuffer() {}

    /** Comes before (or is) the last frame released: too late to keep the order. */
    boolean late(Frame f) {
        return released && compare(f.eventTimeMs, f.monotonicNs, releasedEventMs, releasedMonoNs) <= 0;
    }

    void add(Frame f) {
        if (head + size == frames.length) makeRoom();
        int at = head + size;
        while (at > head && compare(f, frames[at - 1]) < 0) at--; // disorder is small: a short walk back
        System.arraycopy(frames, at, frames, at + 1, head + size - at);
        frames[at] = f;
        size++;
        maxEventMs = Math.max(maxEventMs, f.eventTimeMs);
    }

    /** Hands every frame with event time at or below {@code limitMs} to {@code sink}, in order. */
    void releaseUpTo(long limitMs, Consumer<Frame> sink) {
        while (size > 0 && frames[head].eventTimeMs <= limitMs) {
            Frame f = frames[head];
            frames[head++] = null;
            size--;
            released = true;
            releasedEventMs = f.eventTimeMs;
            releasedMonoNs = f.monotonicNs;
            sink.accept(f);
        }
        if (size == 0) head = 0;
    }

    private void makeRoom() {
        Frame[] target = size * 2 <= frames.length ? frames : new Frame[frames.length * 2];
        System.arraycopy(frames, head, target, 0, size);
        if (target == frames) java.util.Arrays.fill(frames, size, frames.length, null);
        frames = target;
        head = 0;
    }

    private static int compare(Frame a, Frame b) {
        return compare(a.eventTimeMs, a.monotonicNs, b.eventTimeMs, b.monotonicNs);
    }

    private static int compare(long eventA, long monoA, long eventB, long monoB) {
        int c = Long.compare(eventA, eventB);
        return c != 0 ? c : Long.compare(monoA, monoB);
    }
}
