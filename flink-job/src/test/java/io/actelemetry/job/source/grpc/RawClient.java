package io.actelemetry.job.source.grpc;

import io.actelemetry.ingest.RawIngest;
import io.actelemetry.proto.v1.StreamAck;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A StreamFrames client writing whatever bytes it is given, as an old, broken or hostile client
 * would; it collects the acks and the final status.
 */
final class RawClient implements AutoCloseable {

    final List<StreamAck> acks = new CopyOnWriteArrayList<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();
    private final ManagedChannel channel;
    private final ClientCallStreamObserver<byte[]> requests;

    RawClient(String target, String token) {
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(target).usePlaintext();
        if (token != null) {
            Metadata headers = new Metadata();
            headers.put(
                    Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + token);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        channel = builder.build();
        CompletableFuture<ClientCallStreamObserver<byte[]>> started = new CompletableFuture<>();
        ClientCalls.asyncBidiStreamingCall(
                channel.newCall(RawIngest.STREAM_FRAMES, CallOptions.DEFAULT),
                new ClientResponseObserver<byte[], StreamAck>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<byte[]> stream) {
                        started.complete(stream);
                    }

                    @Override
                    public void onNext(StreamAck ack) {
                        acks.add(ack);
                    }

                    @Override
                    public void onError(Throwable t) {
                        end.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(Status.OK);
                    }
                });
        requests = started.join();
    }

    /** Writes {@code message} (gRPC buffers it if the stream is not ready). */
    synchronized void send(byte[] message) {
        requests.onNext(message);
    }

    synchronized boolean ready() {
        return requests.isReady();
    }

    synchronized void halfClose() {
        requests.onCompleted();
    }

    Status awaitEnd() throws Exception {
        return end.get(LiveJob.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }
}
