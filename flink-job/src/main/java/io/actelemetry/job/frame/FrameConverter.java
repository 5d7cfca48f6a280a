package io.actelemetry.job.frame;

import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.Physics;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.proto.v1.Wheel4f;

/**
 * TelemetryFrame (+ its serialized bytes) to {@link Frame}. Original-bridge frames (format_version 0)
 * carry the game's raw gear (offset by one) and steer divided by 180: both are converted here so
 * every consumer sees conventional values. Their graphics values are passed as they came; the lap
 * tracker decides not to trust them.
 */
public final class FrameConverter {

  private FrameConverter() {}

  /** Converts {@code f}; {@code raw} is its serialized form (kept for the raw table), computed if null. */
  public static Frame convert(TelemetryFrame f, byte[] raw) {
    Frame o = new Frame();
    o.sessionId = f.getSessionId();
    o.carId = f.getCarId();
    o.game = f.getGame();
    o.sequence = f.getSequence();
    o.monotonicNs = f.getMonotonicNs();
    o.captureUnixNs = f.getCaptureUnixNs();
    o.eventTimeMs = o.captureUnixNs != 0 ? o.captureUnixNs / 1_000_000L : Long.divideUnsigned(o.monotonicNs, 1_000_000L);
    o.formatVersion = f.getFormatVersion();
    o.state = f.getStateValue();
    boolean legacy = o.formatVersion == 0;

    Static s = f.getStat();
    o.carModel = s.getCarModel();
    o.track = s.getTrack();
    o.trackConfiguration = s.getTrackConfiguration();
    o.driver = driver(s);
    o.sectorCount = s.getSectorCount();
    o.trackSplineLengthM = s.getTrackSplineLengthM();
    o.maxFuelL = s.getMaxFuelL();

    Graphics g = f.getGraphics();
    o.status = g.getStatus();
    o.sessionType = g.getSessionType();
    o.completedLaps = g.getCompletedLaps();
    o.position = g.getPosition();
    o.currentLapMs = g.getCurrentLapMs();
    o.lastLapMs = g.getLastLapMs();
    o.bestLapMs = g.getBestLapMs();
    o.currentSectorIndex = g.getCurrentSectorIndex();
    o.lastSectorTimeMs = g.getLastSectorTimeMs();
    o.flag = g.getFlag();
    o.normalizedCarPos = g.getNormalizedCarPos();
    o.distanceTraveledM = g.getDistanceTraveledM();
    o.inPit = g.getIsInPit();
    o.inPitLane = g.getIsInPitLane();
    o.posX = g.getCarCoordinates().getX();
    o.posY = g.getCarCoordinates().getY();
    o.posZ = g.getCarCoordinates().getZ();

    Physics p = f.getPhysics();
    o.packetId = p.getPacketId();
    o.gear = legacy ? p.getGear() - 1 : p.getGear();
    o.speedKmh = p.getSpeedKmh();
    o.gas = p.getGas();
    o.brake = p.getBrake();
    o.clutch = p.getClutch();
    o.steer = legacy ? p.getSteer() * 180f : p.getSteer();
    o.rpm = p.getEngineRpm();
    o.accLatG = p.getAccG().getX();
    o.accVertG = p.getAccG().getY();
    o.accLonG = p.getAccG().getZ();
    o.fuelL = p.getFuelL();
    o.tyresOut = p.getNumberOfTyresOut();
    o.aiControlled = p.getIsAiControlled();
    o.pitLimiterOn = p.getPitLimiterOn();
    o.tyreCoreTempC = wheels(p.getTyreTempC());
    o.tyrePressurePsi = wheels(p.getTyrePressurePsi());

    o.raw = raw != null ? raw : f.toByteArray();
    return o;
  }

  /** Converts {@code f}, serializing it for the raw table. */
  public static Frame convert(TelemetryFrame f) {
    return convert(f, null);
  }

  static String driver(Static s) {
    String full = (s.getPlayerName().strip() + " " + s.getPlayerSurname().strip()).strip();
    return !full.isEmpty() ? full : s.getPlayerNick().strip();
  }

  private static float[] wheels(Wheel4f w) {
    return new float[] {w.getFl(), w.getFr(), w.getRl(), w.getRr()};
  }
}
