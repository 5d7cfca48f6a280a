package io.actelemetry.job;

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

/** Hand-made frames with every kind of field set, for tests of conversion and flattening. */
public final class Frames {

    private Frames() {}

    /** A current-format frame of {@code session} with sequence {@code seq}, 3 ms apart. */
    public static TelemetryFrame current(String session, String car, long seq) {
        return TelemetryFrame.newBuilder()
                .setSessionId(session)
                .setCarId(car)
                .setGame("assetto_corsa")
                .setSequence(seq)
                .setMonotonicNs(5_000_000_000L + seq * 3_000_000L)
                .setCaptureUnixNs(1_767_225_600_000_000_000L + seq * 3_000_000L)
                .setFormatVersion(FormatVersion.FORMAT_VERSION_CURRENT_VALUE)
                .setState(SampleState.SAMPLE_STATE_LIVE)
                .setPhysics(
                        Physics.newBuilder()
                                .setSpeedKmh(201.5f)
                                .setGas(0.75f)
                                .setBrake(0.1f)
                                .setGear(4)
                                .setSteer(-0.25f)
                                .setEngineRpm(7450f)
                                .setPacketId((int) seq)
                                .setAccG(Vec3f.newBuilder().setX(1.2f).setY(0.01f).setZ(-0.8f))
                                .setTyreTempC(
                                        Wheel4f.newBuilder()
                                                .setFl(81f)
                                                .setFr(83f)
                                                .setRl(79f)
                                                .setRr(80.5f))
                                .setTyrePressurePsi(
                                        Wheel4f.newBuilder()
                                                .setFl(26.1f)
                                                .setFr(26.2f)
                                                .setRl(25.9f)
                                                .setRr(26f))
                                .setFuelL(42.5f)
                                .setNumberOfTyresOut(1)
                                .setPitLimiterOn(true)
                                .addCarDamage(0f)
                                .addCarDamage(12.5f)
                                .addCarDamage(0f)
                                .addCarDamage(0f)
                                .addCarDamage(3f))
                .setGraphics(
                        Graphics.newBuilder()
                                .setStatus(AcStatus.AC_STATUS_LIVE_VALUE)
                                .setSessionType(AcSessionType.AC_SESSION_TYPE_PRACTICE_VALUE)
                                .setCompletedLaps(3)
                                .setPosition(2)
                                .setCurrentLapMs(45_123)
                                .setLastLapMs(91_234)
                                .setBestLapMs(90_001)
                                .setNormalizedCarPos(0.42f)
                                .setCurrentSectorIndex(1)
                                .setIsInPitLane(true)
                                .setTyreCompound("Soft (S)")
                                .setCarCoordinates(
                                        Vec3f.newBuilder().setX(-120.5f).setY(3f).setZ(877.25f)))
                .setStat(
                        Static.newBuilder()
                                .setCarModel("ks_mazda_mx5_cup")
                                .setTrack("magione")
                                .setTrackConfiguration("")
                                .setPlayerName("Ada")
                                .setPlayerSurname("Lovelace")
                                .setPlayerNick("ada")
                                .setSectorCount(3)
                                .setTrackSplineLengthM(2507.5f)
                                .setMaxFuelL(45f))
                .build();
    }

    /**
     * A frame as the original C++ bridge sent it: raw game gear, steer / 180, no sequence or wall
     * clock.
     */
    public static TelemetryFrame original(String session, long monotonicNs) {
        return TelemetryFrame.newBuilder()
                .setSessionId(session)
                .setGame("assetto_corsa")
                .setMonotonicNs(monotonicNs)
                .setPhysics(
                        Physics.newBuilder()
                                .setSpeedKmh(120f)
                                .setGear(2)
                                .setSteer(90f / 180f)
                                .setEngineRpm(5000f))
                .setGraphics(
                        Graphics.newBuilder()
                                .setStatus(AcStatus.AC_STATUS_LIVE_VALUE)
                                .setCompletedLaps(7)
                                .setNormalizedCarPos(0.9f))
                .build();
    }
}
