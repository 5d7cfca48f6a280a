package io.actelemetry.bridge.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the bridge reaches the ingest server.
 *
 * @param target          host:port (or any gRPC target URI)
 * @param tls             use TLS; trust the system CAs unless {@code caCert} is given
 * @param caCert          a PEM file of the CA(s) to trust instead of the system ones; implies TLS
 * @param token           bearer token sent as {@code authorization: Bearer <token>}
 * @param maxFrames       most frames kept waiting for a commit
 * @param maxBytes        most serialized bytes kept waiting for a commit
 * @param initialBackoff  first reconnect delay
 * @param maxBackoff      longest reconnect delay
 * @param drainTimeout    how long close() waits for the server to commit the last frames
 */
public record IngestOptions(String target, boolean tls, Optional<Path> caCert, Optional<String> token,
                            int maxFrames, long maxBytes, Duration initialBackoff, Duration maxBackoff,
                            Duration drainTimeout) {

    public static final String DEFAULT_TARGET = "127.0.0.1:50051";

    public IngestOptions {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(token, "token");
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
    }

    /**
     * Plain text to {@code target}; a buffer of 100,000 frames or 16 MB (about 40 s of driving at
     * 333 Hz, more with the original client's smaller frames); reconnects from 250 ms to 10 s.
     */
    public static IngestOptions defaults(String target) {
        return new IngestOptions(target, false, Optional.empty(), Optional.empty(), 100_000, 16L << 20,
                Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(3));
    }

    public IngestOptions withTls(Optional<Path> trustedCaCert) {
        return new IngestOptions(target, true, trustedCaCert, token, maxFrames, maxBytes, initialBackoff, maxBackoff, drainTimeout);
    }

    public IngestOptions withToken(String bearerToken) {
        return new IngestOptions(target, tls, caCert, Optional.of(bearerToken), maxFrames, maxBytes, initialBackoff, maxBackoff, drainTimeout);
    }

    public IngestOptions withBuffer(int frames, long bytes) {
        return new IngestOptions(target, tls, caCert, token, frames, bytes, initialBackoff, maxBackoff, drainTimeout);
    }

    public IngestOptions withBackoff(Duration initial, Duration max) {
        return new IngestOptions(target, tls, caCert, token, maxFrames, maxBytes, initial, max, drainTimeout);
    }

    public IngestOptions withDrainTimeout(Duration timeout) {
        return new IngestOptions(target, tls, caCert, token, maxFrames, maxBytes, initialBackoff, maxBackoff, timeout);
    }
}
