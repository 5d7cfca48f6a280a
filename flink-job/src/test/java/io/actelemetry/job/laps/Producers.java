package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.Physics;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.proto.v1.Vec3f;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A drive's frames as producers other than this project's bridge send them: loggers and converted
 * archives that speak the original contract (format 0) with correct lap fields, at their own rates,
 * with host-clock jitter and without the channels the original contract lacks (packetIds, sequence,
 * wall clock, sectors, pit flags, car position, session type).
 */
final class Producers {
    private Producers() {}

    /**
     * A logger polling at {@code hz} (its polls {@code ±20 %} off the beat) over the original
     * contract.
     */
    static List<Frame> logger(List<Frame> frames, double hz, long seed) {
        return every(frames, hz, seed).stream().map(Producers::originalContract).toList();
    }

    /**
     * The sample a poll at {@code hz} (with jitter) would have taken: the newest frame at each
     * poll's time.
     */
    static List<Frame> every(List<Frame> frames, double hz, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long period = Math.round(1e9 / hz);
        List<Frame> taken = new ArrayList<>();
        long start = frames.get(0).monotonicNs;
        int i = 0;
        for (long beat = start; ; beat += period) {
            long poll = beat + Math.round((random.nextDouble() - 0.5) * 0.4 * period);
            while (i + 1 < frames.size() && frames.get(i + 1).monotonicNs <= poll) i++;
            if (i + 1 >= frames.size()) break;
            if (taken.isEmpty() || taken.get(taken.size() - 1) != frames.get(i))
                taken.add(frames.get(i));
        }
        return taken;
    }

    /**
     * {@code f} as the original contract carries it, decoded by the job as any recording or stream
     * is.
     */
    static Frame originalContract(Frame f) {
        TelemetryFrame wire =
                TelemetryFrame.newBuilder()
                        .setMonotonicNs(f.monotonicNs)
                        .setGame("assetto_corsa")
                        .setSessionId(f.sessionId)
                        .setPhysics(
                                Physics.newBuilder()
                                        .setSpeedKmh(f.speedKmh)
                                        .setGas(f.gas)
                                        .setBrake(f.brake)
                                        .setGear(f.gear + 1)
                                        .setSteer(f.steer / 180f)
                                        .setEngineRpm(f.rpm)
                                        .setAccG(
                                                Vec3f.newBuilder()
                                                        .setX(f.accLatG)
                                                        .setY(f.accVertG)
                                                        .setZ(f.accLonG)))
                        .setGraphics(
                                Graphics.newBuilder()
                                        .setStatus(f.status)
                                        .setCompletedLaps(f.completedLaps)
                                        .setPosition(1)
                                        .setICurrentTimeS(f.currentLapMs / 1000f)
                                        .setILastTimeS(f.lastLapMs / 1000f)
                                        .setIBestTimeS(f.bestLapMs / 1000f)
                                        .setNormalizedCarPos(f.normalizedCarPos))
                        .setStat(Static.newBuilder().setCarModel(f.carModel).setTrack(f.track))
                        .build();
        return FrameConverter.convert(wire).withoutRaw();
    }
}
