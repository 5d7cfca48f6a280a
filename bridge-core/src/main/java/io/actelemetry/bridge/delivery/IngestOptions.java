package io.actelemetry.bridge.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the bridge reaches the ingest server.
 *
 * @param target host:port (or any gRPC target URI)
 * @param tls use TLS; trust the system CAs unless {@code caCert} is given
 * @param caCert a PEM file of the CA(s) to trust instead of the system ones; implies TLS
 * @param token bearer token sent as {@code authorization: Bearer <token>}
 * @param maxFrames most frames kept waiting for a commit
 * @param maxBytes most serialized bytes kept waiting for a commit
 * @param initialBackoff first reconnect delay
 * @param maxBackoff longest reconnect delay
 * @param drainTimeout how long close() waits for the server to commit the last frames
 * @param sendInterval how long a new frame may wait to be sent with the next ones (zero: at once)
 */
public record IngestOptions(
        String target,
        boolean tls,
        Optional<Path> caCert,
        Optional<String> token,
        int maxFrames,
        long maxBytes,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration drainTimeout,
        Duration sendInterval) {

    public static final String DEFAULT_TARGET = "127.0.0.1:50051";

    public IngestOptions {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(token, "token");
        if (sendInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "sendInterval must not be negative: " + sendInterval);
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
    }

    /**
     * Plain text to {@code target}; a buffer of 100,000 frames or 16 MB (about a minute of driving
     * at 333 Hz); reconnects from 250 ms to 10 s; frames sent in batches every 250 ms. A batch
     * costs the bridge ~0.3 ms of CPU besides its frames (the wake-ups of the delivery thread and
     * of the event loop, the system call): sending 4 rather than 10 times a second takes 0.2 % of a
     * core off the bridge, and the job, which commits at checkpoints seconds apart, sees no
     * difference.
     */
    public static IngestOptions defaults(String target) {
        return new IngestOptions(
                target,
                false,
                Optional.empty(),
                Optional.empty(),
                100_000,
                16L << 20,
                Duration.ofMillis(250),
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Duration.ofMillis(250));
    }

    public IngestOptions withTls(Optional<Path> trustedCaCert) {
        return new IngestOptions(
                target,
                true,
                trustedCaCert,
                token,
                maxFrames,
                maxBytes,
                initialBackoff,
                maxBackoff,
                drainTimeout,
                sendInterval);
    }

    public IngestOptions withToken(String bearerToken) {
        return new IngestOptions(
                target,
                tls,
                caCert,
                Optional.of(bearerToken),
                maxFrames,
                maxBytes,
                initialBackoff,
                maxBackoff,
                drainTimeout,
                sendInterval);
    }

    public IngestOptions withBuffer(int frames, long bytes) {
        return new IngestOptions(
                target,
                tls,
                caCert,
                token,
                frames,
                bytes,
                initialBackoff,
                maxBackoff,
                drainTimeout,
                sendInterval);
    }

    public IngestOptions withBackoff(Duration initial, Duration max) {
        return new IngestOptions(
                target,
                tls,
                caCert,
                token,
                maxFrames,
                maxBytes,
                initial,
                max,
                drainTimeout,
                sendInterval);
    }

    public IngestOptions withSendInterval(Duration interval) {
        return new IngestOptions(
                target,
                tls,
                caCert,
                token,
                maxFrames,
                maxBytes,
                initialBackoff,
                maxBackoff,
                drainTimeout,
                interval);
    }

    public IngestOptions withDrainTimeout(Duration timeout) {
        return new IngestOptions(
                target,
                tls,
                caCert,
                token,
                maxFrames,
                maxBytes,
                initialBackoff,
                maxBackoff,
                timeout,
                sendInterval);
    }
}
