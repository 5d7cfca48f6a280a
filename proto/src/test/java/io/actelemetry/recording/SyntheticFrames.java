package io.actelemetry.recording;

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
import java.util.SplittableRandom;

/**
 * Frames shaped like the bridge's at 333 Hz: every channel filled, values moving smoothly around a
 * 90 s lap with sensor noise, static data repeated in each frame. The codec's tests and benchmark
 * use them; the proto module cannot depend on the bridge's simulated game.
 */
public final class SyntheticFrames {

    private static final long STEP_NS = 3_000_000L;
    private static final long START_UNIX_NS = 1_763_900_000_000_000_000L;
    private static final double LAP_S = 90.0;

    private final SplittableRandom random;
    private final String sessionId;
    private final Static stat;
    private long sequence;

    public SyntheticFrames(long seed) {
        this.random = new SplittableRandom(seed);
        this.sessionId = new java.util.UUID(seed, ~seed).toString();
        this.stat =
                Static.newBuilder()
                        .setCarModel("ks_mazda_mx5_cup")
                        .setTrack("magione")
                        .setTrackConfiguration("")
                        .setMaxRpm(7500)
                        .setPlayerName("Lena")
                        .setPlayerSurname("Okafor")
                        .setPlayerNick("LOK")
                        .setSectorCount(3)
                        .setTrackSplineLengthM(2507.0f)
                        .setMaxFuelL(45f)
                        .setAcVersion("1.16.4")
                        .setSmVersion("1.7")
                        .setNumCars(1)
                        .build();
    }

    public TelemetryFrame next() {
        long i = sequence++;
        double t = i * STEP_NS / 1e9;
        double phase = (t % LAP_S) / LAP_S;
        double speed = 110 + 60 * Math.sin(phase * 2 * Math.PI * 7) + noise(0.3);
        float gas = clamp01(0.5 + 0.6 * Math.sin(phase * 2 * Math.PI * 7 + 0.4));
        float brake = gas > 0.2f ? 0f : clamp01(0.8 - gas);
        Physics physics =
                Physics.newBuilder()
                        .setSpeedKmh((float) speed)
                        .setGas(gas)
                        .setBrake(brake)
                        .setClutch(0)
                        .setGear(2 + (int) (speed / 45))
                        .setSteer((float) (0.4 * Math.sin(phase * 2 * Math.PI * 11)))
                        .setEngineRpm((float) (3500 + 30 * (speed % 45) + noise(20)))
                        .setTyreSlip(wheels(0.2, 0.05))
                        .setTyreLoad(wheels(3200, 150))
                        .setTyreTempC(wheels(78, 0.4))
                        .setSuspensionTravel(wheels(0.05, 0.004))
                        .setAccG(vec(noise(1.2), 1 + noise(0.05), noise(0.9)))
                        .setVelocity(
                                vec(
                                        speed / 3.6 * Math.cos(phase * 6.28),
                                        noise(0.1),
                                        speed / 3.6 * Math.sin(phase * 6.28)))
                        .setAngularVelocity(vec(noise(0.05), noise(0.6), noise(0.05)))
                        .setPacketId((int) (300 + i))
                        .setFuelL((float) (40 - t * 0.02))
                        .setTyrePressurePsi(wheels(27.5, 0.05))
                        .setWheelAngularSpeedRadS(wheels(speed / 3.6 / 0.31, 0.5))
                        .setTyreWear(wheels(99.8, 0.01))
                        .setTyreDirtyLevel(wheels(0, 0))
                        .setCamberRad(wheels(-0.03, 0.001))
                        .setTc(0.1f)
                        .setAbs(0.2f)
                        .setHeadingRad((float) (phase * 6.28 - 3.14))
                        .setPitchRad((float) noise(0.01))
                        .setRollRad((float) noise(0.02))
                        .setCgHeightM(0.35f)
                        .setNumberOfTyresOut(0)
                        .setRideHeightFrontM(0.06f)
                        .setRideHeightRearM(0.08f)
                        .setAirTempC(24f)
                        .setRoadTempC(31f)
                        .setLocalAngularVelocity(vec(noise(0.05), noise(0.6), noise(0.05)))
                        .setBrakeTempC(wheels(300, 4))
                        .setTyreTempInnerC(wheels(82, 0.5))
                        .setTyreTempMiddleC(wheels(80, 0.5))
                        .setTyreTempOuterC(wheels(77, 0.5))
                        .setBrakeBias(0.58f)
                        .setLocalVelocity(vec(noise(0.3), noise(0.1), speed / 3.6))
                        .build();
        int lapMs = (int) ((t % LAP_S) * 1000);
        Graphics graphics =
                Graphics.newBuilder()
                        .setStatus(AcStatus.AC_STATUS_LIVE_VALUE)
                        .setCompletedLaps((int) (t / LAP_S))
                        .setPosition(1)
                        .setICurrentTimeS(lapMs / 1000f)
                        .setLapTimeS(lapMs / 1000f)
                        .setNormalizedCarPos((float) phase)
                        .setSessionType(AcSessionType.AC_SESSION_TYPE_PRACTICE_VALUE)
                        .setCurrentLapMs(lapMs)
                        .setDistanceTraveledM((float) (t * 30))
                        .setCurrentSectorIndex((int) (phase * 3))
                        .setTyreCompound("Street")
                        .setCarCoordinates(
                                vec(300 * Math.cos(phase * 6.28), 12, 300 * Math.sin(phase * 6.28)))
                        .setSurfaceGrip(0.98f)
                        .setPacketId((int) (i / 4))
                        .build();
        return TelemetryFrame.newBuilder()
                .setMonotonicNs(5_000_000_000L + i * STEP_NS)
                .setGame("assetto_corsa")
                .setSessionId(sessionId)
                .setPhysics(physics)
                .setGraphics(graphics)
                .setStat(stat)
                .setSequence(i + 1)
                .setCaptureUnixNs(START_UNIX_NS + i * STEP_NS)
                .setFormatVersion(FormatVersion.FORMAT_VERSION_CURRENT_VALUE)
                .setState(SampleState.SAMPLE_STATE_LIVE)
                .build();
    }

    private double noise(double scale) {
        return (random.nextDouble() - 0.5) * 2 * scale;
    }

    private Wheel4f wheels(double mean, double spread) {
        return Wheel4f.newBuilder()
                .setFl((float) (mean + noise(spread)))
                .setFr((float) (mean + noise(spread)))
                .setRl((float) (mean + noise(spread)))
                .setRr((float) (mean + noise(spread)))
                .build();
    }

    private static Vec3f vec(double x, double y, double z) {
        return Vec3f.newBuilder().setX((float) x).setY((float) y).setZ((float) z).build();
    }

    private static float clamp01(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }
}
