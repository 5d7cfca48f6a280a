package io.actelemetry.job.source.grpc.reader;

import io.actelemetry.job.source.grpc.split.IngestSplit;
import io.actelemetry.job.source.grpc.split.SessionCar;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per (session, car), the highest sequence emitted and the highest inside a completed checkpoint,
 * for one split.
 *
 * <p>A checkpoint holds what was emitted before its snapshot; once it completes, those sequences
 * are committed: the bridge may drop its copies. Completions may skip checkpoints (Flink notifies
 * the latest), so a completion commits every snapshot up to it. A (session, car) not seen for
 * {@code forgetAfterMs} is forgotten, so the state stays as small as the set of cars still driving;
 * a bridge coming back after that re-sends what it still buffers and the job's duplicate filter
 * drops what it already has.
 *
 * <p>Called on the task thread, except {@link #committed(SessionCar)}, which the server's threads
 * ask when a stream starts.
 */
public final class CommitTracker {

    private final long forgetAfterMs;
    private final Map<SessionCar, IngestSplit.Committed> emitted = new HashMap<>();
    private Map<SessionCar, Long> sinceSnapshot = new HashMap<>();
    private final TreeMap<Long, Map<SessionCar, Long>> pending = new TreeMap<>();
    private final ConcurrentHashMap<SessionCar, Long> committed = new ConcurrentHashMap<>();

    /** Starts from a restored split: what it holds was inside a completed checkpoint. */
    public CommitTracker(
            Map<SessionCar, IngestSplit.Committed> restored, long forgetAfterMs, long nowMs) {
        this.forgetAfterMs = forgetAfterMs;
        restored.forEach(
                (key, c) -> {
                    if (nowMs - c.lastSeenMs() < forgetAfterMs) {
                        emitted.put(key, c);
                        committed.put(key, c.sequence());
                    }
                });
    }

    /** A frame of {@code key} with {@code sequence} went downstream. */
    public void emitted(SessionCar key, long sequence) {
        sinceSnapshot.merge(key, sequence, Math::max);
    }

    /** The state to checkpoint as {@code checkpointId}: every sequence emitted so far. */
    public Map<SessionCar, IngestSplit.Committed> snapshot(long checkpointId, long nowMs) {
        sinceSnapshot.forEach(
                (key, seq) ->
                        emitted.merge(
                                key,
                                new IngestSplit.Committed(seq, nowMs),
                                (old, now) ->
                                        new IngestSplit.Committed(
                                                Math.max(old.sequence(), now.sequence()), nowMs)));
        if (!sinceSnapshot.isEmpty()) pending.put(checkpointId, sinceSnapshot);
        sinceSnapshot = new HashMap<>();
        emitted.entrySet()
                .removeIf(
                        e -> {
                            boolean idle = nowMs - e.getValue().lastSeenMs() >= forgetAfterMs;
                            if (idle) committed.remove(e.getKey());
                            return idle;
                        });
        return Map.copyOf(emitted);
    }

    /**
     * Checkpoint {@code checkpointId} completed: what its snapshot and the earlier ones held is
     * committed.
     *
     * @return the (session, car)s whose committed sequence moved, with the new value
     */
    public Map<SessionCar, Long> complete(long checkpointId) {
        Map<SessionCar, Long> moved = new HashMap<>();
        Map<Long, Map<SessionCar, Long>> done = pending.headMap(checkpointId, true);
        for (Map<SessionCar, Long> snapshot : done.values()) {
            snapshot.forEach(
                    (key, seq) -> {
                        if (emitted.containsKey(key) && seq > committed.getOrDefault(key, 0L)) {
                            committed.put(key, seq);
                            moved.put(key, seq);
                        }
                    });
        }
        done.clear();
        return moved;
    }

    /** The committed sequence of {@code key}, 0 if none. Thread-safe. */
    public long committed(SessionCar key) {
        return committed.getOrDefault(key, 0L);
    }
}
