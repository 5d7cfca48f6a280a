package io.actelemetry.job.laps;

import io.actelemetry.bridge.pages.Layout;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedPageSource;
import io.actelemetry.bridge.source.GameNotRunningException;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.Physics;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the original C++ bridge sent of the simulated game, built from the game's page bytes the way
 * its struct read them (the seed contract): physics at the right offsets, and the graphics page at
 * wrong ones, the "lap counter" at byte 8 (where the game keeps the session type), the position at
 * byte 12 (the first characters of the current time's text) and the four lap times and the spline
 * position as floats from bytes 16..39 (more of that text). Format 0, no sequence, no wall clock,
 * every physics step.
 */
final class OriginalBridge {
    private static final long STEP_NS = 3_000_000L;

    private OriginalBridge() {}

    static List<TelemetryFrame> frames(Scenario scenario, String sessionId) {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        List<TelemetryFrame> frames = new ArrayList<>();
        try (SimulatedPageSource game = new SimulatedPageSource(scenario, clock::get)) {
            byte[] physics = new byte[Page.PHYSICS.size()];
            byte[] graphics = new byte[Page.GRAPHICS.size()];
            int lastPacket = -1;
            while (!game.ended()) {
                clock.addAndGet(STEP_NS);
                try {
                    if (!game.attach()) continue;
                    int packet = game.readInt(Page.PHYSICS, 0);
                    if (packet == lastPacket) continue;
                    lastPacket = packet;
                    PhysicsPage p = PhysicsPage.decode(physics, game.copy(Page.PHYSICS, physics));
                    game.copy(Page.GRAPHICS, graphics);
                    frames.add(
                            TelemetryFrame.newBuilder()
                                    .setMonotonicNs(clock.get())
                                    .setGame("assetto_corsa")
                                    .setSessionId(sessionId)
                                    .setPhysics(
                                            Physics.newBuilder()
                                                    .setSpeedKmh(p.speedKmh())
                                                    .setGas(p.gas())
                                                    .setBrake(p.brake())
                                                    .setGear(p.gear())
                                                    .setSteer(p.steerAngle() / 180f)
                                                    .setEngineRpm(p.rpms()))
                                    .setGraphics(
                                            Graphics.newBuilder()
                                                    .setStatus(Layout.intAt(graphics, 4))
                                                    .setCompletedLaps(Layout.intAt(graphics, 8))
                                                    .setPosition(Layout.intAt(graphics, 12))
                                                    .setICurrentTimeS(floatAt(graphics, 16))
                                                    .setILastTimeS(floatAt(graphics, 20))
                                                    .setIBestTimeS(floatAt(graphics, 24))
                                                    .setLapTimeS(floatAt(graphics, 28))
                                                    .setDeltaLapS(floatAt(graphics, 32))
                                                    .setNormalizedCarPos(floatAt(graphics, 36)))
                                    .build());
                } catch (GameNotRunningException e) {
                    lastPacket = -1; // the game exited; it may come back
                }
            }
        }
        return frames;
    }

    private static float floatAt(byte[] page, int offset) {
        return Float.intBitsToFloat(Layout.intAt(page, offset));
    }
}
