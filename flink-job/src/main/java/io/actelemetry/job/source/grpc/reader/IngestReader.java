package io.actelemetry.job.source.grpc.reader;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.grpc.BoundPorts;
import io.actelemetry.job.source.grpc.GrpcIngestOptions;
import io.actelemetry.job.source.grpc.enumerator.PortBound;
import io.actelemetry.job.source.grpc.server.Inbox;
import io.actelemetry.job.source.grpc.server.IngestServer;
import io.actelemetry.job.source.grpc.server.IngestStream;
import io.actelemetry.job.source.grpc.split.IngestSplit;
import io.actelemetry.job.source.grpc.split.SessionCar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the gRPC server of each split it holds (normally one: its subtask's port) and emits the
 * frames the bridges stream in, in the order they arrive per stream.
 *
 * <p>The server's threads convert frames and put them in one queue; {@link #pollNext} takes them on
 * the task thread. The queue never blocks a server thread: each stream has at most {@link
 * IngestStream#WINDOW} frames requested or queued, at most {@link #MAX_STREAMS} are open, and none
 * opens while the queue is full, so the queue's hard bound ({@code queueCapacity + MAX_STREAMS *
 * WINDOW}) is never reached; above {@code queueCapacity} frames the reader stops asking streams for
 * more until it has drained to half, which is where gRPC flow control holds the bridges back.
 *
 * <p>Delivery: see {@link CommitTracker}; COMMITTED acks go out from {@link
 * #notifyCheckpointComplete}.
 */
public final class IngestReader implements SourceReader<Frame, IngestSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestReader.class);

    /** A (session, car) silent this long is forgotten from the checkpointed state. */
    public static final Duration FORGET_AFTER = Duration.ofHours(24);

    /** Most streams open at once on one reader. */
    public static final int MAX_STREAMS = 512;

    /** How long a port still held by a previous attempt of this task is retried. */
    private static final long BIND_RETRY_MS = 10_000;

    private final GrpcIngestOptions options;
    private final String sourceId;
    private final SourceReaderContext context;
    private final int subtask;
    private final FutureCompletingBlockingQueue<Received> queue;
    private final List<Listening> splits = new ArrayList<>();
    private final Set<IngestStream> heldBack = new LinkedHashSet<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Counter framesIn;
    private final Counter bytesIn;
    private final Counter malformed;
    private volatile int firstPort; // for the gauge, read on the metrics thread

    /** A frame on its way, with where it came from. */
    private record Received(Frame frame, SessionCar key, IngestStream from, Listening split) {}

    public IngestReader(GrpcIngestOptions options, String sourceId, SourceReaderContext context) {
        this.options = options;
        this.sourceId = sourceId;
        this.context = context;
        this.subtask = context.getIndexOfSubtask();
        this.queue =
                new FutureCompletingBlockingQueue<>(
                        options.queueCapacity() + MAX_STREAMS * IngestStream.WINDOW);
        MetricGroup metrics = context.metricGroup();
        framesIn = metrics.counter("framesIn", new ThreadSafeSimpleCounter());
        bytesIn = metrics.counter("bytesIn", new ThreadSafeSimpleCounter());
        malformed = metrics.counter("malformedMessages", new ThreadSafeSimpleCounter());
        metrics.gauge("connectedStreams", openStreams::get);
        metrics.gauge("queueFill", () -> (double) queue.size() / options.queueCapacity());
        metrics.gauge("ingestPort", () -> firstPort);
    }

    @Override
    public void start() {
        // The servers start when the enumerator hands out the splits.
    }

    @Override
    public void addSplits(List<IngestSplit> added) {
        for (IngestSplit split : added) {
            Listening listening = new Listening(split);
            splits.add(listening);
            if (firstPort == 0) firstPort = listening.split.port();
            if (split.port() == 0)
                context.sendSourceEventToCoordinator(
                        new PortBound(split.index(), listening.split.port()));
            BoundPorts.add(sourceId, split.index(), listening.split.port());
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Frame> output) {
        Received r = queue.poll();
        if (r == null) return InputStatus.NOTHING_AVAILABLE;
        output.collect(r.frame);
        if (r.key != null) r.split.commits.emitted(r.key, r.frame.sequence);
        int queued = queue.size();
        if (!r.from.taken(queued < options.queueCapacity())) heldBack.add(r.from);
        if (!heldBack.isEmpty() && queued <= options.queueCapacity() / 2) {
            heldBack.forEach(IngestStream::requestOwed);
            heldBack.clear();
        }
        return queued > 0 ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return queue.getAvailabilityFuture();
    }

    @Override
    public List<IngestSplit> snapshotState(long checkpointId) {
        long now = System.currentTimeMillis();
        List<IngestSplit> state = new ArrayList<>(splits.size());
        for (Listening l : splits) {
            state.add(
                    new IngestSplit(
                            l.split.index(),
                            l.split.port(),
                            l.commits.snapshot(checkpointId, now)));
        }
        return state;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        for (Listening l : splits) {
            Map<SessionCar, Long> moved = l.commits.complete(checkpointId);
            if (!moved.isEmpty()) l.streams.forEach(s -> s.committed(moved));
        }
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() throws Exception {
        try {
            IOUtils.closeAll(
                    splits.stream().map(l -> l.server).toList()); // each one, even if another fails
        } finally {
            for (Listening l : splits) {
                BoundPorts.remove(sourceId, l.split.index());
                LOG.info(
                        "ingest: subtask {} stopped listening on port {}", subtask, l.split.port());
            }
            splits.clear();
        }
    }

    /**
     * One split: its server, its open streams and what is committed of the frames that came in on
     * it.
     */
    private final class Listening implements Inbox {
        private final IngestSplit split;
        private final CommitTracker commits;
        private final IngestServer server;
        private final Set<IngestStream> streams = ConcurrentHashMap.newKeySet();

        Listening(IngestSplit restored) {
            commits =
                    new CommitTracker(
                            restored.committed(),
                            FORGET_AFTER.toMillis(),
                            System.currentTimeMillis());
            server = listen(restored.port(), restored.index());
            split =
                    restored.withPort(
                            server.port()); // a port 0 stays the one bound, across failovers
            LOG.info(
                    "ingest: subtask {} listening on {}:{}{}",
                    subtask,
                    options.bindAddress(),
                    server.port(),
                    restored.index() == subtask ? "" : " (split " + restored.index() + ")");
        }

        private IngestServer listen(int port, int index) {
            long deadline = System.currentTimeMillis() + BIND_RETRY_MS;
            while (true) {
                try {
                    return IngestServer.start(options, port, "ingest-" + index, this);
                } catch (IOException e) {
                    if (!(e.getCause() instanceof BindException)
                            || System.currentTimeMillis() > deadline) {
                        throw new UncheckedIOException(
                                "ingest: subtask "
                                        + subtask
                                        + " cannot listen on "
                                        + options.bindAddress()
                                        + ":"
                                        + port
                                        + ": "
                                        + e.getMessage(),
                                e);
                    }
                }
                try {
                    Thread.sleep(
                            100); // the previous attempt of this task may still be letting the port
                    // go
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(
                            "interrupted while waiting for port " + port, e);
                }
            }
        }

        @Override
        public boolean opened(IngestStream stream) {
            // A full queue takes no new stream: the frames of closed streams stay queued, so
            // streams opened and
            // closed again and again could otherwise fill it beyond its hard bound.
            if (queue.size() >= options.queueCapacity()) {
                LOG.warn(
                        "ingest: subtask {} refused {}: the queue is full", subtask, stream.name());
                return false;
            }
            if (openStreams.incrementAndGet() > MAX_STREAMS) {
                openStreams.decrementAndGet();
                LOG.warn(
                        "ingest: subtask {} refused {}: {} streams are open",
                        subtask,
                        stream.name(),
                        MAX_STREAMS);
                return false;
            }
            streams.add(stream);
            LOG.info("ingest: subtask {} accepted {}", subtask, stream.name());
            return true;
        }

        @Override
        public void closed(IngestStream stream) {
            streams.remove(stream);
            openStreams.decrementAndGet();
            LOG.info("ingest: subtask {}: {} ended", subtask, stream.name());
        }

        @Override
        public void frame(IngestStream from, Frame frame, SessionCar key, int bytes) {
            framesIn.inc();
            bytesIn.inc(bytes);
            try {
                queue.put(
                        0,
                        new Received(frame, key, from, this)); // never waits: see the class comment
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void malformed(IngestStream from, String why) {
            malformed.inc();
            LOG.warn("ingest: subtask {}: {}", subtask, why);
        }

        @Override
        public long committed(SessionCar key) {
            return commits.committed(key);
        }
    }
}
