package io.actelemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.SyntheticFrames;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor.Marshaller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class RawIngestTest {

    private final Marshaller<byte[]> marshaller = RawIngest.STREAM_FRAMES.getRequestMarshaller();
    private final TelemetryFrame sample = new SyntheticFrames(42).next();
    private final byte[] frame = sample.toByteArray();

    @Test
    void aFrameIsDrainedWholeInOneWriteWithItsLengthKnown() throws Exception {
        InputStream stream = marshaller.stream(frame);
        assertThat(stream).isInstanceOf(Drainable.class).isInstanceOf(KnownLength.class);
        assertThat(stream.available()).isEqualTo(frame.length);

        CountingSink sink = new CountingSink();
        assertThat(((Drainable) stream).drainTo(sink)).isEqualTo(frame.length);
        assertThat(sink.toByteArray()).isEqualTo(frame);
        assertThat(sink.writes).isEqualTo(1);
        assertThat(stream.read()).isEqualTo(-1);
    }

    @Test
    void whatIsStreamedParsesBackToTheSameFrame() throws Exception {
        byte[] parsed = marshaller.parse(marshaller.stream(frame));
        assertThat(parsed).isEqualTo(frame);
        assertThat(TelemetryFrame.parseFrom(parsed)).isEqualTo(sample);
    }

    @Test
    void aStreamOfUnknownLengthIsReadToItsEnd() {
        InputStream unknownLength =
                new java.io.FilterInputStream(new ByteArrayInputStream(frame)) {};
        assertThat(marshaller.parse(unknownLength)).isEqualTo(frame);
    }

    @Test
    void aStreamShorterThanItsKnownLengthIsAClearError() {
        InputStream lying = new Short(frame, 10);
        assertThatThrownBy(() -> marshaller.parse(lying))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(frame.length + " bytes but held " + (frame.length - 10));
    }

    /** Says it holds all of {@code bytes} but ends {@code missing} bytes early. */
    private static final class Short extends InputStream implements KnownLength {
        private final ByteArrayInputStream bytes;
        private final int length;

        Short(byte[] bytes, int missing) {
            this.bytes = new ByteArrayInputStream(bytes, 0, bytes.length - missing);
            this.length = bytes.length;
        }

        @Override
        public int available() {
            return length;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes.read(b, off, len);
        }
    }

    private static final class CountingSink extends ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }
    }
}
