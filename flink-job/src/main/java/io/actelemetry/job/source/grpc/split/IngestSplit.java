package io.actelemetry.job.source.grpc.split;

import java.util.Map;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One listening port of the live source, and what is durable for the frames that came in on it: per
 * (session, car) the highest sequence inside a completed checkpoint. Reader subtask {@code i} gets
 * split {@code i}; its port is the configured port plus {@code i}, or, for a configured port 0, the
 * port it first bound, so a failover listens where the bridges were sending (unless another process
 * took the port meanwhile: then the task fails and retries).
 *
 * @param index the subtask the split was made for
 * @param port where to listen; 0 = any free port
 * @param committed per (session, car): the committed sequence and when a frame of it was last seen
 */
public record IngestSplit(int index, int port, Map<SessionCar, Committed> committed)
        implements SourceSplit {

    /**
     * The highest sequence of a (session, car) inside a checkpoint, and when (epoch ms) it was last
     * seen.
     */
    public record Committed(long sequence, long lastSeenMs) {}

    public IngestSplit {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("not a TCP port: " + port);
        committed = Map.copyOf(committed);
    }

    /** A split with nothing committed yet. */
    public static IngestSplit fresh(int index, int port) {
        return new IngestSplit(index, port, Map.of());
    }

    @Override
    public String splitId() {
        return "ingest-" + index;
    }

    public IngestSplit withPort(int boundPort) {
        return new IngestSplit(index, boundPort, committed);
    }
}
