package io.actelemetry.bridge.mapping;

import static io.actelemetry.bridge.mapping.ProtoValues.vec3;
import static io.actelemetry.bridge.mapping.ProtoValues.wheels;

import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.proto.v1.Physics;

/** The physics page as the wire's {@link Physics}, with the game's raw semantics fixed. */
final class PhysicsMapper {

    static Physics map(PhysicsPage p) {
        return Physics.newBuilder()
                .setSpeedKmh(p.speedKmh())
                .setGas(p.gas())
                .setBrake(p.brake())
                .setClutch(p.clutch())
                // The page stores 0 = R, 1 = N, 2 = first: the wire carries -1 / 0 / 1...
                .setGear(p.gear() - 1)
                // steerAngle is already the normalised -1..1 input despite its name.
                .setSteer(p.steerAngle())
                .setEngineRpm(p.rpms())
                .setTyreSlip(wheels(p.wheelSlip()))
                .setTyreLoad(wheels(p.wheelLoad()))
                .setTyreTempC(wheels(p.tyreCoreTemperature()))
                .setSuspensionTravel(wheels(p.suspensionTravel()))
                .setAccG(vec3(p.accG()))
                .setVelocity(vec3(p.velocity()))
                // The original field: car-local angular velocity (1.6+), the same values as field
                // 42.
                .setAngularVelocity(vec3(p.localAngularVel()))
                .setPacketId(p.packetId())
                .setFuelL(p.fuel())
                .setTyrePressurePsi(wheels(p.wheelsPressure()))
                .setWheelAngularSpeedRadS(wheels(p.wheelAngularSpeed()))
                .setTyreWear(wheels(p.tyreWear()))
                .setTyreDirtyLevel(wheels(p.tyreDirtyLevel()))
                .setCamberRad(wheels(p.camberRad()))
                .setDrs(p.drs())
                .setTc(p.tc())
                .setAbs(p.abs())
                .setHeadingRad(p.heading())
                .setPitchRad(p.pitch())
                .setRollRad(p.roll())
                .setCgHeightM(p.cgHeight())
                .addAllCarDamage(p.carDamage())
                .setNumberOfTyresOut(p.numberOfTyresOut())
                .setPitLimiterOn(p.pitLimiterOn() != 0)
                .setKersCharge(p.kersCharge())
                .setKersInput(p.kersInput())
                .setAutoShifterOn(p.autoShifterOn() != 0)
                .setRideHeightFrontM(p.rideHeightFront())
                .setRideHeightRearM(p.rideHeightRear())
                .setTurboBoostBar(p.turboBoost())
                .setBallastKg(p.ballast())
                .setAirDensity(p.airDensity())
                .setAirTempC(p.airTemp())
                .setRoadTempC(p.roadTemp())
                .setLocalAngularVelocity(vec3(p.localAngularVel()))
                .setFinalFf(p.finalFF())
                .setPerformanceMeter(p.performanceMeter())
                .setEngineBrake(p.engineBrake())
                .setErsRecoveryLevel(p.ersRecoveryLevel())
                .setErsPowerLevel(p.ersPowerLevel())
                .setErsHeatCharging(p.ersHeatCharging())
                .setErsIsCharging(p.ersIsCharging() != 0)
                .setKersCurrentKj(p.kersCurrentKJ())
                .setDrsAvailable(p.drsAvailable() != 0)
                .setDrsEnabled(p.drsEnabled() != 0)
                .setBrakeTempC(wheels(p.brakeTemp()))
                .setTyreTempInnerC(wheels(p.tyreTempI()))
                .setTyreTempMiddleC(wheels(p.tyreTempM()))
                .setTyreTempOuterC(wheels(p.tyreTempO()))
                .setIsAiControlled(p.isAIControlled() != 0)
                .setBrakeBias(p.brakeBias())
                .setLocalVelocity(vec3(p.localVelocity()))
                .setP2PActivations(p.p2pActivations())
                .setP2PStatus(p.p2pStatus())
                .setCurrentMaxRpm(p.currentMaxRpm())
                .build();
    }

    private PhysicsMapper() {}
}
