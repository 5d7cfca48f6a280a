package io.actelemetry.job.source.grpc.server;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.grpc.split.SessionCar;

/**
 * Where a server's streams deliver: the reader side of one split. Called on the server's threads;
 * never blocks.
 */
public interface Inbox {

    /** A stream starts; false refuses it (too many open streams, or the queue is full). */
    boolean opened(IngestStream stream);

    /** A stream ended, whichever way. */
    void closed(IngestStream stream);

    /**
     * A good frame; {@code key} is null for a frame without sequence. The stream never has more
     * than its window queued.
     */
    void frame(IngestStream from, Frame frame, SessionCar key, int bytes);

    /**
     * A message too large or not a TelemetryFrame ({@code why} says where and what); the stream is
     * being closed.
     */
    void malformed(IngestStream from, String why);

    /** The highest committed sequence of {@code key}, 0 if none. */
    long committed(SessionCar key);
}
