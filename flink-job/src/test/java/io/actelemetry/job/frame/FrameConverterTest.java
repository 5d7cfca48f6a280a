package io.actelemetry.job.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.actelemetry.job.Frames;
import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameConverterTest {

    @Test
    void withoutRawCopiesEveryOtherFieldAndLeavesTheFrameWhole() {
        Frame f = FrameConverter.convert(Frames.current("s1", "rig2", 17));
        Frame lean = f.withoutRaw();
        assertThat(lean)
                .isNotSameAs(f)
                .usingRecursiveComparison()
                .ignoringFields("raw")
                .isEqualTo(f);
        assertThat(lean.raw).isNull();
        assertThat(f.raw).isNotEmpty();
    }

    @Test
    void currentFramesKeepTheirValues() {
        TelemetryFrame t = Frames.current("s1", "rig2", 17);
        Frame f = FrameConverter.convert(t);

        assertThat(f.sessionId).isEqualTo("s1");
        assertThat(f.carId).isEqualTo("rig2");
        assertThat(f.sequence).isEqualTo(17);
        assertThat(f.formatVersion).isEqualTo(FormatVersion.FORMAT_VERSION_CURRENT_VALUE);
        assertThat(f.state).isEqualTo(1);
        assertThat(f.eventTimeMs).isEqualTo(t.getCaptureUnixNs() / 1_000_000);
        assertThat(f.gear).isEqualTo(4);
        assertThat(f.steer).isEqualTo(-0.25f);
        assertThat(f.accLatG).isEqualTo(1.2f);
        assertThat(f.accVertG).isEqualTo(0.01f);
        assertThat(f.accLonG).isEqualTo(-0.8f);
        assertThat(f.tyreCoreTempC).containsExactly(81f, 83f, 79f, 80.5f);
        assertThat(f.tyrePressurePsi).containsExactly(26.1f, 26.2f, 25.9f, 26f);
        assertThat(f.completedLaps).isEqualTo(3);
        assertThat(f.lastLapMs).isEqualTo(91_234);
        assertThat(f.inPitLane).isTrue();
        assertThat(f.posZ).isEqualTo(877.25f);
        assertThat(f.driver).isEqualTo("Ada Lovelace");
        assertThat(f.trackSplineLengthM).isEqualTo(2507.5f);
        assertThat(f.tyresOut).isEqualTo(1);
        assertThat(f.pitLimiterOn).isTrue();
        assertThat(f.raw).isEqualTo(t.toByteArray());
    }

    @Test
    void originalBridgeFramesGetConventionalGearAndSteer() {
        Frame f = FrameConverter.convert(Frames.original("old", 9_000_000_123L));

        assertThat(f.formatVersion).isEqualTo(FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE);
        assertThat(f.gear).as("raw 2 is first gear").isEqualTo(1);
        assertThat(f.steer).as("the original bridge sent steer / 180").isEqualTo(90f);
        assertThat(f.sequence).isZero();
        assertThat(f.captureUnixNs).isZero();
        assertThat(f.eventTimeMs).as("no wall clock: monotonic time").isEqualTo(9_000);
        assertThat(f.completedLaps).as("graphics passed as they came").isEqualTo(7);
        assertThat(f.carId).isEmpty();
        assertThat(f.driver).isEmpty();
    }

    @Test
    void reverseAndNeutralFromTheOriginalBridge() {
        TelemetryFrame reverse =
                Frames.original("old", 1).toBuilder()
                        .setPhysics(Frames.original("old", 1).getPhysics().toBuilder().setGear(0))
                        .build();
        TelemetryFrame neutral =
                reverse.toBuilder().setPhysics(reverse.getPhysics().toBuilder().setGear(1)).build();
        assertThat(FrameConverter.convert(reverse).gear).isEqualTo(-1);
        assertThat(FrameConverter.convert(neutral).gear).isZero();
    }

    @Test
    void driverFallsBackToTheNick() {
        assertThat(FrameConverter.driver("", "", " speedy ")).isEqualTo("speedy");
        assertThat(FrameConverter.driver("", "Senna", "x")).isEqualTo("Senna");
        assertThat(FrameConverter.driver("", "", "")).isEmpty();
    }

    @Test
    void givenBytesAreKeptAsTheRawFrame() throws InvalidProtocolBufferException {
        TelemetryFrame t = Frames.current("s", "", 1);
        byte[] bytes = t.toByteArray();
        assertThat(new FrameConverter().convert(bytes).raw).isSameAs(bytes);
    }

    @Test
    void aConverterCarriesNothingOverFromTheFrameBefore() throws InvalidProtocolBufferException {
        FrameConverter converter = new FrameConverter();
        Frame first = converter.convert(Frames.current("s1", "rig2", 17).toByteArray());
        Frame bare = converter.convert(Frames.original("old", 9_000_000_123L).toByteArray());
        Frame again = converter.convert(Frames.current("s1", "rig2", 18).toByteArray());

        assertThat(bare)
                .usingRecursiveComparison()
                .isEqualTo(FrameConverter.convert(Frames.original("old", 9_000_000_123L)));
        assertThat(bare.carId).isEmpty();
        assertThat(bare.track).isEmpty();
        assertThat(bare.driver).isEmpty();
        assertThat(bare.lastLapMs).isZero();
        assertThat(again.sequence).isEqualTo(18);
        assertThat(again.driver).isEqualTo(first.driver).isEqualTo("Ada Lovelace");
    }

    @Test
    void aStringThatIsNotUtf8IsRefusedNamingItsField() {
        byte[] bytes =
                Frames.current("s1", "rig", 1).toBuilder().setCarId("RIG").build().toByteArray();
        byte[] rig = "RIG".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, rig);
        bytes[at + 1] = (byte) 0xC3; // a two-byte sequence cut by the 'G'

        assertThatThrownBy(() -> TelemetryFrame.parseFrom(bytes))
                .isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> new FrameConverter().convert(bytes))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("car_id");
    }

    @Test
    void refusesExactlyWhatProtobufsParserRefusesAndOtherwiseAgreesWithIt()
            throws InvalidProtocolBufferException {
        byte[] whole = Frames.current("s1", "rig2", 17).toByteArray();
        Random random = new Random(11);
        FrameConverter converter = new FrameConverter();
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bent = whole.clone();
            for (int flips = 1 + random.nextInt(2); flips > 0; flips--)
                bent[random.nextInt(bent.length)] = (byte) random.nextInt(256);
            TelemetryFrame parsed;
            try {
                parsed = TelemetryFrame.parseFrom(bent);
            } catch (InvalidProtocolBufferException e) {
                refused++;
                assertThatThrownBy(() -> converter.convert(bent))
                        .as("flips #%d", i)
                        .isInstanceOf(InvalidProtocolBufferException.class);
                continue;
            }
            assertThat(fields(converter.convert(bent)))
                    .as("flips #%d", i)
                    .isEqualTo(fields(FrameConverter.convert(parsed)));
        }
        assertThat(refused)
                .as("the flips break some frames and not others")
                .isBetween(1_000, 19_000);
    }

    /** Every field but the raw bytes, comparable with equals (floats bit for bit, NaN too). */
    private static List<Object> fields(Frame f) {
        List<Object> values = new ArrayList<>();
        for (Field field : Frame.class.getFields()) {
            if (field.getName().equals("raw")) continue;
            try {
                Object v = field.get(f);
                values.add(v instanceof float[] a ? Arrays.toString(a) : v);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return values;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) return i;
        }
        throw new AssertionError("not found");
    }
}
