package io.actelemetry.bridge.delivery;

import io.actelemetry.proto.v1.AcSessionType;
import io.actelemetry.proto.v1.AcStatus;
import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.Physics;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.proto.v1.Vec3f;
import io.actelemetry.proto.v1.Wheel4f;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

/** Frames shaped like the sampler's: a car at speed, full static block, 3 ms apart. */
public final class TestFrames {

    private TestFrames() {}

    public static String newSession() {
        return UUID.randomUUID().toString();
    }

    public static TelemetryFrame frame(String session, long sequence) {
        float t = sequence * 0.003f;
        return TelemetryFrame.newBuilder()
                .setMonotonicNs(1_000_000_000L + sequence * 3_000_000L)
                .setCaptureUnixNs(1_795_000_000_000_000_000L + sequence * 3_000_000L)
                .setGame("assetto_corsa")
                .setSessionId(session)
                .setSequence(sequence)
                .setFormatVersion(FormatVersion.FORMAT_VERSION_CURRENT_VALUE)
                .setState(SampleState.SAMPLE_STATE_LIVE)
                .setPhysics(
                        Physics.newBuilder()
                                .setPacketId((int) sequence)
                                .setSpeedKmh(120 + 40 * (float) Math.sin(t))
                                .setGas(0.8f)
                                .setBrake(0.0f)
                                .setGear(4)
                                .setSteer(0.1f * (float) Math.sin(t * 3))
                                .setEngineRpm(6500)
                                .setFuelL(41.5f)
                                .setTyreTempC(wheels(85))
                                .setTyreLoad(wheels(3500))
                                .setTyreSlip(wheels(0.3f))
                                .setSuspensionTravel(wheels(0.04f))
                                .setTyrePressurePsi(wheels(27.5f))
                                .setAccG(Vec3f.newBuilder().setX(0.8f).setY(1).setZ(0.1f))
                                .setVelocity(Vec3f.newBuilder().setX(30).setZ(12)))
                .setGraphics(
                        Graphics.newBuilder()
                                .setStatus(AcStatus.AC_STATUS_LIVE_VALUE)
                                .setCompletedLaps(3)
                                .setPosition(1)
                                .setCurrentLapMs((int) (sequence * 3 % 120_000))
                                .setLastLapMs(119_456)
                                .setBestLapMs(118_900)
                                .setNormalizedCarPos((sequence % 40_000) / 40_000f)
                                .setSessionType(AcSessionType.AC_SESSION_TYPE_PRACTICE_VALUE)
                                .setTyreCompound("Semislicks (SM)"))
                .setStat(
                        Static.newBuilder()
                                .setCarModel("ks_mazda_mx5_cup")
                                .setTrack("magione")
                                .setMaxRpm(7500)
                                .setSectorCount(3)
                                .setTrackSplineLengthM(2507)
                                .setAcVersion("1.16")
                                .setSmVersion("1.7"))
                .build();
    }

    public static List<TelemetryFrame> frames(String session, long firstSequence, long count) {
        return LongStream.range(firstSequence, firstSequence + count)
                .mapToObj(seq -> frame(session, seq))
                .toList();
    }

    private static Wheel4f.Builder wheels(float value) {
        return Wheel4f.newBuilder()
                .setFl(value)
                .setFr(value * 1.01f)
                .setRl(value * 0.98f)
                .setRr(value * 0.99f);
    }
}
