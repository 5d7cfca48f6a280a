package io.actelemetry.bridge.delivery;

/** Where the ingest stream stands. */
public enum ConnectionState {
    /** The first stream is being opened. */
    CONNECTING,
    /** A stream is open and taking frames. */
    CONNECTED,
    /** The last stream failed; another starts after a backoff delay. */
    RECONNECTING,
    /** The server refused the credentials; streaming stopped for good (the recording continues). */
    REJECTED,
    /** close() was called. */
    CLOSED
}
