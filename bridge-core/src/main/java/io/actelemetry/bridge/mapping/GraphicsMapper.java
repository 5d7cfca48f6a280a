package io.actelemetry.bridge.mapping;

import static io.actelemetry.bridge.mapping.ProtoValues.utf8;
import static io.actelemetry.bridge.mapping.ProtoValues.vec3;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.proto.v1.Graphics;

/** The graphics page as the wire's {@link Graphics}: lap times from the integer milliseconds. */
final class GraphicsMapper {

    static Graphics map(GraphicsPage g, PhysicsPage p) {
        return Graphics.newBuilder()
                .setStatus(g.status())
                .setCompletedLaps(g.completedLaps())
                .setPosition(g.position())
                // The original float seconds, derived from the exact integer milliseconds (never
                // from
                // the formatted text fields).
                .setICurrentTimeS(g.iCurrentTime() / 1000f)
                .setILastTimeS(g.iLastTime() / 1000f)
                .setIBestTimeS(g.iBestTime() / 1000f)
                .setLapTimeS(g.iCurrentTime() / 1000f)
                .setDeltaLapS(p.performanceMeter())
                .setNormalizedCarPos(g.normalizedCarPosition())
                .setSessionType(g.session())
                .setCurrentLapMs(g.iCurrentTime())
                .setLastLapMs(g.iLastTime())
                .setBestLapMs(g.iBestTime())
                .setSessionTimeLeft(g.sessionTimeLeft())
                .setDistanceTraveledM(g.distanceTraveled())
                .setIsInPit(g.isInPit() != 0)
                .setCurrentSectorIndex(g.currentSectorIndex())
                .setLastSectorTimeMs(g.lastSectorTime())
                .setNumberOfLaps(g.numberOfLaps())
                .setTyreCompoundBytes(utf8(g.tyreCompound()))
                .setReplayTimeMultiplier(g.replayTimeMultiplier())
                .setCarCoordinates(vec3(g.carCoordinates()))
                .setPenaltyTime(g.penaltyTime())
                .setFlag(g.flag())
                .setIdealLineOn(g.idealLineOn() != 0)
                .setIsInPitLane(g.isInPitLane() != 0)
                .setSurfaceGrip(g.surfaceGrip())
                .setMandatoryPitDone(g.mandatoryPitDone() != 0)
                .setWindSpeed(g.windSpeed())
                .setWindDirectionDeg(g.windDirection())
                .setPacketId(g.packetId())
                .build();
    }

    private GraphicsMapper() {}
}
