package io.actelemetry.bridge.delivery;

import io.actelemetry.proto.v1.TelemetryFrame;

/**
 * One frame serialized once, for both the recording and the stream (each used to serialize it
 * again), with what acks identify it by. Made from bytes directly, the ids must be those the bytes
 * hold.
 */
public record SerializedFrame(
        String sessionId, String carId, long sequence, long monotonicNs, byte[] bytes) {

    public static SerializedFrame of(TelemetryFrame frame) {
        // Serialized before the ids are read: reading a text field the mapper set as bytes turns it
        // into
        // a String, which the next serialization would have to encode again.
        byte[] bytes = frame.toByteArray();
        return new SerializedFrame(
                frame.getSessionId(),
                frame.getCarId(),
                frame.getSequence(),
                frame.getMonotonicNs(),
                bytes);
    }
}
