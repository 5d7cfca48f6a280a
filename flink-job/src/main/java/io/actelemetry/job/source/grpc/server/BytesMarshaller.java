package io.actelemetry.job.source.grpc.server;

import io.grpc.MethodDescriptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Messages as bytes: the stream parses frames itself, so a malformed one is its INVALID_ARGUMENT with the stream and
 * peer named, not gRPC's INTERNAL; and the bytes are kept as the frame's raw form without serializing it again.
 */
final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
