package io.actelemetry.bridge.pages;

import static io.actelemetry.bridge.pages.Layout.f32;
import static io.actelemetry.bridge.pages.Layout.floats;
import static io.actelemetry.bridge.pages.Layout.i32;
import static io.actelemetry.bridge.pages.Layout.vec3;
import static io.actelemetry.bridge.pages.Layout.wheelVectors;
import static io.actelemetry.bridge.pages.Layout.wheels;

import java.util.List;

/**
 * SPageFilePhysics ({@code Local\acpmf_physics}) exactly as the game writes it, raw values and raw
 * semantics (gear offset by one, steerAngle the normalised input, ...). See docs/ac-shared-memory.md.
 */
public record PhysicsPage(
        int packetId, float gas, float brake, float fuel, int gear, int rpms, float steerAngle, float speedKmh,
        Vec3 velocity, Vec3 accG,
        Wheels wheelSlip, Wheels wheelLoad, Wheels wheelsPressure, Wheels wheelAngularSpeed, Wheels tyreWear,
        Wheels tyreDirtyLevel, Wheels tyreCoreTemperature, Wheels camberRad, Wheels suspensionTravel,
        float drs, float tc, float heading, float pitch, float roll, float cgHeight,
        List<Float> carDamage, int numberOfTyresOut, int pitLimiterOn, float abs,
        float kersCharge, float kersInput, int autoShifterOn, float rideHeightFront, float rideHeightRear,
        float turboBoost, float ballast, float airDensity, float airTemp, float roadTemp,
        Vec3 localAngularVel, float finalFF, float performanceMeter,
        int engineBrake, int ersRecoveryLevel, int ersPowerLevel, int ersHeatCharging, int ersIsCharging,
        float kersCurrentKJ, int drsAvailable, int drsEnabled, Wheels brakeTemp, float clutch,
        Wheels tyreTempI, Wheels tyreTempM, Wheels tyreTempO, int isAIControlled,
        WheelVectors tyreContactPoint, WheelVectors tyreContactNormal, WheelVectors tyreContactHeading,
        float brakeBias, Vec3 localVelocity, int p2pActivations, int p2pStatus, int currentMaxRpm) {

    /** sizeof(SPageFilePhysics) for smVersion 1.7 (AC 1.14 .. 1.16). */
    public static final int SIZE = 592;

    public static final Layout<PhysicsPage> LAYOUT = Layout.of(PhysicsPage.class, SIZE, PhysicsPage::read,
            i32(0x000, "packetId"), f32(0x004, "gas"), f32(0x008, "brake"), f32(0x00c, "fuel"),
            i32(0x010, "gear"), i32(0x014, "rpms"), f32(0x018, "steerAngle"), f32(0x01c, "speedKmh"),
            vec3(0x020, "velocity"), vec3(0x02c, "accG"),
            wheels(0x038, "wheelSlip"), wheels(0x048, "wheelLoad"), wheels(0x058, "wheelsPressure"),
            wheels(0x068, "wheelAngularSpeed"), wheels(0x078, "tyreWear"), wheels(0x088, "tyreDirtyLevel"),
            wheels(0x098, "tyreCoreTemperature"), wheels(0x0a8, "camberRad"), wheels(0x0b8, "suspensionTravel"),
            f32(0x0c8, "drs"), f32(0x0cc, "tc"), f32(0x0d0, "heading"), f32(0x0d4, "pitch"), f32(0x0d8, "roll"),
            f32(0x0dc, "cgHeight"),
            floats(0x0e0, 5, "carDamage"), i32(0x0f4, "numberOfTyresOut"), i32(0x0f8, "pitLimiterOn"),
            f32(0x0fc, "abs"),
            f32(0x100, "kersCharge"), f32(0x104, "kersInput"), i32(0x108, "autoShifterOn"),
            f32(0x10c, "rideHeightFront"), f32(0x110, "rideHeightRear"),
            f32(0x114, "turboBoost"), f32(0x118, "ballast"), f32(0x11c, "airDensity"), f32(0x120, "airTemp"),
            f32(0x124, "roadTemp"),
            vec3(0x128, "localAngularVel"), f32(0x134, "finalFF"), f32(0x138, "performanceMeter"),
            i32(0x13c, "engineBrake"), i32(0x140, "ersRecoveryLevel"), i32(0x144, "ersPowerLevel"),
            i32(0x148, "ersHeatCharging"), i32(0x14c, "ersIsCharging"),
            f32(0x150, "kersCurrentKJ"), i32(0x154, "drsAvailable"), i32(0x158, "drsEnabled"),
            wheels(0x15c, "brakeTemp"), f32(0x16c, "clutch"),
            wheels(0x170, "tyreTempI"), wheels(0x180, "tyreTempM"), wheels(0x190, "tyreTempO"),
            i32(0x1a0, "isAIControlled"),
            wheelVectors(0x1a4, "tyreContactPoint"), wheelVectors(0x1d4, "tyreContactNormal"),
            wheelVectors(0x204, "tyreContactHeading"),
            f32(0x234, "brakeBias"), vec3(0x238, "localVelocity"), i32(0x244, "p2pActivations"),
            i32(0x248, "p2pStatus"), i32(0x24c, "currentMaxRpm"));

    public PhysicsPage {
        carDamage = List.copyOf(carDamage);
    }

    /** The page from a reader over its bytes: one read per field, in the record's component order. */
    private static PhysicsPage read(Layout.Reader r) {
        return new PhysicsPage(
                r.i32(), r.f32(), r.f32(), r.f32(), r.i32(), r.i32(), r.f32(), r.f32(),
                r.vec3(), r.vec3(), r.wheels(), r.wheels(), r.wheels(), r.wheels(), r.wheels(), r.wheels(),
                r.wheels(), r.wheels(), r.wheels(), r.f32(), r.f32(), r.f32(), r.f32(), r.f32(),
                r.f32(), r.floats(), r.i32(), r.i32(), r.f32(), r.f32(), r.f32(), r.i32(),
                r.f32(), r.f32(), r.f32(), r.f32(), r.f32(), r.f32(), r.f32(), r.vec3(),
                r.f32(), r.f32(), r.i32(), r.i32(), r.i32(), r.i32(), r.i32(), r.f32(),
                r.i32(), r.i32(), r.wheels(), r.f32(), r.wheels(), r.wheels(), r.wheels(), r.i32(),
                r.wheelVectors(), r.wheelVectors(), r.wheelVectors(), r.f32(), r.vec3(), r.i32(), r.i32(), r.i32());
    }

    public static PhysicsPage decode(byte[] page, int length) {
        return LAYOUT.decode(page, length);
    }

    public byte[] encode() {
        return LAYOUT.encode(this);
    }
}
