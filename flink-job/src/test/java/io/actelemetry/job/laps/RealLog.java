package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.proto.v1.AcStatus;
import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.Physics;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.proto.v1.Vec3f;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A public log of real Assetto Corsa driving from {@code src/test/resources/real-sessions/} (its
 * README names each source), as the frames a producer of the original contract (format 0) would
 * send for it: one frame per logged sample, in the log's order, carrying only the channels the log
 * has. Logs without a host clock get their capture times from the lap clock's steps, as their
 * samples were taken.
 */
public final class RealLog {
    final String name;

    /**
     * The game's own last-lap time after each counter step, from the log's {@code # official:}
     * line.
     */
    final List<Integer> official;

    public final List<TelemetryFrame> wire;

    private RealLog(String name, List<Integer> official, List<TelemetryFrame> wire) {
        this.name = name;
        this.official = official;
        this.wire = wire;
    }

    /**
     * {@code real-sessions/<name>.csv.gz}, its frames under {@code sessionId} for {@code carModel}
     * on {@code track}.
     */
    public static RealLog read(String name, String sessionId, String carModel, String track) {
        return read(name, sessionId, carModel, track, FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE);
    }

    /**
     * The same, in {@code formatVersion}: 0 is the original contract (lap times as float seconds),
     * 2 this project's own (whole milliseconds), both carrying only what the log has.
     */
    static RealLog read(
            String name, String sessionId, String carModel, String track, int formatVersion) {
        String path = "/real-sessions/" + name + ".csv.gz";
        try (InputStream in = RealLog.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            BufferedReader lines =
                    new BufferedReader(
                            new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            List<Integer> official = List.of();
            List<String[]> rows = new ArrayList<>();
            String[] header = null;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("# official:"))
                    official = times(line.substring("# official:".length()));
                else if (line.startsWith("#")) continue;
                else if (header == null) header = line.split(",", -1);
                else rows.add(line.split(",", -1));
            }
            if (!Arrays.asList(header).equals(COLUMNS))
                throw new IllegalStateException(path + ": unexpected columns");
            return new RealLog(
                    name, official, frames(rows, sessionId, carModel, track, formatVersion));
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    /** The frames as the job decodes them from the wire. */
    List<Frame> frames() {
        return wire.stream().map(f -> FrameConverter.convert(f).withoutRaw()).toList();
    }

    private static final List<String> COLUMNS =
            List.of(
                    "t_s",
                    "status",
                    "session_type",
                    "completed_laps",
                    "current_lap_ms",
                    "last_lap_ms",
                    "best_lap_ms",
                    "spline",
                    "sector_index",
                    "in_pit",
                    "in_pit_lane",
                    "speed_kmh",
                    "gas",
                    "brake",
                    "gear",
                    "steer",
                    "rpm",
                    "x",
                    "y",
                    "z",
                    "fuel_l",
                    "tyres_out");
    private static final int T = 0,
            STATUS = 1,
            LAPS = 3,
            CURRENT = 4,
            LAST = 5,
            BEST = 6,
            SPLINE = 7,
            SPEED = 11,
            GAS = 12,
            BRAKE = 13,
            GEAR = 14,
            STEER = 15,
            RPM = 16,
            X = 17,
            Y = 18,
            Z = 19,
            FUEL = 20;

    /** A boot-time-like origin for the steady clock, as a host's would be. */
    private static final long HOST_CLOCK_ORIGIN_NS = 3_600_000_000_000L;

    private static List<TelemetryFrame> frames(
            List<String[]> rows,
            String sessionId,
            String carModel,
            String track,
            int formatVersion) {
        long[] ns = hostClock(rows);
        List<TelemetryFrame> frames = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            Physics.Builder physics =
                    Physics.newBuilder()
                            .setSpeedKmh(f(r[SPEED]))
                            .setGas(f(r[GAS]))
                            .setBrake(f(r[BRAKE]))
                            .setEngineRpm(f(r[RPM]))
                            .setFuelL(f(r[FUEL]))
                            // the original contract carries the game's raw gear (0 = reverse) and
                            // steer as input / 180
                            .setGear(r[GEAR].isEmpty() ? 0 : Integer.parseInt(r[GEAR]) + 1)
                            .setSteer(f(r[STEER]) / 180f);
            Graphics.Builder graphics =
                    Graphics.newBuilder()
                            .setStatus(
                                    r[STATUS].isEmpty()
                                            ? AcStatus.AC_STATUS_LIVE_VALUE
                                            : Integer.parseInt(r[STATUS]))
                            .setCompletedLaps(i(r[LAPS]))
                            .setPosition(1)
                            .setICurrentTimeS(i(r[CURRENT]) / 1000f)
                            .setILastTimeS(i(r[LAST]) / 1000f)
                            .setIBestTimeS(i(r[BEST]) / 1000f)
                            .setNormalizedCarPos(f(r[SPLINE]))
                            .setCarCoordinates(
                                    Vec3f.newBuilder().setX(f(r[X])).setY(f(r[Y])).setZ(f(r[Z])));
            if (formatVersion != FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE) {
                graphics.setCurrentLapMs(i(r[CURRENT]))
                        .setLastLapMs(i(r[LAST]))
                        .setBestLapMs(i(r[BEST]));
                physics.setGear(r[GEAR].isEmpty() ? 0 : Integer.parseInt(r[GEAR]))
                        .setSteer(f(r[STEER]));
            }
            frames.add(
                    TelemetryFrame.newBuilder()
                            .setFormatVersion(formatVersion)
                            .setMonotonicNs(ns[i])
                            .setGame("assetto_corsa")
                            .setSessionId(sessionId)
                            .setPhysics(physics)
                            .setGraphics(graphics)
                            .setStat(Static.newBuilder().setCarModel(carModel).setTrack(track))
                            .build());
        }
        return frames;
    }

    /**
     * The host's steady clock at each sample: from the log's host time where it has one, otherwise
     * from the lap clock's step (the usual step where the clock reset or stood still).
     */
    private static long[] hostClock(List<String[]> rows) {
        long[] ns = new long[rows.size()];
        if (!rows.get(0)[T].isEmpty()) {
            double t0 = Double.parseDouble(rows.get(0)[T]);
            for (int i = 0; i < ns.length; i++) {
                ns[i] =
                        HOST_CLOCK_ORIGIN_NS
                                + Math.round((Double.parseDouble(rows.get(i)[T]) - t0) * 1e9);
            }
            return ns;
        }
        long[] steps = new long[ns.length];
        for (int i = 1; i < ns.length; i++)
            steps[i] = i(rows.get(i)[CURRENT]) - i(rows.get(i - 1)[CURRENT]);
        long usual =
                Arrays.stream(steps)
                        .filter(s -> s > 0)
                        .sorted()
                        .skip(ns.length / 2)
                        .findFirst()
                        .orElse(100);
        ns[0] = HOST_CLOCK_ORIGIN_NS;
        for (int i = 1; i < ns.length; i++) {
            long step = steps[i] > 0 && steps[i] < 10 * usual ? steps[i] : usual;
            ns[i] = ns[i - 1] + step * 1_000_000L;
        }
        return ns;
    }

    private static List<Integer> times(String text) {
        List<Integer> ms = new ArrayList<>();
        if (text.isBlank() || text.trim().startsWith("none")) return ms;
        for (String t : text.split(",")) {
            String[] mss = t.trim().split("[:.]");
            ms.add(
                    (Integer.parseInt(mss[0]) * 60 + Integer.parseInt(mss[1])) * 1000
                            + Integer.parseInt(mss[2]));
        }
        return ms;
    }

    private static float f(String v) {
        return v.isEmpty() ? 0 : Float.parseFloat(v);
    }

    private static int i(String v) {
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }
}
