package io.actelemetry.ingest;

import io.actelemetry.proto.v1.StreamAck;
import io.actelemetry.proto.v1.TelemetryIngestGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code TelemetryIngest.StreamFrames} with the frames as their serialized bytes, for both ends: the bridge keeps
 * frames it has not had committed as bytes, not message objects; the job parses each frame itself, so a malformed one
 * is its own clear error rather than gRPC's INTERNAL, and keeps the bytes as the frame's raw form.
 */
public final class RawIngest {

    /** StreamFrames: frames as bytes, acks as messages. */
    public static final MethodDescriptor<byte[], StreamAck> STREAM_FRAMES = TelemetryIngestGrpc.getStreamFramesMethod()
            .toBuilder(new BytesMarshaller(), ProtoUtils.marshaller(StreamAck.getDefaultInstance()))
            .build();

    private RawIngest() {}

    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
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
}
