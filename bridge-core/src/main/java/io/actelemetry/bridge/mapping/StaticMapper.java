package io.actelemetry.bridge.mapping;

import static io.actelemetry.bridge.mapping.ProtoValues.utf8;
import static io.actelemetry.bridge.mapping.ProtoValues.wheels;

import io.actelemetry.bridge.pages.StaticPage;
import io.actelemetry.proto.v1.Static;

/**
 * The static page as the wire's {@link Static}; built once per static read and shared by frames.
 * Its texts are set as UTF-8 bytes: a message serializes a String field by encoding it again, every
 * frame, and a ByteString field by copying it.
 */
public final class StaticMapper {

    public static Static map(StaticPage s) {
        return Static.newBuilder()
                .setCarModelBytes(utf8(s.carModel()))
                .setTrackBytes(utf8(s.track()))
                .setTrackConfigurationBytes(utf8(s.trackConfiguration()))
                .setMaxRpm(s.maxRpm())
                .setPlayerNameBytes(utf8(s.playerName()))
                .setPlayerSurnameBytes(utf8(s.playerSurname()))
                .setPlayerNickBytes(utf8(s.playerNick()))
                .setSectorCount(s.sectorCount())
                .setTrackSplineLengthM(s.trackSplineLength())
                .setMaxFuelL(s.maxFuel())
                .setAcVersionBytes(utf8(s.acVersion()))
                .setSmVersionBytes(utf8(s.smVersion()))
                .setNumberOfSessions(s.numberOfSessions())
                .setNumCars(s.numCars())
                .setMaxTorqueNm(s.maxTorque())
                .setMaxPowerW(s.maxPower())
                .setTyreRadiusM(wheels(s.tyreRadius()))
                .setSuspensionMaxTravelM(wheels(s.suspensionMaxTravel()))
                .setMaxTurboBoost(s.maxTurboBoost())
                .setPenaltiesEnabled(s.penaltiesEnabled() != 0)
                .setAidFuelRate(s.aidFuelRate())
                .setAidTireRate(s.aidTireRate())
                .setAidMechanicalDamage(s.aidMechanicalDamage())
                .setAidAllowTyreBlankets(s.aidAllowTyreBlankets() != 0)
                .setAidStability(s.aidStability())
                .setAidAutoClutch(s.aidAutoClutch() != 0)
                .setAidAutoBlip(s.aidAutoBlip() != 0)
                .setHasDrs(s.hasDRS() != 0)
                .setHasErs(s.hasERS() != 0)
                .setHasKers(s.hasKERS() != 0)
                .setKersMaxJ(s.kersMaxJ())
                .setEngineBrakeSettingsCount(s.engineBrakeSettingsCount())
                .setErsPowerControllerCount(s.ersPowerControllerCount())
                .setErsMaxJ(s.ersMaxJ())
                .setIsTimedRace(s.isTimedRace() != 0)
                .setHasExtraLap(s.hasExtraLap() != 0)
                .setCarSkinBytes(utf8(s.carSkin()))
                .setReversedGridPositions(s.reversedGridPositions())
                .setPitWindowStart(s.pitWindowStart())
                .setPitWindowEnd(s.pitWindowEnd())
                .build();
    }

    private StaticMapper() {}
}
