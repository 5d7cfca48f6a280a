package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.pages.StaticPage;
import io.actelemetry.bridge.pages.Vec3;
import io.actelemetry.bridge.pages.WheelVectors;
import io.actelemetry.bridge.pages.Wheels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Assetto Corsa as seen through its shared memory: a car lapping {@link Track#simRing()} and the three
 * pages the game would write, byte for byte, as game time advances. Physics steps every 3 ms (packetId
 * +1, frozen while paused or in replay), graphics at 60 frames/s (packetId +2). Timing behaves like
 * AC's: iLastTime lags completedLaps by one to three rendered frames, a rolling start only starts the
 * clock, pit-lane and tyres-out flags, and the events of the {@link Scenario}. Same scenario, same bytes.
 */
final class SimulatedGame {

    static final long STEP_NANOS = 3_000_000;
    static final long RENDER_NANOS = 16_666_667;
    static final int WARMUP_STEPS = 300;
    /** The static page is written this long after the process starts: after the session is live. */
    static final long STATIC_WRITTEN_AFTER_NANOS = 1_200_000_000L;
    /** Gap between a game exit's pages vanishing and the game starting again. */
    static final long RESTART_GAP_NANOS = 3_000_000_000L;
    static final double LINE_TO_SPLINE_ZERO_M = 7;
    static final double[] SECTOR_STARTS = {0, 0.34, 0.67};

    private enum Mode { BOX, PIT_OUT, RACING, PIT_IN, STOPPED }

    private final Scenario scenario;
    private final Track track;
    private final SplittableRandom random;
    private final SpeedProfile racing;
    private final SpeedProfile pitIn;
    private final SpeedProfile pitOut;
    private final double pitEntry;
    private final double pitBox;
    private final double pitExit;
    private final LapTiming timing;
    private final List<ScenarioEvent> pendingEvents;

    // The game process and its pages.
    private long clockNanos;
    private long processNanos;
    private long nextRenderNanos;
    private long startupSteps;
    private boolean exists = true;
    private boolean ended;
    private long goneAtNanos = Long.MAX_VALUE;
    private long restartAtNanos = Long.MAX_VALUE;
    private int status = GraphicsPage.STATUS_OFF;
    private long frozenUntilNanos;
    private int physicsPacketId;
    private int graphicsPacketId;
    private PhysicsPage physics;
    private GraphicsPage graphics;
    private StaticPage stat;
    private byte[] physicsBytes;
    private byte[] graphicsBytes;
    private byte[] staticBytes;

    // The car.
    private Mode mode;
    private double s;
    private double v;
    private double along;
    private int gear = 1;
    private double gas;
    private double brake;
    private double fuel;
    private double lateral;
    private int tyresOut;
    private long offTrackUntilStep = -1;
    private long offTrackFromStep;
    private long stopUntilStep;
    private long exitAtStep = Long.MAX_VALUE;
    private double pace = 1;
    private boolean inLane;
    private final Tyres tyres = new Tyres();

    // Physics steps of driving time, and laps completed over every session of the run.
    private long step;
    private int lapsDone;
    private int pitStopLap = -1;
    private double pitStopSeconds;
    private double distanceTraveled;

    SimulatedGame(Scenario scenario) {
        this.scenario = scenario;
        this.track = Track.simRing();
        this.random = new SplittableRandom(scenario.seed());
        this.pitEntry = track.length - 300;
        this.pitBox = 150;
        this.pitExit = 450;
        this.timing = new LapTiming(Arrays.stream(SECTOR_STARTS).map(f -> f * track.length).toArray(), track.metres);
        this.racing = SpeedProfile.build(track, null);
        this.pitIn = SpeedProfile.build(track, pitLimits(true));
        this.pitOut = SpeedProfile.build(track, pitLimits(false));
        this.pendingEvents = new ArrayList<>(scenario.events());
        this.stat = StaticPage.LAYOUT.empty();
        startProcess();
    }

    private double[] pitLimits(boolean stopInBox) {
        double[] limits = new double[track.metres];
        Arrays.fill(limits, Double.POSITIVE_INFINITY);
        for (int m = 0; m < track.metres; m++) {
            if (inPitLane(m)) {
                limits[m] = CarSpec.PIT_LIMIT_MS;
            }
        }
        if (stopInBox) {
            limits[track.at(pitBox)] = 0;
        }
        return limits;
    }

    private boolean inPitLane(double at) {
        return track.ahead(pitEntry, at) <= track.ahead(pitEntry, pitExit);
    }

    // ---- the game process ----

    private void startProcess() {
        processNanos = 0;
        nextRenderNanos = 0;
        startupSteps = 0;
        status = GraphicsPage.STATUS_OFF;
        physicsPacketId = 0;
        graphicsPacketId = 0;
        stat = StaticPage.LAYOUT.empty();
        staticBytes = stat.encode();
        physics = PhysicsPage.LAYOUT.empty();
        graphics = GraphicsPage.LAYOUT.empty();
        physicsBytes = null;
        graphicsBytes = null;
        resetSession();
    }

    private void resetSession() {
        fuel = 60;
        tyres.fit(65);
        tyres.initBrakes();
        distanceTraveled = 0;
        if (scenario.startInPits()) {
            toBox(2.0);
        } else {
            mode = Mode.RACING;
            inLane = false;
            lateral = 0;
            s = track.length - 400;
            v = racing.at(track, s);
            gear = 5;
        }
        timing.reset(step, scenario.startInPits());
    }

    private void toBox(double seconds) {
        mode = Mode.BOX;
        inLane = true;
        lateral = -14;
        s = pitBox;
        v = 0;
        gear = 1;
        stopUntilStep = step + Math.round(seconds * 1000 / 3);
    }

    /** Runs the game until {@code nanos} after it was created (time only moves forward). */
    void advanceTo(long nanos) {
        while (!ended && clockNanos + STEP_NANOS <= nanos) {
            clockNanos += STEP_NANOS;
            tick();
        }
    }

    /** One 3 ms tick of the process: a physics step unless frozen, and a rendered frame when due. */
    private void tick() {
        processNanos += STEP_NANOS;
        if (!exists) {
            if (processNanos >= restartAtNanos) {
                exists = true;
                restartAtNanos = Long.MAX_VALUE;
                goneAtNanos = Long.MAX_VALUE;
                startProcess();
            }
            return;
        }
        if (processNanos >= goneAtNanos) {
            exists = false;
            if (lapsDone >= scenario.laps()) {
                ended = true;
            } else {
                restartAtNanos = processNanos + RESTART_GAP_NANOS;
            }
            return;
        }
        if (status == GraphicsPage.STATUS_OFF && goneAtNanos != Long.MAX_VALUE) {
            return; // exiting: the pages stay as they were, stale
        }
        if (stat.smVersion().isEmpty() && processNanos >= STATIC_WRITTEN_AFTER_NANOS) {
            stat = staticPage();
            staticBytes = stat.encode();
        }
        if (startupSteps < WARMUP_STEPS) {
            startupSteps++;
            if (startupSteps == WARMUP_STEPS) {
                status = GraphicsPage.STATUS_LIVE;
                physicsPacketId = -1; // the first written page is packetId 0
            }
            return;
        }
        if (status == GraphicsPage.STATUS_PAUSE || status == GraphicsPage.STATUS_REPLAY) {
            if (processNanos >= frozenUntilNanos) {
                status = GraphicsPage.STATUS_LIVE;
            }
        } else {
            physicsStep();
        }
        if (processNanos >= nextRenderNanos && exists && goneAtNanos == Long.MAX_VALUE) {
            nextRenderNanos += RENDER_NANOS;
            render();
        }
    }

    // ---- the car ----

    private void physicsStep() {
        step++;
        physicsPacketId++;
        double dt = STEP_NANOS / 1e9;
        fireEvents();
        double target = switch (mode) {
            case BOX, STOPPED -> 0;
            case PIT_OUT -> pitOut.at(track, s) * (inLane ? 1 : pace);
            case PIT_IN -> pitIn.at(track, s) * (inLane ? 1 : pace);
            case RACING -> racing.at(track, s) * pace;
        };
        if (step < offTrackUntilStep) {
            target *= 0.85;
        }
        double before = v;
        if (mode == Mode.BOX || mode == Mode.STOPPED) {
            v = 0;
            if (step >= stopUntilStep) {
                mode = Mode.PIT_OUT;
                gear = 2;
            }
        } else if (v < target) {
            v = Math.min(target, v + Math.max(0.5, CarSpec.acceleration(v)) * dt);
        } else {
            v = Math.max(target, v - 1.3 * CarSpec.deceleration(v) * dt);
        }
        along = (v - before) / dt;
        double moved = (v + before) / 2 * dt;
        double previous = s;
        s += moved;
        distanceTraveled += moved;
        if (s >= track.length) {
            s -= track.length;
            previous = 0;
            crossLine();
        }
        timing.move(previous, s, step);
        if (mode == Mode.PIT_IN && track.ahead(s, pitBox) < 0.5 || mode == Mode.PIT_IN && v < 0.05
                && track.ahead(s, pitBox) < 3) {
            s = pitBox;
            v = 0;
            mode = Mode.STOPPED;
            stopUntilStep = step + Math.round(pitStopSeconds * 1000 / 3);
            fuel = 60;
            tyres.fit(70);
        }
        if (mode == Mode.RACING && timing.completedLaps() + 1 == pitStopLap && s > pitExit + 200 && s < pitEntry - 500) {
            mode = Mode.PIT_IN; // the in lap: from here the car brakes for the pit lane in time
        }
        if (mode == Mode.PIT_IN && !inLane && inPitLane(s)) {
            inLane = true;
        }
        if (mode == Mode.PIT_OUT && inLane && !inPitLane(s)) {
            inLane = false;
            mode = Mode.RACING;
        }
        offTrack();
        shift();
        pedals(dt);
        double k = track.curvature[track.at(s)];
        double latG = v * v * k / CarSpec.G;
        double longG = along / CarSpec.G;
        tyres.step(dt, v, latG, longG, brake, tyresOut);
        fuel = Math.max(0, fuel - dt * CarSpec.FUEL_L_PER_S_FULL * (0.08 + gas * rpm() / CarSpec.MAX_RPM));
        physics = physicsPage(k, latG, longG);
        physicsBytes = null;
        if (step == exitAtStep) {
            exitGame(0.5);
        }
    }

    private void crossLine() {
        if (timing.crossLine(step, random)) {
            lapsDone++;
        }
        pace = 0.985 + 0.01 * random.nextDouble();
        if (lapsDone >= scenario.laps()) {
            exitAtStep = step + 2000 / 3; // drive on for two seconds, so the last lap time shows, then quit
        }
    }

    private void fireEvents() {
        if (!timing.running()) {
            return;
        }
        int lap = timing.completedLaps() + 1;
        double fraction = s / track.length;
        for (var it = pendingEvents.iterator(); it.hasNext(); ) {
            ScenarioEvent e = it.next();
            if (e.lap() == lap && fraction >= e.fraction() || e.lap() < lap && e.kind() != ScenarioEvent.Kind.PIT_STOP) {
                it.remove();
                fire(e);
            }
        }
    }

    private void fire(ScenarioEvent e) {
        long steps = Math.round(e.seconds() * 1000 / 3);
        switch (e.kind()) {
            case OFF_TRACK -> {
                offTrackFromStep = step;
                offTrackUntilStep = step + steps;
            }
            case PIT_STOP -> {
                pitStopLap = e.lap();
                pitStopSeconds = e.seconds();
            }
            case RESTART -> resetSession();
            case TELEPORT_TO_PITS -> {
                toBox(2.0);
                timing.restartLap(step);
            }
            case PAUSE -> freeze(GraphicsPage.STATUS_PAUSE, e.seconds());
            case REPLAY -> freeze(GraphicsPage.STATUS_REPLAY, e.seconds());
            case GAME_EXIT -> exitGame(e.seconds());
        }
    }

    private void freeze(int frozenStatus, double seconds) {
        status = frozenStatus;
        frozenUntilNanos = processNanos + Math.round(seconds * 1e9);
    }

    private void exitGame(double staleSeconds) {
        status = GraphicsPage.STATUS_OFF;
        goneAtNanos = processNanos + Math.round(staleSeconds * 1e9);
        graphicsPacketId += 2;
        graphics = graphicsPage(); // the game's last write: status off
        graphicsBytes = null;
    }

    private void offTrack() {
        if (step < offTrackUntilStep) {
            double progress = (step - offTrackFromStep) / (double) (offTrackUntilStep - offTrackFromStep);
            lateral = 6 + 4 * Math.sin(Math.PI * progress);
            tyresOut = progress < 0.15 || progress > 0.85 ? 2 : progress < 0.3 || progress > 0.7 ? 3 : 4;
            if (tyresOut > 2) {
                timing.invalidate();
            }
        } else if (inLane) {
            lateral = Math.max(lateral - 0.01, -14); // the pit lane runs 14 m right of the track
            tyresOut = 0;
            timing.invalidate(); // a lap through the pits is not a flying lap
        } else {
            lateral *= 0.995;
            tyresOut = 0;
        }
    }

    private void shift() {
        if (mode == Mode.BOX || mode == Mode.STOPPED) {
            gear = 1;
            return;
        }
        if (gear < 2) {
            gear = 2;
        }
        int forward = gear - 1;
        if (forward < CarSpec.GEAR_RATIOS.length && CarSpec.rpm(v, forward) > CarSpec.SHIFT_UP_RPM) {
            gear++;
        } else if (forward > 1 && CarSpec.rpm(v, forward - 1) < CarSpec.SHIFT_DOWN_RPM + 1500 && along < -2) {
            gear--;
        } else if (forward > 1 && CarSpec.rpm(v, forward) < CarSpec.SHIFT_DOWN_RPM - 1500) {
            gear--;
        }
    }

    private void pedals(double dt) {
        double gasTarget = 0;
        double brakeTarget = 0;
        if (mode == Mode.BOX || mode == Mode.STOPPED) {
            brakeTarget = 0.3;
        } else {
            double needed = along + CarSpec.DRAG_PER_V2 * v * v;
            if (needed >= 0) {
                double available = Math.min(CarSpec.TRACTION_G * CarSpec.G,
                        CarSpec.POWER_W / (CarSpec.MASS_KG * Math.max(v, 1)));
                gasTarget = Math.min(1, 0.05 + needed / available);
            } else {
                brakeTarget = Math.min(1, -needed / (CarSpec.G * CarSpec.BRAKE_G * 1.3));
            }
        }
        double follow = Math.min(1, dt / 0.03);
        gas = settle(gas + (gasTarget - gas) * follow);
        brake = settle(brake + (brakeTarget - brake) * follow);
    }

    /** Pedals settle exactly at rest instead of creeping through denormal values. */
    private static double settle(double pedal) {
        return pedal < 1e-4 ? 0 : pedal;
    }

    private double rpm() {
        if (gear <= 1) {
            return CarSpec.IDLE_RPM;
        }
        return Math.max(CarSpec.IDLE_RPM, Math.min(CarSpec.MAX_RPM, CarSpec.rpm(v, gear - 1)));
    }

    // ---- the pages ----

    private PhysicsPage physicsPage(double k, double latG, double longG) {
        int m = track.at(s);
        double heading = track.heading[m];
        double slope = track.y[(m + 1) % track.metres] - track.y[m];
        Vec3 velocity = new Vec3((float) (v * Math.sin(heading)), (float) (v * slope), (float) (v * Math.cos(heading)));
        double wheelAngle = Math.atan(CarSpec.WHEELBASE_M * k);
        double steer = -Math.toDegrees(wheelAngle) * CarSpec.STEER_RATIO / CarSpec.STEER_LOCK_DEG;
        Vec3 position = position();
        double yawRate = v * k;
        float wheelSpeed = (float) (v / CarSpec.WHEEL_RADIUS_M);
        float rideFront = (float) (0.065 - 0.00000045 * v * v + 0.004 * longG);
        float rideRear = (float) (0.085 - 0.0000005 * v * v - 0.004 * longG);
        Vec3 up = new Vec3(0, 1, 0);
        Vec3 forward = new Vec3((float) Math.sin(heading), 0, (float) Math.cos(heading));
        boolean limiter = inLane && v >= CarSpec.PIT_LIMIT_MS - 0.3;
        return new PhysicsPage(
                physicsPacketId, (float) gas, (float) brake, (float) fuel, gear, (int) rpm(),
                (float) Math.max(-1, Math.min(1, steer)), (float) (v * 3.6),
                // accG: x lateral (positive towards the inside of a left-hander), y vertical (bumps),
                // z longitudinal (positive accelerating); velocity in world axes.
                velocity, new Vec3((float) latG, (float) (0.02 * Math.sin(s / 9.0)), (float) longG),
                Tyres.wheels(tyres.slip), Tyres.wheels(tyres.load), tyres.pressures(), Wheels.all(wheelSpeed),
                Tyres.wheels(tyres.wear), Tyres.wheels(tyres.dirt), Tyres.wheels(tyres.core),
                new Wheels(-0.052f, 0.052f, -0.03f, 0.03f),
                new Wheels((float) (0.04 + tyres.load[0] / 4e5), (float) (0.04 + tyres.load[1] / 4e5),
                        (float) (0.05 + tyres.load[2] / 4e5), (float) (0.05 + tyres.load[3] / 4e5)),
                0, 0.12f, (float) heading, (float) (-0.004 * longG), (float) (0.012 * latG), 0.38f,
                List.of(0f, 0f, 0f, 0f, 0f), tyresOut, limiter ? 1 : 0, 0.2f,
                0, 0, 1, rideFront, rideRear,
                0, 0, 1.18f, 24, 32,
                new Vec3((float) (0.01 * longG), (float) yawRate, (float) (0.01 * latG)), (float) (0.4 * -steer),
                (float) timing.delta(track.at(s), step),
                0, 0, 0, 0, 0,
                0, 0, 0, Tyres.wheels(tyres.brake), mode == Mode.BOX || mode == Mode.STOPPED ? 1 : 0,
                Tyres.wheels(tyres.inner), Tyres.wheels(tyres.middle), Tyres.wheels(tyres.outer), 0,
                new WheelVectors(offset(position, forward, 1.3, 0.8), offset(position, forward, 1.3, -0.8),
                        offset(position, forward, -1.4, 0.8), offset(position, forward, -1.4, -0.8)),
                new WheelVectors(up, up, up, up), new WheelVectors(forward, forward, forward, forward),
                0.58f, new Vec3((float) (-0.02 * yawRate), 0, (float) v), 0, 0, CarSpec.MAX_RPM);
    }

    private Vec3 position() {
        int m = track.at(s);
        double heading = track.heading[m];
        // Right of the direction of travel is (cos h, -sin h) in x/z for heading atan2(dx, dz).
        return new Vec3((float) (track.x[m] - lateral * Math.cos(heading)), (float) track.y[m],
                (float) (track.z[m] + lateral * Math.sin(heading)));
    }

    private static Vec3 offset(Vec3 p, Vec3 forward, double ahead, double left) {
        return new Vec3((float) (p.x() + forward.x() * ahead - forward.z() * left), p.y() - 0.3f,
                (float) (p.z() + forward.z() * ahead + forward.x() * left));
    }

    private void render() {
        graphicsPacketId += 2;
        timing.render();
        graphics = graphicsPage();
        graphicsBytes = null;
    }

    private GraphicsPage graphicsPage() {
        boolean pitLane = inLane;
        boolean atBox = (mode == Mode.BOX || mode == Mode.STOPPED) && Math.abs(s - pitBox) < 1.5;
        double spline = (s - LINE_TO_SPLINE_ZERO_M) / track.length;
        return new GraphicsPage(graphicsPacketId, status, scenario.startInPits() ? 0 : 3,
                format(timing.lapMs(step)), format(timing.lastLapMs()), format(timing.bestLapMs()),
                format(timing.lastSectorMs()), timing.completedLaps(), 1, timing.lapMs(step), timing.lastLapMs(),
                timing.bestLapMs(),
                scenario.startInPits() ? (float) (3_600_000 - processNanos / 1_000_000) : -1,
                (float) distanceTraveled, atBox ? 1 : 0, timing.sector(), timing.lastSectorMs(), 0, "Semislicks", 1,
                (float) (spline - Math.floor(spline)), position(), 0, 0, 0, pitLane ? 1 : 0, 0.99f, 0,
                3.6f, 220, 0, status == GraphicsPage.STATUS_PAUSE ? 1 : 0);
    }

    private static String format(int ms) {
        if (ms <= 0) {
            return "-:--:---";
        }
        int seconds = ms / 1000 % 60;
        int millis = ms % 1000;
        return (ms / 60_000) + (seconds < 10 ? ":0" : ":") + seconds + (millis < 10 ? ":00" : millis < 100 ? ":0" : ":")
                + millis;
    }

    private StaticPage staticPage() {
        return new StaticPage("1.7", "1.16.4", 1, 1, CarSpec.MODEL, track.name, "Sim", "Driver", "SIM",
                SECTOR_STARTS.length, (float) CarSpec.TORQUE_NM, (float) CarSpec.POWER_W, CarSpec.MAX_RPM,
                (float) CarSpec.MAX_FUEL_L, Wheels.all(0.12f), Wheels.all((float) CarSpec.WHEEL_RADIUS_M), 0, 0, 0,
                1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, (float) track.length, track.configuration,
                0, 0, 0, "00_default", 0, 0, 0);
    }

    // ---- what a reader of the shared memory sees ----

    boolean exists() {
        return exists;
    }

    boolean ended() {
        return ended;
    }

    /** The packetId on the physics page now (without encoding the page). */
    int physicsPacketId() {
        return physics.packetId();
    }

    byte[] physicsBytes() {
        if (physicsBytes == null) {
            physicsBytes = physics.encode();
        }
        return physicsBytes;
    }

    byte[] graphicsBytes() {
        if (graphicsBytes == null) {
            graphicsBytes = graphics.encode();
        }
        return graphicsBytes;
    }

    byte[] staticBytes() {
        return staticBytes;
    }
}
