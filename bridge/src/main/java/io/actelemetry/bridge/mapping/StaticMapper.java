package io.actelemetry.bridge.mapping;

import static io.actelemetry.bridge.mapping.ProtoValues.wheels;

import io.actelemetry.bridge.pages.StaticPage;
import io.actelemetry.proto.v1.Static;

/** The static page as the wire's {@link Static}; built once per static read and shared by frames. */
public final class StaticMapper {

    public static Static map(StaticPage s) {
        return Static.newBuilder()
                .setCarModel(s.carModel())
                .setTrack(s.track())
                .setTrackConfiguration(s.trackConfiguration())
                .setMaxRpm(s.maxRpm())
                .setPlayerName(s.playerName())
                .setPlayerSurname(s.playerSurname())
                .setPlayerNick(s.playerNick())
                .setSectorCount(s.sectorCount())
                .setTrackSplineLengthM(s.trackSplineLength())
                .setMaxFuelL(s.maxFuel())
                .setAcVersion(s.acVersion())
                .setSmVersion(s.smVersion())
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
                .setCarSkin(s.carSkin())
                .setReversedGridPositions(s.reversedGridPositions())
                .setPitWindowStart(s.pitWindowStart())
                .setPitWindowEnd(s.pitWindowEnd())
                .build();
    }

    private StaticMapper() {}
}
