package io.actelemetry.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.StreamAck;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden bytes written by hand in the original project's encoding and framing: field numbers and
 * wire types from the seed contract, not from the generated code.
 */
class OriginalFormatTest {

    @TempDir Path dir;

    /** A frame as the original C++ bridge sent it. */
    static byte[] originalFrame(long monotonicNs, float speedKmh, int rawGear, int completedLaps) {
        Bytes physics =
                new Bytes()
                        .fixed32(1, speedKmh) // speed_kmh
                        .fixed32(2, 0.75f) // gas
                        .fixed32(3, 0.05f) // brake (proto3 writers omit zero values)
                        .varint(5, rawGear) // gear, raw AC value
                        .fixed32(6, -0.0025f) // steer, divided by 180 in the original
                        .fixed32(7, 6120f) // engine_rpm
                        .message(
                                12,
                                new Bytes()
                                        .fixed32(1, 0.4f)
                                        .fixed32(2, 1.0f)
                                        .fixed32(3, -0.2f)); // acc_g
        Bytes graphics =
                new Bytes()
                        .varint(1, 2) // status live
                        .varint(2, completedLaps) // completed_laps
                        .varint(3, 1) // position
                        .fixed32(4, 61.234f) // i_current_time_s
                        .fixed32(9, 0.5f); // normalized_car_pos
        Bytes stat = new Bytes().string(1, "ks_mazda_mx5_cup").string(2, "magione").varint(4, 7500);
        return new Bytes()
                .varint(1, monotonicNs)
                .string(2, "assetto_corsa")
                .string(3, "6f1c2d9e-0000-4000-8000-00000000abcd")
                .message(4, physics)
                .message(5, graphics)
                .message(6, stat)
                .toByteArray();
    }

    @Test
    void readsARecordingFramedByHandTheOriginalWay() throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] frame = originalFrame(1_000_000L + i * 3_000_000L, 150f + i, 3, 7);
            plain.writeBytes(new Bytes().rawVarint(frame.length).toByteArray());
            plain.writeBytes(frame);
        }
        Path file =
                Files.write(
                        dir.resolve("telemetry_record.pb.gz"), GzipBytes.gzip(plain.toByteArray()));

        try (RecordingReader reader = RecordingReader.open(file)) {
            List<TelemetryFrame> frames = RecordingRoundTripTest.readAll(reader);
            assertThat(frames).hasSize(3);
            TelemetryFrame f = frames.get(1);
            assertThat(f.getMonotonicNs()).isEqualTo(4_000_000L);
            assertThat(f.getGame()).isEqualTo("assetto_corsa");
            assertThat(f.getPhysics().getSpeedKmh()).isEqualTo(151f);
            assertThat(f.getPhysics().getGear()).isEqualTo(3);
            assertThat(f.getPhysics().getAccG().getZ()).isEqualTo(-0.2f);
            assertThat(f.getGraphics().getCompletedLaps()).isEqualTo(7);
            assertThat(f.getGraphics().getNormalizedCarPos()).isEqualTo(0.5f);
            assertThat(f.getStat().getMaxRpm()).isEqualTo(7500);
            // What marks an original frame for the job: none of this project's fields are set.
            assertThat(f.getSequence()).isZero();
            assertThat(f.getFormatVersion()).isEqualTo(FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE);
            assertThat(f.getState()).isEqualTo(SampleState.SAMPLE_STATE_UNSPECIFIED);
        }
    }

    @Test
    void originalFrameRoundTripsByteForByteAndTheWriterKeepsTheOriginalFraming()
            throws IOException {
        byte[] golden = originalFrame(42L, 98.5f, 1, 2);
        TelemetryFrame parsed = TelemetryFrame.parseFrom(golden);
        assertThat(parsed.toByteArray()).isEqualTo(golden);

        Path file = dir.resolve("rewritten.pb.gz");
        try (RecordingWriter writer = RecordingWriter.open(file)) {
            writer.write(parsed);
            writer.write(parsed);
        }
        byte[] plain;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            plain = in.readAllBytes();
        }
        byte[] prefix = new Bytes().rawVarint(golden.length).toByteArray();
        assertThat(plain).isEqualTo(GzipBytes.concat(prefix, golden, prefix, golden));
    }

    @Test
    void originalAckStillMeansWhatItMeant() throws IOException {
        byte[] golden = new Bytes().varint(1, 123_456_789L).toByteArray();
        StreamAck ack = StreamAck.parseFrom(golden);
        assertThat(ack.getLastMonotonicNs()).isEqualTo(123_456_789L);
        assertThat(ack.toByteArray()).isEqualTo(golden);
    }

    @Test
    void readsMembersWithAFileNameInTheHeader() throws IOException {
        byte[] frame = originalFrame(7L, 80f, 2, 1);
        byte[] plain = GzipBytes.concat(new Bytes().rawVarint(frame.length).toByteArray(), frame);
        byte[] gz = GzipBytes.gzipWithFileName(plain, "telemetry_record.pb");
        try (RecordingReader reader =
                RecordingReader.of(
                        new ByteArrayInputStream(gz), "named", RecordingReader.OnCorruption.FAIL)) {
            assertThat(RecordingRoundTripTest.readAll(reader))
                    .containsExactly(TelemetryFrame.parseFrom(frame));
        }
    }

    /**
     * A minimal protobuf encoder, so golden bytes come from the contract rather than generated
     * code.
     */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes rawVarint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        Bytes varint(int field, long v) {
            return rawVarint((long) field << 3).rawVarint(v);
        }

        Bytes fixed32(int field, float v) {
            rawVarint(((long) field << 3) | 5);
            int bits = Float.floatToIntBits(v);
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xff);
            }
            return this;
        }

        Bytes string(int field, String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            rawVarint(((long) field << 3) | 2).rawVarint(utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        Bytes message(int field, Bytes m) {
            byte[] body = m.toByteArray();
            rawVarint(((long) field << 3) | 2).rawVarint(body.length);
            out.writeBytes(body);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
