package io.actelemetry.bridge.delivery;

import io.actelemetry.ingest.RawIngest;
import io.actelemetry.proto.v1.StreamAck;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Streams frames to {@code TelemetryIngest.StreamFrames} and keeps every frame until the server
 * commits it.
 *
 * <p>{@link #offer} never blocks: it takes the frame serialized on the caller's thread into a
 * bounded {@link UncommittedBuffer}. The frames of one send interval (250 ms by default) go out
 * together, so at 333 Hz the network side wakes 4 times a second, not 333, and writes ~83 frames
 * per system call. Everything else runs on one delivery thread, which is also the channel's
 * executor, so the stream's state needs no locks: frames are written only while the call
 * {@linkplain ClientCallStreamObserver#isReady() is ready} (gRPC flow control, nothing piles up
 * inside gRPC), acks drop committed frames, and a failed stream is re-opened after an exponential
 * backoff and re-sends everything uncommitted, oldest first.
 *
 * <p>Acks: COMMITTED and RESUME drop the frames of the session and car they name up to {@code
 * committed_sequence} (one that names no session drops nothing); RECEIVED drops nothing. The
 * original server answers each frame with only {@code last_monotonic_ns}: it stores nothing, so
 * there is no durability to wait for and such an ack drops the frames up to it. A server that
 * refuses the credentials (UNAUTHENTICATED, PERMISSION_DENIED) stops streaming for good instead of
 * being asked again and again; the recording carries on.
 */
public final class IngestClient implements AutoCloseable {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long HALF_CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * What a call may queue before it stops being ready: the frames of a whole send interval (a
     * quarter second is ~72 KB), where gRPC's default of 32 KB would split them into rounds, each a
     * wake-up of this thread and of the event loop. Still bounded: the HTTP/2 window plus this.
     */
    private static final int ON_READY_BYTES = 256 * 1024;

    private final IngestOptions options;
    private final Consumer<String> events;
    private final ScheduledExecutorService executor;
    private final ManagedChannel channel;
    private final UncommittedBuffer buffer;
    private final Backoff backoff;
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final AtomicLong offered = new AtomicLong();

    // Written on the delivery thread only; volatile for stats().
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile long sent;
    private volatile long reconnects;
    private volatile String lastError = "";
    private volatile boolean closing;
    private volatile boolean streamOpen;
    private Stream current;
    private boolean everConnected;
    private boolean originalAcksReported;
    private boolean namelessAcksReported;

    private IngestClient(IngestOptions options, Consumer<String> events) throws IOException {
        this.options = options;
        this.events = events;
        this.executor =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "ac-bridge-delivery");
                            t.setDaemon(true);
                            return t;
                        });
        this.buffer = new UncommittedBuffer(options.maxFrames(), options.maxBytes());
        this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
        try {
            this.channel = channel(options, executor);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /**
     * Opens the channel and the first stream (in the background: an unreachable server is retried,
     * not an error here).
     *
     * @param events one-line messages for the user: connected, lost, rejected...
     * @throws IOException if the CA certificate cannot be read
     */
    public static IngestClient start(IngestOptions options, Consumer<String> events)
            throws IOException {
        IngestClient client = new IngestClient(options, events);
        client.executor.execute(client::openStream);
        return client;
    }

    /**
     * Hands a frame over for delivery; never blocks, evicts the oldest frames when the buffer is
     * full.
     */
    public void offer(TelemetryFrame frame) {
        offer(SerializedFrame.of(frame));
    }

    /**
     * {@link #offer(TelemetryFrame)} for a frame already serialized (a load generator's, which
     * patches a template).
     */
    public void offer(SerializedFrame frame) {
        offered.incrementAndGet();
        if (closing || state == ConnectionState.REJECTED) {
            return; // nothing will be streamed again; the frame is in the recording
        }
        buffer.add(frame);
        if (drainQueued.compareAndSet(false, true)) {
            try {
                executor.schedule(
                        () -> {
                            drainQueued.set(false);
                            drain();
                        },
                        options.sendInterval().toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                // After close(): the frame is in the recording, there is no stream to send it on.
            }
        }
    }

    public DeliveryStats stats() {
        return new DeliveryStats(
                state,
                offered.get(),
                sent,
                buffer.committed(),
                buffer.size(),
                buffer.bytes(),
                buffer.evicted(),
                reconnects,
                lastError);
    }

    /** Frames waiting for a commit; cheaper than {@link #stats()} for a producer pacing itself. */
    public int buffered() {
        return buffer.size();
    }

    public String target() {
        return options.target();
    }

    /**
     * Gives the server up to the drain timeout to commit what is buffered, then half-closes the
     * stream and takes the server's last acks (up to a second) before ending the channel. Frames
     * still uncommitted are reported: they are in the recording.
     */
    @Override
    public void close() throws InterruptedException {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (buffer.size() > 0
                && state == ConnectionState.CONNECTED
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        closing = true;
        // Half-close first: the server may commit what it holds, and say so, before it ends the
        // stream.
        onDeliveryThread(this::halfClose);
        long end = System.nanoTime() + HALF_CLOSE_WAIT_NANOS;
        while (streamOpen && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        onDeliveryThread(this::endStream);
        channel.shutdown();
        if (!channel.awaitTermination(1, TimeUnit.SECONDS)) {
            channel.shutdownNow();
            channel.awaitTermination(1, TimeUnit.SECONDS);
        }
        executor.shutdownNow(); // what is left are reconnect and send timers, moot now
        executor.awaitTermination(1, TimeUnit.SECONDS);
        int left = buffer.size();
        if (left > 0) {
            events.accept(
                    left
                            + " frames were not confirmed by "
                            + options.target()
                            + " before exit; they are in the recording");
        }
    }

    private void onDeliveryThread(Runnable task) throws InterruptedException {
        try {
            executor.submit(task).get(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // Already closed, or the delivery thread is stuck: shut down anyway.
        }
    }

    private void halfClose() {
        Stream stream = current;
        if (stream != null && !stream.done) {
            stream.requests.onCompleted(); // acks still arrive until the server ends the stream
        }
    }

    private void endStream() {
        if (state != ConnectionState.REJECTED) {
            state = ConnectionState.CLOSED; // a refusal stays visible after close
        }
        Stream stream = current;
        current = null;
        streamOpen = false;
        if (stream != null && !stream.done) {
            stream.done = true;
            stream.requests.cancel("the bridge is closing", null);
        }
    }

    private void openStream() {
        if (closing || state == ConnectionState.REJECTED) {
            return;
        }
        Stream stream = new Stream();
        current = stream;
        streamOpen = true;
        ClientCalls.asyncBidiStreamingCall(
                channel.newCall(
                        RawIngest.STREAM_FRAMES,
                        CallOptions.DEFAULT.withOnReadyThreshold(ON_READY_BYTES)),
                stream);
    }

    private void onReady(Stream stream) {
        if (stream != current) {
            return;
        }
        if (state != ConnectionState.CONNECTED) {
            state = ConnectionState.CONNECTED;
            int pending = buffer.size();
            events.accept(
                    (everConnected ? "Reconnected to " : "Connected to ")
                            + options.target()
                            + (pending > 0 ? "; sending " + pending + " buffered frames" : ""));
            everConnected = true;
            stream.readyNanos = System.nanoTime();
        }
        drain();
    }

    private void drain() {
        Stream stream = current;
        if (stream == null || stream.done) {
            return;
        }
        while (stream.requests.isReady()) {
            SerializedFrame next = buffer.nextToSend();
            if (next == null) {
                return;
            }
            stream.requests.onNext(next.bytes());
            sent++;
        }
    }

    private void onAck(Stream stream, StreamAck ack) {
        if (stream != current) {
            return;
        }
        switch (ack.getStatus()) {
            case ACK_STATUS_UNSPECIFIED -> {
                if (!originalAcksReported) {
                    originalAcksReported = true;
                    events.accept(
                            options.target()
                                    + " acks frames the original way (received, not stored): "
                                    + "frames leave the buffer once received");
                }
                buffer.ackOriginal(ack.getLastMonotonicNs());
            }
            case ACK_STATUS_COMMITTED -> commit(ack);
            case ACK_STATUS_RESUME -> {
                int known = commit(ack);
                if (known > 0) {
                    events.accept(
                            options.target()
                                    + " already holds frames up to #"
                                    + ack.getCommittedSequence()
                                    + "; "
                                    + known
                                    + " buffered frames need no re-send");
                }
            }
            case ACK_STATUS_REJECTED -> {
                lastError = "rejected: " + ack.getMessage();
                events.accept(options.target() + " rejected the stream: " + ack.getMessage());
            }
            default -> {
                // RECEIVED (and statuses newer than this client) commit nothing.
            }
        }
    }

    private int commit(StreamAck ack) {
        if (ack.getSessionId().isEmpty() && !namelessAcksReported) {
            namelessAcksReported = true;
            events.accept(
                    options.target()
                            + " sent a "
                            + ack.getStatus()
                            + " ack that names no session; such acks commit nothing (frames stay"
                            + " buffered until an ack names their session)");
        }
        return buffer.commit(ack.getSessionId(), ack.getCarId(), ack.getCommittedSequence());
    }

    private void onStreamEnd(Stream stream, Status status) {
        if (stream != current) {
            return;
        }
        stream.done = true;
        current = null;
        streamOpen = false;
        buffer.rewind();
        if (closing) {
            if (state != ConnectionState.REJECTED) {
                state = ConnectionState.CLOSED;
            }
            return;
        }
        lastError = describe(status);
        Status.Code code = status.getCode();
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
            state = ConnectionState.REJECTED;
            buffer.evictAll();
            events.accept(
                    options.target()
                            + " refused this bridge ("
                            + lastError
                            + "). Streaming stopped; "
                            + "the recording continues. Check --token / --token-file.");
            return;
        }
        boolean wasConnected = state == ConnectionState.CONNECTED;
        state = ConnectionState.RECONNECTING;
        // Only a stream that worked for a while resets the backoff: one that the server accepts and
        // then drops at once (a wrong service, a refusing server) must not be retried in a tight
        // loop.
        if (stream.readyNanos != 0 && System.nanoTime() - stream.readyNanos >= STABLE_NANOS) {
            backoff.reset();
        }
        Duration delay = backoff.next();
        if (wasConnected || backoff.attempts() == 1) {
            events.accept(
                    (wasConnected
                                    ? "Lost the ingest server at "
                                    : "Cannot reach the ingest server at ")
                            + options.target()
                            + " ("
                            + lastError
                            + "). Retrying; meanwhile frames are kept (up to "
                            + limits()
                            + ") and recorded.");
        }
        reconnects++;
        executor.schedule(this::openStream, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private String limits() {
        String megabytes = String.format(Locale.ROOT, "%.0f MB", options.maxBytes() / 1048576.0);
        return options.maxFrames() == Integer.MAX_VALUE
                ? megabytes
                : options.maxFrames() + " frames / " + megabytes;
    }

    private static String describe(Status status) {
        return status.getDescription() == null
                ? status.getCode().toString()
                : status.getCode() + ": " + status.getDescription();
    }

    private static ManagedChannel channel(IngestOptions options, Executor executor)
            throws IOException {
        ChannelCredentials credentials = InsecureChannelCredentials.create();
        if (options.tls() || options.caCert().isPresent()) {
            TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
            if (options.caCert().isPresent()) {
                tls.trustManager(options.caCert().get().toFile());
            }
            credentials = tls.build();
        }
        // The channel's callbacks run on the delivery thread: the stream state is single-threaded.
        ManagedChannelBuilder<?> builder =
                Grpc.newChannelBuilder(options.target(), credentials)
                        .executor(executor)
                        // This client re-sends what was not committed on a stream of its own;
                        // gRPC's retry would
                        // only keep a second copy of every frame sent, at a cost per message.
                        .disableRetry()
                        // Finds a silently dead link (Wi-Fi gone, no RST) while paused; 5 min is
                        // what servers
                        // allow by default (permitKeepAliveTime), so no server answers with "too
                        // many pings".
                        .keepAliveTime(5, TimeUnit.MINUTES)
                        .keepAliveTimeout(20, TimeUnit.SECONDS);
        if (options.token().isPresent()) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + options.token().get());
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return builder.build();
    }

    /** One StreamFrames call; callbacks from a call that is no longer current are ignored. */
    private final class Stream implements ClientResponseObserver<byte[], StreamAck> {
        private ClientCallStreamObserver<byte[]> requests;
        private boolean done;
        private long readyNanos;

        @Override
        public void beforeStart(ClientCallStreamObserver<byte[]> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(() -> onReady(this));
        }

        @Override
        public void onNext(StreamAck ack) {
            onAck(this, ack);
        }

        @Override
        public void onError(Throwable error) {
            onStreamEnd(this, Status.fromThrowable(error));
        }

        @Override
        public void onCompleted() {
            onStreamEnd(this, Status.UNAVAILABLE.withDescription("the server ended the stream"));
        }
    }
}
