package io.actelemetry.job.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.Frames;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;

import org.junit.jupiter.api.Test;

class FrameConverterTest {

    @Test
    void withoutRawCopiesEveryOtherFieldAndLeavesTheFrameWhole() {
        Frame f = FrameConverter.convert(Frames.current("s1", "rig2", 17));
        Frame lean = f.withoutRaw();
        assertThat(lean).isNotSameAs(f).usingRecursiveComparison().ignoringFields("raw").isEqualTo(f);
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
        assertThat(f.formatVersion).isEqualTo(2);
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

        assertThat(f.formatVersion).isZero();
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
        TelemetryFrame reverse = Frames.original("old", 1).toBuilder()
                .setPhysics(Frames.original("old", 1).getPhysics().toBuilder().setGear(0)).build();
        TelemetryFrame neutral = reverse.toBuilder().setPhysics(reverse.getPhysics().toBuilder().setGear(1)).build();
        assertThat(FrameConverter.convert(reverse).gear).isEqualTo(-1);
        assertThat(FrameConverter.convert(neutral).gear).isZero();
    }

    @Test
    void driverFallsBackToTheNick() {
        assertThat(FrameConverter.driver(Static.newBuilder().setPlayerNick(" speedy ").build())).isEqualTo("speedy");
        assertThat(FrameConverter.driver(Static.newBuilder().setPlayerSurname("Senna").setPlayerNick("x").build())).isEqualTo("Senna");
        assertThat(FrameConverter.driver(Static.getDefaultInstance())).isEmpty();
    }

    @Test
    void givenBytesAreKeptAsTheRawFrame() {
        TelemetryFrame t = Frames.current("s", "", 1);
        byte[] bytes = t.toByteArray();
        assertThat(FrameConverter.convert(t, bytes).raw).isSameAs(bytes);
    }
}
