package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.proto.v1.AcSessionType;
import io.actelemetry.proto.v1.AcStatus;
import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.SampleState;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Assetto Corsa stand-in for tests: one car lapping a round track at 333 Hz with the game's
 * habits — a graphics page refreshed at render rate (stale between refreshes), the counter, the lap
 * clock's reset and the last-lap time showing at the line in any order ({@link #counterLagFrames},
 * {@link #clockLagFrames}, {@link #lastLapLagFrames}), the spline's zero just past the timing line,
 * a pit lane across the line, pauses, restarts, teleports. It records the true lap times (line
 * crossings interpolated in continuous time) to check against.
 */
final class Drive {
    static final long FRAME_NS = 3_000_000L;
    static final long EPOCH_MS = 1_763_900_000_000L;

    final String sessionId;
    final String carId;
    int sessionType = AcSessionType.AC_SESSION_TYPE_PRACTICE_VALUE;
    float trackM = 1_200f;

    /** The timing line's spline position: the spline's zero lies 0.4 % of a lap past it. */
    float line = 0.996f;

    float pitIn = 0.93f;
    float pitOut = 0.08f;
    float pitBox = 0.01f;
    int sectors = 3;
    int renderEvery = 5;

    /**
     * Physics steps after the crossing before the page shows each lap field change (then at the
     * next render).
     */
    int counterLagFrames = 0;

    int clockLagFrames = 0;
    int lastLapLagFrames = 7;
    boolean officialTimes = true;
    boolean ai;
    double pace = 1.0;

    final List<Frame> frames = new ArrayList<>();

    /** True times of the laps completed at the line, in order. */
    final List<Double> lapTimesMs = new ArrayList<>();

    // continuous state
    private static final long MONO_START_NS = 5_000_000_000_000L;
    private long monoNs = MONO_START_NS;
    private long frameNo;
    private int packetId = 300;
    private double spline;
    private int completedLaps;
    private double lapStartNs = MONO_START_NS;
    // what the page shows of the counter and the clock's start, each changing after its lag
    private int shownCompletedLaps;
    private long pendingCounterFrame = -1;
    private double shownLapStartNs = MONO_START_NS;
    private double pendingClockStartNs;
    private long pendingClockFrame = -1;
    private double sectorStartNs = MONO_START_NS;
    private int sectorIndex;
    private int lastLapMs;
    private int lastSectorMs;
    private int pendingLastLapMs;
    private long pendingLastLapFrame = -1;
    private int pendingSectorMs;
    private long pendingSectorFrame = -1;
    private boolean inPitLane;
    private boolean clockRunning = true;
    private double fuel = 40;
    private int tyresOut;
    private float offFrom = -1;
    private float offTo = -1;
    private int offTyres;
    private double pausedSinceNs = -1;
    private int state = SampleState.SAMPLE_STATE_LIVE_VALUE;
    private int status = AcStatus.AC_STATUS_LIVE_VALUE;
    private Frame graphics; // the page as last rendered

    Drive(String sessionId, String carId) {
        this.sessionId = sessionId;
        this.carId = carId;
    }

    static Drive practice(String sessionId) {
        return new Drive(sessionId, "");
    }

    Drive hotlap() {
        sessionType = AcSessionType.AC_SESSION_TYPE_HOTLAP_VALUE;
        return this;
    }

    /** The clock stands at zero until the car first crosses the line (AC's hotlap start). */
    Drive rollingStart() {
        clockRunning = false;
        return this;
    }

    Drive at(double splinePos) {
        spline = splinePos;
        return this;
    }

    /** Speed along the track: slow corners and fast straights, 70..230 km/h. */
    double speedKmh(double s) {
        if (inPitLane) return 60;
        return pace * (150 - 80 * Math.cos(2 * Math.PI * 4 * s));
    }

    // ---- driving

    Drive drive(double seconds) {
        long n = Math.round(seconds * 1e9 / FRAME_NS);
        for (long i = 0; i < n; i++) step(true);
        return this;
    }

    /** Drives until the car has crossed the line {@code laps} times, then a little further. */
    Drive laps(int laps) {
        int target = lapTimesMs.size() + laps;
        while (lapTimesMs.size() < target) step(true);
        return drive(0.5);
    }

    Drive driveTo(double splinePos) {
        double start = spline;
        double distance = (splinePos - start + 1) % 1.0;
        double covered = 0;
        while (covered < distance) {
            double before = spline;
            step(true);
            covered += (spline - before + 1) % 1.0;
        }
        return this;
    }

    /**
     * The next time the car drives through [from, to) of the spline, this many tyres are off the
     * track.
     */
    Drive offTrack(float from, float to, int tyres) {
        offFrom = from;
        offTo = to;
        offTyres = tyres;
        return this;
    }

    /**
     * Drives into the pit lane, stops at the box, refuels, and drives out to the end of the lane.
     */
    Drive pitStop(double stopSeconds) {
        driveTo(pitIn);
        inPitLane = true;
        driveTo(pitBox);
        for (long i = 0, n = Math.round(stopSeconds * 1e9 / FRAME_NS); i < n; i++) {
            fuel += 0.002;
            step(false);
        }
        driveTo(pitOut);
        inPitLane = false;
        return this;
    }

    Drive pause(double seconds) {
        return stopped(
                seconds, SampleState.SAMPLE_STATE_PAUSED_VALUE, AcStatus.AC_STATUS_PAUSE_VALUE);
    }

    Drive replay(double seconds) {
        return stopped(
                seconds, SampleState.SAMPLE_STATE_REPLAY_VALUE, AcStatus.AC_STATUS_REPLAY_VALUE);
    }

    /**
     * Physics frozen with the game still live (a loading hitch, the window losing focus): the
     * bridge marks it.
     */
    Drive stall(double seconds, int sampleState) {
        return stopped(seconds, sampleState, AcStatus.AC_STATUS_LIVE_VALUE);
    }

    /** The game left: menus, then nothing. */
    Drive exit() {
        state = SampleState.SAMPLE_STATE_OFF_VALUE;
        status = AcStatus.AC_STATUS_OFF_VALUE;
        render();
        emit(false);
        return this;
    }

    /** Escape to the pits: the clock resets, the counter stays, the car appears at the box. */
    Drive teleportToPits() {
        spline = pitBox;
        lapStartNs = monoNs;
        shownLapStartNs = monoNs;
        pendingClockFrame = -1;
        sectorIndex = 0;
        sectorStartNs = monoNs;
        inPitLane = true;
        render();
        driveTo(pitOut);
        inPitLane = false;
        return this;
    }

    /** Session restart: counter and clock back to zero, the car back on the grid. */
    Drive restart(double gridSpline) {
        spline = gridSpline;
        completedLaps = 0;
        shownCompletedLaps = 0;
        pendingCounterFrame = -1;
        lastLapMs = 0;
        lapStartNs = monoNs;
        shownLapStartNs = monoNs;
        pendingClockFrame = -1;
        sectorIndex = 0;
        sectorStartNs = monoNs;
        pendingLastLapFrame = -1;
        render();
        return this;
    }

    /** Physics steps the bridge never saw. */
    Drive lose(int frameCount) {
        for (int i = 0; i < frameCount; i++) advance(true);
        return this;
    }

    private Drive stopped(double seconds, int sampleState, int gameStatus) {
        state = sampleState;
        status = gameStatus;
        pausedSinceNs = monoNs;
        render();
        for (long i = 0, n = Math.round(seconds * 1e9 / FRAME_NS); i < n; i++) {
            monoNs += FRAME_NS;
            frameNo++;
            emit(false);
        }
        // the game's clocks do not run while paused
        double paused = monoNs - pausedSinceNs;
        lapStartNs += paused;
        shownLapStartNs += paused;
        pendingClockStartNs += paused;
        sectorStartNs += paused;
        pausedSinceNs = -1;
        state = SampleState.SAMPLE_STATE_LIVE_VALUE;
        status = AcStatus.AC_STATUS_LIVE_VALUE;
        return this;
    }

    private void step(boolean moving) {
        advance(moving);
        emit(moving);
    }

    /**
     * One physics step of 3 ms: move, cross boundaries, refresh the graphics page at render rate.
     */
    private void advance(boolean moving) {
        double before = spline;
        double metres = moving ? speedKmh(spline) / 3.6 * FRAME_NS / 1e9 : 0;
        double next = spline + metres / trackM;
        long t0 = monoNs;
        monoNs += FRAME_NS;
        frameNo++;
        packetId++;
        double ds = next - before;
        // sector splits at line + k/sectors, the line itself last
        for (int k = sectorIndex + 1; k < sectors; k++) {
            double at = crossing(before, next, (line + (double) k / sectors) % 1.0);
            if (at >= 0) {
                double t = t0 + at * FRAME_NS;
                pendingSectorMs = (int) Math.round((t - sectorStartNs) / 1e6);
                pendingSectorFrame = frameNo + lastLapLagFrames;
                sectorStartNs = t;
                sectorIndex = k;
            }
        }
        double at = crossing(before, next, line);
        if (at >= 0 && !clockRunning) {
            clockRunning = true;
            lapStartNs = t0 + at * FRAME_NS;
            shownLapStartNs = lapStartNs;
            sectorStartNs = lapStartNs;
            sectorIndex = 0;
        } else if (at >= 0) {
            double t = t0 + at * FRAME_NS;
            double lapMs = (t - lapStartNs) / 1e6;
            lapTimesMs.add(lapMs);
            if (sessionType != AcSessionType.AC_SESSION_TYPE_HOTLAP_VALUE) {
                completedLaps++;
                pendingCounterFrame = frameNo + counterLagFrames;
            }
            pendingClockStartNs = t;
            pendingClockFrame = frameNo + clockLagFrames;
            pendingLastLapMs = (int) Math.round(lapMs);
            pendingLastLapFrame = frameNo + lastLapLagFrames;
            pendingSectorMs = (int) Math.round((t - sectorStartNs) / 1e6);
            pendingSectorFrame = frameNo + lastLapLagFrames;
            lapStartNs = t;
            sectorStartNs = t;
            sectorIndex = 0;
        }
        if (ds > 0) spline = next % 1.0;
        if (pendingCounterFrame >= 0 && frameNo >= pendingCounterFrame) {
            shownCompletedLaps = completedLaps;
            pendingCounterFrame = -1;
        }
        if (pendingClockFrame >= 0 && frameNo >= pendingClockFrame) {
            shownLapStartNs = pendingClockStartNs;
            pendingClockFrame = -1;
        }
        if (officialTimes && pendingLastLapFrame >= 0 && frameNo >= pendingLastLapFrame) {
            lastLapMs = pendingLastLapMs;
            pendingLastLapFrame = -1;
        }
        if (pendingSectorFrame >= 0 && frameNo >= pendingSectorFrame) {
            lastSectorMs = pendingSectorMs;
            pendingSectorFrame = -1;
        }
        tyresOut = offFrom >= 0 && within(spline, offFrom, offTo) ? offTyres : 0;
        if (offFrom >= 0 && tyresOut == 0 && within(before, offFrom, offTo))
            offFrom = offTo = -1; // once
        fuel -= moving ? 0.00015 : 0;
        if (frameNo % renderEvery == 0 || graphics == null) render();
    }

    /** Fraction of the step at which [before, next) passes {@code at}, -1 if it does not. */
    private static double crossing(double before, double next, double at) {
        double target = at < before ? at + 1 : at;
        if (next <= before || target > next || target <= before) return -1;
        return (target - before) / (next - before);
    }

    private static boolean within(double s, double from, double to) {
        return from <= to ? s >= from && s < to : s >= from || s < to;
    }

    private void render() {
        Frame g = new Frame();
        g.status = status;
        g.sessionType = sessionType;
        g.completedLaps = shownCompletedLaps;
        g.currentLapMs = clockRunning ? (int) Math.max(0, (monoNs - shownLapStartNs) / 1e6) : 0;
        g.lastLapMs = lastLapMs;
        g.currentSectorIndex = sectorIndex;
        g.lastSectorTimeMs = lastSectorMs;
        g.normalizedCarPos = (float) spline;
        g.inPitLane = inPitLane;
        graphics = g;
    }

    private void emit(boolean moving) {
        Frame f = new Frame();
        f.sessionId = sessionId;
        f.carId = carId;
        f.game = "assetto_corsa";
        f.sequence = frames.size() + 1;
        f.monotonicNs = monoNs;
        f.captureUnixNs = (EPOCH_MS * 1_000_000L) + (monoNs - MONO_START_NS);
        f.eventTimeMs = f.captureUnixNs / 1_000_000L;
        f.formatVersion = FormatVersion.FORMAT_VERSION_CURRENT_VALUE;
        f.state = state;
        f.carModel = "ks_mazda_mx5_cup";
        f.track = "magione";
        f.trackConfiguration = "";
        f.driver = "Test Driver";
        f.sectorCount = sectors;
        f.trackSplineLengthM = trackM;
        f.maxFuelL = 45f;
        f.status = graphics.status;
        f.sessionType = graphics.sessionType;
        f.completedLaps = graphics.completedLaps;
        f.currentLapMs = graphics.currentLapMs;
        f.lastLapMs = graphics.lastLapMs;
        f.currentSectorIndex = graphics.currentSectorIndex;
        f.lastSectorTimeMs = graphics.lastSectorTimeMs;
        f.normalizedCarPos = graphics.normalizedCarPos;
        f.inPitLane = graphics.inPitLane;
        f.inPit = inPitLane && !moving;
        double angle = 2 * Math.PI * spline;
        double radius = trackM / (2 * Math.PI);
        f.posX = (float) (radius * Math.cos(angle));
        f.posZ = (float) (radius * Math.sin(angle));
        f.posY = 10f;
        f.packetId = packetId;
        double v = moving ? speedKmh(spline) : 0;
        double slope = speedKmh((spline + 0.002) % 1.0) - v;
        f.speedKmh = (float) v;
        f.gear = v < 1 ? 0 : (int) Math.min(6, 1 + v / 40);
        f.gas = !moving ? 0f : slope > 0.05 ? 1f : slope < -0.05 ? 0f : 0.4f;
        f.brake = moving && slope < -0.05 ? 0.8f : 0f;
        f.steer = (float) (0.3 * Math.sin(angle * 4));
        f.rpm = 3000 + (float) v * 20;
        f.accLatG =
                (float) (Math.pow(v / 3.6, 2) / radius / 9.81 * Math.signum(Math.sin(angle * 4)));
        f.accLonG = f.brake > 0 ? -1.1f : f.gas > 0.9f ? 0.4f : 0f;
        f.fuelL = (float) fuel;
        f.tyresOut = tyresOut;
        f.aiControlled = ai;
        f.tyreCoreTempC = new float[] {80f, 82f, 78f, 79f};
        f.tyrePressurePsi = new float[] {27.5f, 27.6f, 27.2f, 27.3f};
        frames.add(f);
    }
}
