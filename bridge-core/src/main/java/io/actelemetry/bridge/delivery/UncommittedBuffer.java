package io.actelemetry.bridge.delivery;

import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * The frames the server has not yet committed, oldest first, bounded by count and bytes.
 *
 * <p>Frames wait in {@code unsent} until the stream can take them, then in {@code sent} until an
 * ack commits them. A broken stream puts {@code sent} back in front of {@code unsent}, so the next
 * stream re-sends everything uncommitted in sequence order. When a new frame does not fit, the
 * oldest frames are evicted and counted: they are still in the recording.
 *
 * <p>Thread-safe: the sampler adds, the delivery thread sends and commits. Every operation is O(1)
 * per frame touched, so the sampler never waits on more than a short lock.
 */
final class UncommittedBuffer {

    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<SerializedFrame> sent = new ArrayDeque<>();
    private final ArrayDeque<SerializedFrame> unsent = new ArrayDeque<>();
    private long bytes;
    private long evicted;
    private long committed;

    UncommittedBuffer(int maxFrames, long maxBytes) {
        if (maxFrames < 1 || maxBytes < 1) {
            throw new IllegalArgumentException(
                    "buffer limits must be positive: "
                            + maxFrames
                            + " frames, "
                            + maxBytes
                            + " bytes");
        }
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Adds a frame, evicting the oldest ones if the limits are exceeded; never blocks. */
    synchronized void add(SerializedFrame entry) {
        unsent.addLast(entry);
        bytes += entry.bytes().length;
        // A single frame larger than the byte limit still goes through: evicting it helps nobody.
        while (size() > 1 && (size() > maxFrames || bytes > maxBytes)) {
            remove(sent.isEmpty() ? unsent.pollFirst() : sent.pollFirst());
            evicted++;
        }
    }

    /** The next frame to send, now counted as in flight; null when everything was sent. */
    synchronized SerializedFrame nextToSend() {
        SerializedFrame next = unsent.pollFirst();
        if (next != null) {
            sent.addLast(next);
        }
        return next;
    }

    /** The stream broke: everything in flight is sent again, before the rest, in order. */
    synchronized void rewind() {
        while (!sent.isEmpty()) {
            unsent.addFirst(sent.pollLast());
        }
    }

    /**
     * Drops the frames of {@code sessionId}/{@code carId} up to {@code sequence}: the server
     * committed them, or already held them when the stream resumed. An ack naming no session
     * commits nothing: sequence numbers count per session, so it cannot say which frames it means.
     */
    synchronized int commit(String sessionId, String carId, long sequence) {
        if (sessionId.isEmpty()) {
            return 0;
        }
        Predicate<SerializedFrame> done =
                e ->
                        e.sequence() <= sequence
                                && e.sessionId().equals(sessionId)
                                && e.carId().equals(carId);
        return drop(sent, done) + drop(unsent, done);
    }

    /**
     * Drops the frames in flight up to the one with {@code monotonicNs}: the original server acks
     * each frame with its timestamp and stores nothing, so "received" is all it will ever say.
     */
    synchronized int ackOriginal(long monotonicNs) {
        return drop(sent, e -> e.monotonicNs() <= monotonicNs);
    }

    /** Drops everything, counted as evicted: nothing will be streamed again. */
    synchronized void evictAll() {
        evicted += size();
        sent.clear();
        unsent.clear();
        bytes = 0;
    }

    synchronized int size() {
        return sent.size() + unsent.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long evicted() {
        return evicted;
    }

    synchronized long committed() {
        return committed;
    }

    private int drop(ArrayDeque<SerializedFrame> queue, Predicate<SerializedFrame> done) {
        int dropped = 0;
        // Acks arrive in order, so the committed frames are nearly always at the head.
        while (!queue.isEmpty() && done.test(queue.peekFirst())) {
            remove(queue.pollFirst());
            dropped++;
        }
        if (!queue.isEmpty() && queue.stream().anyMatch(done)) {
            int before = queue.size();
            queue.removeIf(e -> done.test(e) && remove(e));
            dropped += before - queue.size();
        }
        committed += dropped;
        return dropped;
    }

    private boolean remove(SerializedFrame entry) {
        bytes -= entry.bytes().length;
        return true;
    }
}
