package io.actelemetry.job.source.grpc;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ports the readers of each source are listening on right now, for whoever runs the job in the
 * same JVM (tests, the local mini-cluster). On a cluster, read the log line {@code ingest: subtask
 * <i> listening on <host>:<port>} or the reader's gauge {@code ingestPort}.
 */
public final class BoundPorts {

    private static final Map<String, SortedMap<Integer, Integer>> PORTS = new ConcurrentHashMap<>();

    private BoundPorts() {}

    /** Split {@code index} of source {@code sourceId} listens on {@code port}. */
    public static synchronized void add(String sourceId, int index, int port) {
        PORTS.computeIfAbsent(sourceId, id -> new TreeMap<>()).put(index, port);
        BoundPorts.class.notifyAll();
    }

    /** Split {@code index} of source {@code sourceId} stopped listening. */
    public static synchronized void remove(String sourceId, int index) {
        SortedMap<Integer, Integer> ports = PORTS.get(sourceId);
        if (ports == null) return;
        ports.remove(index);
        if (ports.isEmpty()) PORTS.remove(sourceId);
        BoundPorts.class.notifyAll();
    }

    /** Split index to port, in index order; empty if none is listening. */
    public static synchronized SortedMap<Integer, Integer> of(String sourceId) {
        return new TreeMap<>(PORTS.getOrDefault(sourceId, new TreeMap<>()));
    }

    /** Waits until {@code count} splits of the source listen; the ports in index order. */
    static synchronized SortedMap<Integer, Integer> await(
            String sourceId, int count, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (PORTS.getOrDefault(sourceId, new TreeMap<>()).size() < count) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException(
                        "after "
                                + timeoutMs
                                + " ms, "
                                + of(sourceId).size()
                                + " of "
                                + count
                                + " ingest readers listen");
            }
            BoundPorts.class.wait(left);
        }
        return of(sourceId);
    }
}
