package io.actelemetry.bridge.delivery;

/**
 * A snapshot of the ingest client, for the status line and for tests.
 *
 * @param state where the stream is
 * @param offered frames handed to the client
 * @param sent frames written to a stream (re-sends counted again)
 * @param acked frames the server committed (or, for the original server, received)
 * @param buffered frames waiting for a commit
 * @param bufferedBytes their serialized size
 * @param evicted frames dropped from the buffer because it was full (they are in the recording)
 * @param reconnects streams started after the first
 * @param lastError why the last stream ended, empty if none did
 */
public record DeliveryStats(
        ConnectionState state,
        long offered,
        long sent,
        long acked,
        int buffered,
        long bufferedBytes,
        long evicted,
        long reconnects,
        String lastError) {}
