package io.actelemetry.ingest;

import io.actelemetry.proto.v1.StreamAck;
import io.actelemetry.proto.v1.TelemetryIngestGrpc;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * {@code TelemetryIngest.StreamFrames} with the frames as their serialized bytes, for both ends:
 * the bridge keeps frames it has not had committed as bytes, not message objects; the job parses
 * each frame itself, so a malformed one is its own clear error rather than gRPC's INTERNAL, and
 * keeps the bytes as the frame's raw form.
 */
public final class RawIngest {

    /** StreamFrames: frames as bytes, acks as messages. */
    public static final MethodDescriptor<byte[], StreamAck> STREAM_FRAMES =
            TelemetryIngestGrpc.getStreamFramesMethod().toBuilder(
                            new BytesMarshaller(),
                            ProtoUtils.marshaller(StreamAck.getDefaultInstance()))
                    .build();

    private RawIngest() {}

    /**
     * Both directions copy each frame once: gRPC drains the bytes straight into its buffer (a plain
     * stream would be copied through a fresh 8 KB buffer per message), and the received length is
     * known, so the array is allocated at its size (where {@code readAllBytes} reads through 8 KB
     * chunks and copies again).
     */
    static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new FrameBytes(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                if (stream instanceof KnownLength) {
                    byte[] bytes = new byte[stream.available()];
                    int read = stream.readNBytes(bytes, 0, bytes.length);
                    if (read != bytes.length) {
                        throw new IOException(
                                "the message said " + bytes.length + " bytes but held " + read);
                    }
                    return bytes;
                }
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class FrameBytes extends ByteArrayInputStream
            implements Drainable, KnownLength {
        FrameBytes(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = count - pos;
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}
