package io.actelemetry.job.source.grpc;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * How the live source's readers listen; built by {@link GrpcIngestSourceBuilder}, shipped with the
 * job (the TLS key and certificate as PEM bytes, so the task managers need no copy of the files).
 *
 * @param bindAddress address the readers listen on; loopback by default
 * @param port reader subtask {@code i} listens on {@code port + i}; 0 = any free port
 * @param bearerToken clients must send {@code authorization: Bearer <token>}; null = no check
 * @param insecure allows a non-loopback bind without a token
 * @param tlsCertChainPem server certificate chain (PEM); null = plain text
 * @param tlsPrivateKeyPem its private key (PEM, PKCS#8)
 * @param maxMessageBytes larger messages end their stream with RESOURCE_EXHAUSTED
 * @param queueCapacity frames a reader buffers before gRPC flow control holds the bridges back
 */
public record GrpcIngestOptions(
        String bindAddress,
        int port,
        String bearerToken,
        boolean insecure,
        byte[] tlsCertChainPem,
        byte[] tlsPrivateKeyPem,
        int maxMessageBytes,
        int queueCapacity)
        implements Serializable {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 50051;

    /** 1 MiB: a frame is about 1 KB; the bridge's largest is well under this. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

    /** About 30 s of one car at 333 Hz, or 0.1 s of 300 cars: roughly 15 MB of frames. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    public GrpcIngestOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("not a TCP port: " + port);
        if (bearerToken != null && bearerToken.isBlank())
            throw new IllegalArgumentException("the bearer token is empty");
        if ((tlsCertChainPem == null) != (tlsPrivateKeyPem == null)) {
            throw new IllegalArgumentException(
                    "TLS needs both a certificate chain and its private key");
        }
        if (maxMessageBytes < 1024)
            throw new IllegalArgumentException("max message size below 1 KiB: " + maxMessageBytes);
        if (queueCapacity < 1)
            throw new IllegalArgumentException("queue capacity must be positive: " + queueCapacity);
        if (bearerToken == null && !insecure && !isLoopback(bindAddress)) {
            throw new IllegalArgumentException(
                    "listening on "
                            + bindAddress
                            + " lets other machines send frames: "
                            + "set a bearer token, or opt in with insecure");
        }
    }

    public boolean tls() {
        return tlsCertChainPem != null;
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown bind address " + address, e);
        }
    }

    @Override
    public String toString() { // never the token or the key
        return "GrpcIngestOptions["
                + bindAddress
                + ":"
                + port
                + (port == 0 ? " (any)" : " + subtask")
                + (bearerToken != null ? ", token" : "")
                + (insecure ? ", insecure" : "")
                + (tls() ? ", TLS" : "")
                + ", max message "
                + maxMessageBytes
                + " B, queue "
                + queueCapacity
                + "]";
    }
}
