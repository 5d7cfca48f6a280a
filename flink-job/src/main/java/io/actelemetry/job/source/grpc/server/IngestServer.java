package io.actelemetry.job.source.grpc.server;

import io.actelemetry.ingest.RawIngest;
import io.actelemetry.job.source.grpc.GrpcIngestOptions;
import io.actelemetry.proto.v1.StreamAck;
import io.actelemetry.proto.v1.TelemetryIngestGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code TelemetryIngest} service on one port, on event loops and an executor of its own that
 * {@link #close()} shuts down: Flink reuses task manager JVMs, and gRPC's shared event loops would
 * outlive a cancelled job's classloader and keep its threads.
 *
 * <p>Memory per stream is bounded by the stream's window of frames, the HTTP/2 flow-control window
 * ({@value #FLOW_CONTROL_WINDOW} bytes, a few hundred frames: plenty for 333 Hz over any link) and
 * one message being read (at most {@link #grpcMessageLimit}).
 */
public final class IngestServer implements AutoCloseable {

    static final int FLOW_CONTROL_WINDOW = 256 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService executor;
    private final Server server;

    private IngestServer(GrpcIngestOptions options, int port, String name, Inbox inbox)
            throws IOException {
        boss =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory(name + "-boss", true),
                        NioIoHandler.newFactory());
        workers =
                new MultiThreadIoEventLoopGroup(
                        1, new DefaultThreadFactory(name + "-io", true), NioIoHandler.newFactory());
        executor = Executors.newFixedThreadPool(2, new DefaultThreadFactory(name + "-calls", true));
        AtomicLong streams = new AtomicLong();
        ServerCallHandler<byte[], StreamAck> handler =
                (call, headers) -> {
                    IngestStream stream =
                            new IngestStream(
                                    call,
                                    inbox,
                                    "stream "
                                            + streams.incrementAndGet()
                                            + " from "
                                            + call.getAttributes()
                                                    .get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                                    options.maxMessageBytes());
                    stream.start();
                    return stream;
                };
        ServerServiceDefinition service =
                ServerServiceDefinition.builder(TelemetryIngestGrpc.SERVICE_NAME)
                        .addMethod(RawIngest.STREAM_FRAMES, handler)
                        .build();
        try {
            NettyServerBuilder builder =
                    NettyServerBuilder.forAddress(
                                    new InetSocketAddress(
                                            InetAddress.getByName(options.bindAddress()), port),
                                    credentials(options))
                            .bossEventLoopGroup(boss)
                            .workerEventLoopGroup(workers)
                            .channelType(NioServerSocketChannel.class)
                            .executor(executor)
                            .maxInboundMessageSize(grpcMessageLimit(options.maxMessageBytes()))
                            .flowControlWindow(FLOW_CONTROL_WINDOW)
                            .addService(
                                    options.bearerToken() == null
                                            ? service
                                            : ServerInterceptors.intercept(
                                                    service,
                                                    new BearerTokenCheck(options.bearerToken())));
            server = builder.build().start();
        } catch (IOException | RuntimeException e) {
            try {
                shutDownThreads();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    /**
     * Listens on {@code options.bindAddress():port} (0 = any free port). Thread names start with
     * {@code name}.
     */
    public static IngestServer start(GrpcIngestOptions options, int port, String name, Inbox inbox)
            throws IOException {
        return new IngestServer(options, port, name, inbox);
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /**
     * Breaks the open streams (their bridges re-send what is not committed), stops listening, ends
     * every thread.
     */
    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        shutDownThreads();
    }

    private void shutDownThreads() throws InterruptedException {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        executor.shutdownNow();
        boss.awaitTermination(5, TimeUnit.SECONDS);
        workers.awaitTermination(5, TimeUnit.SECONDS);
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * gRPC's own limit, above ours: up to it the stream rejects a large message itself, with
     * RESOURCE_EXHAUSTED and a description; beyond it gRPC does not even read the message, and can
     * only reset the stream (CANCELLED).
     */
    public static int grpcMessageLimit(int maxMessageBytes) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(4L * maxMessageBytes, 4L << 20));
    }

    private static ServerCredentials credentials(GrpcIngestOptions options) throws IOException {
        return options.tls()
                ? TlsServerCredentials.create(
                        new ByteArrayInputStream(options.tlsCertChainPem()),
                        new ByteArrayInputStream(options.tlsPrivateKeyPem()))
                : InsecureServerCredentials.create();
    }
}
