package io.actelemetry.bridge.delivery;

import io.actelemetry.proto.v1.AckStatus;
import io.actelemetry.proto.v1.StreamAck;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.proto.v1.TelemetryIngestGrpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real {@code TelemetryIngest} server on loopback for tests and benchmarks, behaving like the
 * servers the bridge meets: the job's live source (commits every few frames, as checkpoints do),
 * the original server (acks each frame with its timestamp, stores nothing), a slow reader (manual
 * flow control), one that checks a bearer token, and one that resumes a session it already holds.
 *
 * <p>What it committed lives in a {@link Store} that can outlive the server, like a job's
 * checkpointed state; frames received but not committed die with the server.
 */
public final class LoopbackIngestServer implements AutoCloseable {

    /**
     * COMMIT_UNNAMED commits like COMMIT but leaves session_id and car_id empty (a broken server).
     */
    public enum AckMode {
        COMMIT,
        COMMIT_UNNAMED,
        ORIGINAL,
        NONE,
        HANG_UP
    }

    /** What the server does; immutable, built with the with... methods. */
    public record Behaviour(
            AckMode ackMode,
            int commitEvery,
            long readDelayMicros,
            Optional<String> requiredToken,
            boolean resume,
            long commitIntervalMillis) {
        public static Behaviour committing(int every) {
            return new Behaviour(AckMode.COMMIT, every, 0, Optional.empty(), false, 20);
        }

        /** Commits like {@link #committing} with acks that name no session or car. */
        public static Behaviour committingUnnamed(int every) {
            return new Behaviour(AckMode.COMMIT_UNNAMED, every, 0, Optional.empty(), false, 20);
        }

        public static Behaviour original() {
            return new Behaviour(AckMode.ORIGINAL, 1, 0, Optional.empty(), false, 20);
        }

        public static Behaviour receiveOnly() {
            return new Behaviour(AckMode.NONE, 1, 0, Optional.empty(), false, 20);
        }

        /**
         * Accepts each stream and ends it at once, like a server that is up but cannot take frames.
         */
        public static Behaviour hangingUp() {
            return new Behaviour(AckMode.HANG_UP, 1, 0, Optional.empty(), false, 20);
        }

        public Behaviour withReadDelayMicros(long micros) {
            return new Behaviour(
                    ackMode, commitEvery, micros, requiredToken, resume, commitIntervalMillis);
        }

        public Behaviour withToken(String token) {
            return new Behaviour(
                    ackMode,
                    commitEvery,
                    readDelayMicros,
                    Optional.of(token),
                    resume,
                    commitIntervalMillis);
        }

        /**
         * Commits pending frames at least this often, like a job's checkpoint interval (20 ms by
         * default).
         */
        public Behaviour withCommitIntervalMillis(long millis) {
            return new Behaviour(
                    ackMode, commitEvery, readDelayMicros, requiredToken, resume, millis);
        }

        public Behaviour withResume() {
            return new Behaviour(
                    ackMode,
                    commitEvery,
                    readDelayMicros,
                    requiredToken,
                    true,
                    commitIntervalMillis);
        }
    }

    /**
     * Committed frames by session and sequence (deduplicated), plus every arrival counted. A
     * benchmark's store keeps only which sequences it holds, not the frames.
     */
    public static final class Store {
        private final boolean keepFrames;
        private final Map<String, BitSet> held = new HashMap<>();
        private final Map<String, TreeMap<Long, TelemetryFrame>> frames = new HashMap<>();
        private final AtomicLong arrivals = new AtomicLong();

        public Store() {
            this(true);
        }

        public Store(boolean keepFrames) {
            this.keepFrames = keepFrames;
        }

        synchronized void commit(List<TelemetryFrame> committed) {
            for (TelemetryFrame f : committed) {
                held.computeIfAbsent(f.getSessionId(), s -> new BitSet())
                        .set(Math.toIntExact(f.getSequence()));
                if (keepFrames) {
                    frames.computeIfAbsent(f.getSessionId(), s -> new TreeMap<>())
                            .put(f.getSequence(), f);
                }
            }
        }

        /** Highest sequence of the session below which nothing is missing (0 if none). */
        public synchronized long contiguous(String session) {
            BitSet seqs = held.get(session);
            return seqs == null ? 0 : seqs.nextClearBit(1) - 1;
        }

        public synchronized List<TelemetryFrame> frames(String session) {
            if (!keepFrames) {
                throw new IllegalStateException("this store keeps no frames");
            }
            return new ArrayList<>(frames.getOrDefault(session, new TreeMap<>()).values());
        }

        public synchronized int committedCount() {
            return held.values().stream().mapToInt(BitSet::cardinality).sum();
        }

        public long arrivals() {
            return arrivals.get();
        }
    }

    private final Behaviour behaviour;
    private final Store store;
    private final Server server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final List<String> authorizations = new ArrayList<>();

    private LoopbackIngestServer(
            int port, Behaviour behaviour, Store store, ServerCredentials credentials)
            throws IOException {
        this.behaviour = behaviour;
        this.store = store;
        this.server =
                NettyServerBuilder.forAddress(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                                credentials)
                        .executor(executor)
                        .addService(ServerInterceptors.intercept(new Ingest(), new Auth()))
                        .build()
                        .start();
    }

    public static LoopbackIngestServer start(Behaviour behaviour) throws IOException {
        return start(0, behaviour, new Store());
    }

    public static LoopbackIngestServer start(int port, Behaviour behaviour, Store store)
            throws IOException {
        return new LoopbackIngestServer(port, behaviour, store, InsecureServerCredentials.create());
    }

    /** A server speaking TLS with the given credentials. */
    public static LoopbackIngestServer startTls(Behaviour behaviour, ServerCredentials tls)
            throws IOException {
        return new LoopbackIngestServer(0, behaviour, new Store(), tls);
    }

    /** A loopback port nobody listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    public Store store() {
        return store;
    }

    /** StreamFrames calls that reached the service or were refused by the auth check. */
    public int calls() {
        return calls.get();
    }

    /** Frames read by this server instance, re-sends included. */
    public long received() {
        return received.get();
    }

    public synchronized List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Dies like a crashed server: open streams broken, uncommitted frames gone. */
    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        reader.shutdownNow();
        executor.shutdownNow();
    }

    private final class Auth implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            calls.incrementAndGet();
            String authorization = headers.get(IngestClient.AUTHORIZATION);
            synchronized (LoopbackIngestServer.this) {
                authorizations.add(String.valueOf(authorization));
            }
            if (behaviour.requiredToken().isPresent()
                    && !("Bearer " + behaviour.requiredToken().get()).equals(authorization)) {
                call.close(
                        Status.UNAUTHENTICATED.withDescription("invalid bearer token"),
                        new Metadata());
                return new ServerCall.Listener<>() {};
            }
            return next.startCall(call, headers);
        }
    }

    private final class Ingest extends TelemetryIngestGrpc.TelemetryIngestImplBase {
        @Override
        public StreamObserver<TelemetryFrame> streamFrames(StreamObserver<StreamAck> responses) {
            ServerCallStreamObserver<StreamAck> acks =
                    (ServerCallStreamObserver<StreamAck>) responses;
            if (behaviour.ackMode() == AckMode.HANG_UP) {
                acks.onError(
                        Status.UNAVAILABLE
                                .withDescription("not accepting frames right now")
                                .asRuntimeException());
            }
            boolean slow = behaviour.readDelayMicros() > 0;
            if (slow) {
                acks.disableAutoRequest();
                acks.request(1);
            }
            FrameObserver observer = new FrameObserver(acks, slow);
            observer.tick =
                    reader.scheduleAtFixedRate(
                            observer::commitPending,
                            behaviour.commitIntervalMillis(),
                            behaviour.commitIntervalMillis(),
                            TimeUnit.MILLISECONDS);
            return observer;
        }
    }

    /**
     * One stream; commits every {@code commitEvery} frames and, like a checkpoint, every commit
     * interval.
     */
    private final class FrameObserver implements StreamObserver<TelemetryFrame> {
        private final ServerCallStreamObserver<StreamAck> acks;
        private final boolean slow;
        private final List<TelemetryFrame> pending = new ArrayList<>();
        private ScheduledFuture<?> tick;
        private boolean resumed;
        private boolean ended;

        FrameObserver(ServerCallStreamObserver<StreamAck> acks, boolean slow) {
            this.acks = acks;
            this.slow = slow;
        }

        @Override
        public synchronized void onNext(TelemetryFrame frame) {
            received.incrementAndGet();
            store.arrivals.incrementAndGet();
            if (behaviour.resume() && !resumed) {
                resumed = true;
                acks.onNext(
                        StreamAck.newBuilder()
                                .setStatus(AckStatus.ACK_STATUS_RESUME)
                                .setSessionId(frame.getSessionId())
                                .setCarId(frame.getCarId())
                                .setCommittedSequence(store.contiguous(frame.getSessionId()))
                                .build());
            }
            switch (behaviour.ackMode()) {
                case ORIGINAL ->
                        acks.onNext(
                                StreamAck.newBuilder()
                                        .setLastMonotonicNs(frame.getMonotonicNs())
                                        .build());
                case COMMIT, COMMIT_UNNAMED -> {
                    pending.add(frame);
                    if (pending.size() >= behaviour.commitEvery()) {
                        commitPending();
                    }
                }
                case NONE, HANG_UP -> {}
            }
            if (slow) {
                reader.schedule(
                        () -> acks.request(1), behaviour.readDelayMicros(), TimeUnit.MICROSECONDS);
            }
        }

        synchronized void commitPending() {
            if (pending.isEmpty() || ended) {
                return;
            }
            TelemetryFrame last = pending.get(pending.size() - 1);
            store.commit(pending);
            pending.clear();
            StreamAck.Builder ack =
                    StreamAck.newBuilder()
                            .setStatus(AckStatus.ACK_STATUS_COMMITTED)
                            .setCommittedSequence(last.getSequence())
                            .setLastMonotonicNs(last.getMonotonicNs());
            if (behaviour.ackMode() == AckMode.COMMIT) {
                ack.setSessionId(last.getSessionId()).setCarId(last.getCarId());
            }
            acks.onNext(ack.build());
        }

        @Override
        public synchronized void onError(Throwable t) {
            // The client went away: its uncommitted frames are lost with the stream, as in a real
            // server.
            ended = true;
            tick.cancel(false);
        }

        @Override
        public synchronized void onCompleted() {
            commitPending();
            ended = true;
            tick.cancel(false);
            acks.onCompleted();
        }
    }
}
