package io.actelemetry.job.source.grpc.enumerator;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * A reader bound split {@code index} to {@code port}: for a split configured with port 0, the
 * enumerator gives the split back with this port after a failure, even one before the first
 * checkpoint.
 */
public record PortBound(int index, int port) implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
