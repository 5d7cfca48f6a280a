package io.actelemetry.job.source.grpc.server;

import com.google.protobuf.InvalidProtocolBufferException;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.job.source.grpc.split.SessionCar;
import io.actelemetry.proto.v1.AckStatus;
import io.actelemetry.proto.v1.StreamAck;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code StreamFrames} call: parses and converts each frame, hands it to the {@link Inbox}, and
 * acks.
 *
 * <p>Flow control is manual: the stream asks gRPC for {@link #WINDOW} messages and asks for more
 * only as the reader takes its frames out of the queue ({@link #taken}), so a stream never has more
 * than the window queued or in flight, and a slow job slows the bridge through HTTP/2 flow control.
 * When the queue is over its capacity the reader holds a stream's requests back ({@link #taken}
 * returns false) and releases them when it has drained ({@link #requestOwed}).
 *
 * <p>gRPC calls the listener methods one at a time; the reader's task thread calls {@link #taken},
 * {@link #requestOwed} and {@link #committed}. Sending is synchronized.
 */
public final class IngestStream extends ServerCall.Listener<byte[]> {

    /** Most frames of one stream requested from gRPC or queued in the reader at a time. */
    public static final int WINDOW = 64;

    private static final int REFILL = WINDOW / 2;

    private final ServerCall<byte[], StreamAck> call;
    private final Inbox inbox;
    private final String name;
    private final int maxMessageBytes;
    private final FrameConverter converter =
            new FrameConverter(); // gRPC delivers a call's messages one at a time

    /** Per (session, car), the highest sequence this stream brought. */
    private final Map<SessionCar, Long> received = new ConcurrentHashMap<>();

    private final AtomicBoolean registered = new AtomicBoolean();

    private SessionCar lastKey; // gRPC's serialized callbacks only
    private long messages;
    private boolean headersSent; // guarded by this
    private boolean halfClosed; // guarded by this
    private volatile boolean closed; // written under this
    private int owed; // task thread only

    IngestStream(
            ServerCall<byte[], StreamAck> call, Inbox inbox, String name, int maxMessageBytes) {
        this.call = call;
        this.inbox = inbox;
        this.name = name;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** "stream 3 from 10.0.0.7:53422": how errors and logs name it. */
    public String name() {
        return name;
    }

    void start() {
        if (!inbox.opened(this)) {
            close(
                    Status.RESOURCE_EXHAUSTED.withDescription(
                            "the reader is at its limit of streams or queued frames; "
                                    + "retry later"));
            return;
        }
        registered.set(true);
        call.request(WINDOW);
    }

    @Override
    public void onMessage(byte[] bytes) {
        if (closed) return;
        messages++;
        if (bytes.length > maxMessageBytes) {
            reject(
                    Status.RESOURCE_EXHAUSTED,
                    "message "
                            + messages
                            + " on "
                            + name
                            + " has "
                            + bytes.length
                            + " bytes, above the limit of "
                            + maxMessageBytes
                            + "; stream closed");
            return;
        }
        Frame frame;
        try {
            frame = converter.convert(bytes);
        } catch (InvalidProtocolBufferException e) {
            reject(
                    Status.INVALID_ARGUMENT,
                    "message "
                            + messages
                            + " on "
                            + name
                            + " is not a TelemetryFrame ("
                            + e.getMessage()
                            + "); stream closed");
            return;
        }
        SessionCar key = null;
        if (frame.sequence == 0) {
            // The original server's ack: it stores nothing and says what it received.
            send(StreamAck.newBuilder().setLastMonotonicNs(frame.monotonicNs).build());
        } else {
            key = key(frame);
            if (received.put(key, Math.max(frame.sequence, received.getOrDefault(key, 0L)))
                    == null) {
                send(
                        StreamAck.newBuilder()
                                .setStatus(AckStatus.ACK_STATUS_RESUME)
                                .setSessionId(key.sessionId())
                                .setCarId(key.carId())
                                .setCommittedSequence(inbox.committed(key))
                                .build());
            }
        }
        inbox.frame(this, frame, key, bytes.length);
    }

    @Override
    public void onHalfClose() {
        synchronized (this) {
            halfClosed = true; // the bridge is leaving: end the call once what it sent is committed
        }
        closeIfAllCommitted();
    }

    @Override
    public void onCancel() {
        synchronized (this) {
            closed = true;
        }
        ended();
    }

    @Override
    public void onComplete() {
        ended();
    }

    /**
     * The reader took one of this stream's frames out of its queue. Asks gRPC for more every half
     * window, if {@code room} in the queue; returns false if a request is owed and held back.
     */
    public boolean taken(boolean room) {
        if (closed || ++owed < REFILL) return true;
        if (!room) return false;
        call.request(owed);
        owed = 0;
        return true;
    }

    /** The queue has drained: asks for what was held back. */
    public void requestOwed() {
        if (!closed && owed > 0) {
            call.request(owed);
            owed = 0;
        }
    }

    /**
     * Sequences that are now inside a completed checkpoint: acks those of this stream's (session,
     * car)s.
     */
    public void committed(Map<SessionCar, Long> moved) {
        for (Map.Entry<SessionCar, Long> e : moved.entrySet()) {
            if (received.containsKey(e.getKey())) {
                send(
                        StreamAck.newBuilder()
                                .setStatus(AckStatus.ACK_STATUS_COMMITTED)
                                .setSessionId(e.getKey().sessionId())
                                .setCarId(e.getKey().carId())
                                .setCommittedSequence(e.getValue())
                                .build());
            }
        }
        closeIfAllCommitted();
    }

    /** Ends the call with {@code status} (no-op if it ended). */
    public synchronized void close(Status status) {
        if (closed) return;
        closed = true;
        call.close(status, new Metadata());
    }

    private void closeIfAllCommitted() {
        synchronized (this) {
            if (!halfClosed || closed) return;
        }
        for (Map.Entry<SessionCar, Long> e : received.entrySet()) {
            if (inbox.committed(e.getKey()) < e.getValue()) return;
        }
        close(Status.OK);
    }

    private void reject(Status status, String why) {
        inbox.malformed(this, why);
        close(status.withDescription(why));
    }

    private synchronized void send(StreamAck ack) {
        if (closed) return;
        if (!headersSent) {
            // Not before the first ack: a stream refused before it (a message too large for gRPC
            // itself) then
            // ends with its status in trailers; once headers went out, gRPC can only reset it
            // (CANCELLED).
            call.sendHeaders(new Metadata());
            headersSent = true;
        }
        call.sendMessage(ack);
    }

    private void ended() {
        if (registered.compareAndSet(true, false)) inbox.closed(this);
    }

    private SessionCar key(Frame frame) {
        SessionCar last = lastKey;
        if (last == null
                || !last.sessionId().equals(frame.sessionId)
                || !last.carId().equals(frame.carId)) {
            lastKey = last = new SessionCar(frame.sessionId, frame.carId);
        }
        return last;
    }
}
