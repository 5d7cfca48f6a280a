package io.actelemetry.job.source.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a {@link GrpcIngestSource}; every setting has a default that runs on one laptop. */
public final class GrpcIngestSourceBuilder {

    private String bindAddress = GrpcIngestOptions.DEFAULT_BIND_ADDRESS;
    private int port = GrpcIngestOptions.DEFAULT_PORT;
    private String bearerToken;
    private boolean insecure;
    private Path tlsCertChain;
    private Path tlsPrivateKey;
    private int maxMessageBytes = GrpcIngestOptions.DEFAULT_MAX_MESSAGE_BYTES;
    private int queueCapacity = GrpcIngestOptions.DEFAULT_QUEUE_CAPACITY;

    GrpcIngestSourceBuilder() {}

    /**
     * Address to listen on (default 127.0.0.1). A non-loopback one needs a bearer token or {@link
     * #setInsecure}.
     */
    public GrpcIngestSourceBuilder setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    /**
     * Reader subtask {@code i} listens on {@code port + i} (default 50051); 0 = any free port (see
     * {@link GrpcIngestSource#boundPorts()}).
     */
    public GrpcIngestSourceBuilder setPort(int port) {
        this.port = port;
        return this;
    }

    /** Clients must send {@code authorization: Bearer <token>}; others get UNAUTHENTICATED. */
    public GrpcIngestSourceBuilder setBearerToken(String bearerToken) {
        this.bearerToken = bearerToken;
        return this;
    }

    /** Explicit opt-in to a non-loopback bind without a token. */
    public GrpcIngestSourceBuilder setInsecure(boolean insecure) {
        this.insecure = insecure;
        return this;
    }

    /**
     * Serve TLS with this PEM certificate chain and PEM (PKCS#8) private key; both are read by
     * {@link #build()}.
     */
    public GrpcIngestSourceBuilder setTls(Path certChainPem, Path privateKeyPem) {
        this.tlsCertChain = certChainPem;
        this.tlsPrivateKey = privateKeyPem;
        return this;
    }

    /** Larger messages end their stream with RESOURCE_EXHAUSTED (default 1 MiB). */
    public GrpcIngestSourceBuilder setMaxMessageBytes(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        return this;
    }

    /**
     * Frames buffered per reader before gRPC flow control holds the bridges back (default 10,000).
     */
    public GrpcIngestSourceBuilder setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
        return this;
    }

    /**
     * @throws IllegalArgumentException for an invalid setting, or a non-loopback bind with neither
     *     token nor insecure
     * @throws UncheckedIOException if the TLS files cannot be read
     */
    public GrpcIngestSource build() {
        return new GrpcIngestSource(
                new GrpcIngestOptions(
                        bindAddress,
                        port,
                        bearerToken,
                        insecure,
                        read(tlsCertChain),
                        read(tlsPrivateKey),
                        maxMessageBytes,
                        queueCapacity));
    }

    private static byte[] read(Path pem) {
        try {
            return pem == null ? null : Files.readAllBytes(pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        }
    }
}
