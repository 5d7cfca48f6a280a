package io.actelemetry.job.source.grpc;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.grpc.enumerator.IngestEnumerator;
import io.actelemetry.job.source.grpc.enumerator.IngestEnumeratorState;
import io.actelemetry.job.source.grpc.enumerator.IngestEnumeratorStateSerializer;
import io.actelemetry.job.source.grpc.reader.IngestReader;
import io.actelemetry.job.source.grpc.split.IngestSplit;
import io.actelemetry.job.source.grpc.split.IngestSplitSerializer;
import java.time.Duration;
import java.util.SortedMap;
import java.util.UUID;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The live source: each reader subtask hosts the {@code TelemetryIngest.StreamFrames} gRPC service,
 * and bridges stream frames into it. Unbounded.
 *
 * <pre>{@code
 * GrpcIngestSource source = GrpcIngestSource.builder().setPort(50051).setBearerToken(token).build();
 * TelemetryJob.build(env, source, RecordingSource.watermarks(), parallelism, TelemetryJob.Sinks.parquet(out), laps);
 * }</pre>
 *
 * <p><b>Where it listens.</b> Reader subtask {@code i} listens on {@code bindAddress:(port + i)};
 * with port 0 on any free port, kept across failovers. Each reader logs {@code ingest: subtask <i>
 * listening on <host>:<port>} and exposes the port as the gauge {@code ingestPort}; in the same
 * JVM, {@link #boundPorts()} and {@link #awaitBoundPorts} give them.
 *
 * <p><b>Delivery.</b> Frames are converted with {@code FrameConverter} and queued; a bounded queue
 * and gRPC flow control slow the bridges down when the job is slow, nothing is dropped. When a
 * checkpoint completes, each stream gets a COMMITTED ack per (session, car) with the highest
 * sequence inside it; a stream gets a RESUME ack with the committed sequence after its first frame
 * of a (session, car), so after a failover a bridge re-sends only what no completed checkpoint
 * holds, and the job's duplicate filter drops the overlap. The job must checkpoint: nothing is
 * committed otherwise. Frames without a sequence (the original bridge) get the original per-frame
 * ack.
 *
 * <p><b>Security.</b> Loopback by default; a non-loopback address needs a bearer token (or an
 * explicit insecure opt-in); TLS optional; messages above the size limit end their stream with
 * RESOURCE_EXHAUSTED and malformed ones with INVALID_ARGUMENT, counted, without harm to the job or
 * the other streams.
 *
 * <p><b>Metrics</b> (reader group): {@code framesIn}, {@code bytesIn}, {@code malformedMessages},
 * {@code connectedStreams}, {@code queueFill} (queued frames / capacity), {@code ingestPort}.
 */
public final class GrpcIngestSource implements Source<Frame, IngestSplit, IngestEnumeratorState> {
    private static final long serialVersionUID = 1L;

    private final GrpcIngestOptions options;
    private final String sourceId = UUID.randomUUID().toString();

    GrpcIngestSource(GrpcIngestOptions options) {
        this.options = options;
    }

    public static GrpcIngestSourceBuilder builder() {
        return new GrpcIngestSourceBuilder();
    }

    public GrpcIngestOptions options() {
        return options;
    }

    /** Reader subtask (split index) to the port it listens on now, for readers in this JVM. */
    public SortedMap<Integer, Integer> boundPorts() {
        return BoundPorts.of(sourceId);
    }

    /**
     * Waits until {@code readers} readers in this JVM listen (a job's source parallelism) and
     * returns their ports by subtask.
     *
     * @throws IllegalStateException if they do not within {@code timeout}
     */
    public SortedMap<Integer, Integer> awaitBoundPorts(int readers, Duration timeout)
            throws InterruptedException {
        return BoundPorts.await(sourceId, readers, timeout.toMillis());
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<Frame, IngestSplit> createReader(SourceReaderContext context) {
        return new IngestReader(options, sourceId, context);
    }

    @Override
    public SplitEnumerator<IngestSplit, IngestEnumeratorState> createEnumerator(
            SplitEnumeratorContext<IngestSplit> context) {
        return new IngestEnumerator(context, options.port(), IngestEnumeratorState.empty());
    }

    @Override
    public SplitEnumerator<IngestSplit, IngestEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<IngestSplit> context, IngestEnumeratorState state) {
        return new IngestEnumerator(context, options.port(), state);
    }

    @Override
    public SimpleVersionedSerializer<IngestSplit> getSplitSerializer() {
        return IngestSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<IngestEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new IngestEnumeratorStateSerializer();
    }
}
