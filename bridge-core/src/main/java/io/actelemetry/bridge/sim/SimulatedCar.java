package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.pages.StaticPage;
import io.actelemetry.bridge.pages.Vec3;
import io.actelemetry.bridge.pages.WheelVectors;
import io.actelemetry.bridge.pages.Wheels;
import io.actelemetry.proto.v1.AcFlag;
import io.actelemetry.proto.v1.AcSessionType;
import io.actelemetry.proto.v1.AcStatus;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The simulated car and its driver on {@link Track#simRing()}: following the speed profile at a
 * pace that varies a little per lap, shifting, braking, steering, using fuel and tyres, driving
 * through the pit lane and stopping in the box, going off track when told; with AC-style {@link
 * LapTiming}. It describes itself as the game's pages; {@link SimulatedGame} decides when they are
 * written.
 */
final class SimulatedCar {

    static final double LINE_TO_SPLINE_ZERO_M = 7;
    static final double[] SECTOR_STARTS = {0, 0.34, 0.67};

    private enum Mode {
        BOX,
        PIT_OUT,
        RACING,
        PIT_IN,
        STOPPED
    }

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
    private final Tyres tyres = new Tyres();

    private Mode mode;
    private double s;
    private double v;
    private double along;
    private double k;
    private double latG;
    private double longG;
    private int gear = 1;
    private double gas;
    private double brake;
    private double fuel;
    private double lateral;
    private int tyresOut;
    private long offTrackUntilStep = -1;
    private long offTrackFromStep;
    private long stopUntilStep;
    private double pace = 1;
    private double steerCorrection;
    private boolean inLane;
    private int pitStopLap = -1;
    private double pitStopSeconds;
    private double distanceTraveled;

    // Physics steps of driving time (and the physics page of this one), and laps completed over
    // every
    // session of the run.
    private long step;
    private int physicsPacketId;
    private int lapsDone;
    private long quitAtStep = Long.MAX_VALUE;

    /** {@code crossings} gets each completed lap as the pages showed it at the line. */
    SimulatedCar(Scenario scenario, Consumer<LineCrossing> crossings) {
        this.scenario = scenario;
        this.track = Track.simRing();
        this.random = new SplittableRandom(scenario.seed());
        this.pitEntry = track.length - 300;
        this.pitBox = 150;
        this.pitExit = 450;
        this.timing =
                new LapTiming(
                        Arrays.stream(SECTOR_STARTS).map(f -> f * track.length).toArray(),
                        track.metres,
                        crossings);
        this.racing = SpeedProfile.build(track, null);
        this.pitIn = SpeedProfile.build(track, pitLimits(true));
        this.pitOut = SpeedProfile.build(track, pitLimits(false));
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

    /** A new session: full tank, fresh tyres, in the box or rolling towards the line. */
    void startSession() {
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

    /**
     * Starts the physics step written as {@code packetId}: events of this step see its step number.
     */
    void beginStep(int packetId) {
        step++;
        physicsPacketId = packetId;
    }

    /** Drives one physics step of {@link SimulatedGame#STEP_NANOS}. */
    void drive() {
        double dt = SimulatedGame.STEP_NANOS / 1e9;
        double target =
                switch (mode) {
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
        if (mode == Mode.PIT_IN && track.ahead(s, pitBox) < 0.5
                || mode == Mode.PIT_IN && v < 0.05 && track.ahead(s, pitBox) < 3) {
            s = pitBox;
            v = 0;
            mode = Mode.STOPPED;
            stopUntilStep = step + Math.round(pitStopSeconds * 1000 / 3);
            fuel = 60;
            tyres.fit(70);
        }
        if (mode == Mode.RACING
                && timing.completedLaps() + 1 == pitStopLap
                && s > pitExit + 200
                && s < pitEntry - 500) {
            mode = Mode.PIT_IN; // the in lap: from here the car brakes for the pit lane in time
        }
        if (mode == Mode.PIT_IN && !inLane && inPitLane(s)) {
            inLane = true;
        }
        if (mode == Mode.PIT_OUT && inLane && !inPitLane(s)) {
            inLane = false;
            mode = Mode.RACING;
        }
        placeOnTrack();
        shift();
        pedals(dt);
        // The driver's small corrections: a slowly wandering offset on the steering, larger at
        // speed.
        steerCorrection +=
                -steerCorrection * dt / 0.25
                        + 0.004 * Math.sqrt(dt) * random.nextGaussian() * v / 30;
        k = track.curvature[track.at(s)];
        latG = v * v * k / CarSpec.G;
        longG = along / CarSpec.G;
        tyres.step(dt, v, latG, longG, brake, tyresOut);
        fuel =
                Math.max(
                        0,
                        fuel
                                - dt
                                        * CarSpec.FUEL_L_PER_S_FULL
                                        * (0.08 + gas * rpm() / CarSpec.MAX_RPM));
    }

    private void crossLine() {
        if (timing.crossLine(step, physicsPacketId, random)) {
            lapsDone++;
        }
        pace = 0.985 + 0.01 * random.nextDouble();
        if (lapsDone >= scenario.laps()) {
            quitAtStep = step + 2000 / 3; // drive on for two seconds, so the last lap time shows,
            // then quit
        }
    }

    // ---- scripted events ----

    /** Whether the lap clock runs: scripted events wait for it (a rolling start has not begun). */
    boolean clockRunning() {
        return timing.running();
    }

    /** The lap being driven, 1 = the first. */
    int lap() {
        return timing.completedLaps() + 1;
    }

    /** How far along the lap, 0..1 from the timing line. */
    double lapFraction() {
        return s / track.length;
    }

    void offTrack(double seconds) {
        offTrackFromStep = step;
        offTrackUntilStep = step + Math.round(seconds * 1000 / 3);
    }

    void pitStopOn(int lap, double seconds) {
        pitStopLap = lap;
        pitStopSeconds = seconds;
    }

    void teleportToPits() {
        toBox(2.0);
        timing.restartLap(step);
    }

    int lapsDone() {
        return lapsDone;
    }

    /**
     * True at the step the driver quits: the scenario's laps are done and the last time is shown.
     */
    boolean quits() {
        return step == quitAtStep;
    }

    private void placeOnTrack() {
        if (step < offTrackUntilStep) {
            double progress =
                    (step - offTrackFromStep) / (double) (offTrackUntilStep - offTrackFromStep);
            lateral = 6 + 4 * Math.sin(Math.PI * progress);
            tyresOut =
                    progress < 0.15 || progress > 0.85
                            ? 2
                            : progress < 0.3 || progress > 0.7 ? 3 : 4;
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
        if (forward < CarSpec.GEAR_RATIOS.length
                && CarSpec.rpm(v, forward) > CarSpec.SHIFT_UP_RPM) {
            gear++;
        } else if (forward > 1
                && CarSpec.rpm(v, forward - 1) < CarSpec.SHIFT_DOWN_RPM + 1500
                && along < -2) {
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
                double available =
                        Math.min(
                                CarSpec.TRACTION_G * CarSpec.G,
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

    PhysicsPage physicsPage(int packetId) {
        int m = track.at(s);
        double heading = track.heading[m];
        double slope = track.y[(m + 1) % track.metres] - track.y[m];
        Vec3 velocity =
                new Vec3(
                        (float) (v * Math.sin(heading)),
                        (float) (v * slope),
                        (float) (v * Math.cos(heading)));
        double wheelAngle = Math.atan(CarSpec.WHEELBASE_M * k);
        double steer =
                -Math.toDegrees(wheelAngle) * CarSpec.STEER_RATIO / CarSpec.STEER_LOCK_DEG
                        + steerCorrection;
        Vec3 position = position();
        double yawRate = v * k;
        float wheelSpeed = (float) (v / CarSpec.WHEEL_RADIUS_M);
        float rideFront = (float) (0.065 - 0.00000045 * v * v + 0.004 * longG);
        float rideRear = (float) (0.085 - 0.0000005 * v * v - 0.004 * longG);
        Vec3 up = new Vec3(0, 1, 0);
        Vec3 forward = new Vec3((float) Math.sin(heading), 0, (float) Math.cos(heading));
        boolean limiter = inLane && v >= CarSpec.PIT_LIMIT_MS - 0.3;
        return new PhysicsPage(
                packetId,
                (float) gas,
                (float) brake,
                (float) fuel,
                gear,
                (int) rpm(),
                (float) Math.max(-1, Math.min(1, steer)),
                (float) (v * 3.6),
                // accG: x lateral (positive towards the inside of a left-hander), y vertical
                // (bumps),
                // z longitudinal (positive accelerating); velocity in world axes.
                velocity,
                new Vec3((float) latG, (float) (0.02 * Math.sin(s / 9.0)), (float) longG),
                Tyres.wheels(tyres.slip),
                Tyres.wheels(tyres.load),
                tyres.pressures(),
                Wheels.all(wheelSpeed),
                Tyres.wheels(tyres.wear),
                Tyres.wheels(tyres.dirt),
                Tyres.wheels(tyres.core),
                new Wheels(-0.052f, 0.052f, -0.03f, 0.03f),
                new Wheels(
                        (float) (0.04 + tyres.load[0] / 4e5),
                        (float) (0.04 + tyres.load[1] / 4e5),
                        (float) (0.05 + tyres.load[2] / 4e5),
                        (float) (0.05 + tyres.load[3] / 4e5)),
                0,
                0.12f,
                (float) heading,
                (float) (-0.004 * longG),
                (float) (0.012 * latG),
                0.38f,
                List.of(0f, 0f, 0f, 0f, 0f),
                tyresOut,
                limiter ? 1 : 0,
                0.2f,
                0,
                0,
                1,
                rideFront,
                rideRear,
                0,
                0,
                1.18f,
                24,
                32,
                new Vec3((float) (0.01 * longG), (float) yawRate, (float) (0.01 * latG)),
                (float) (0.4 * -steer),
                (float) timing.delta(track.at(s), step),
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                Tyres.wheels(tyres.brake),
                mode == Mode.BOX || mode == Mode.STOPPED ? 1 : 0,
                Tyres.wheels(tyres.inner),
                Tyres.wheels(tyres.middle),
                Tyres.wheels(tyres.outer),
                0,
                new WheelVectors(
                        offset(position, forward, 1.3, 0.8),
                        offset(position, forward, 1.3, -0.8),
                        offset(position, forward, -1.4, 0.8),
                        offset(position, forward, -1.4, -0.8)),
                new WheelVectors(up, up, up, up),
                new WheelVectors(forward, forward, forward, forward),
                0.58f,
                new Vec3((float) (-0.02 * yawRate), 0, (float) v),
                0,
                0,
                CarSpec.MAX_RPM);
    }

    private Vec3 position() {
        int m = track.at(s);
        double heading = track.heading[m];
        // Right of the direction of travel is (cos h, -sin h) in x/z for heading atan2(dx, dz).
        return new Vec3(
                (float) (track.x[m] - lateral * Math.cos(heading)),
                (float) track.y[m],
                (float) (track.z[m] + lateral * Math.sin(heading)));
    }

    private static Vec3 offset(Vec3 p, Vec3 forward, double ahead, double left) {
        return new Vec3(
                (float) (p.x() + forward.x() * ahead - forward.z() * left),
                p.y() - 0.3f,
                (float) (p.z() + forward.z() * ahead + forward.x() * left));
    }

    /**
     * A frame rendered as graphics page {@code packetId}: line fields whose turn it is show on it.
     */
    void render(int packetId) {
        timing.render(packetId);
    }

    GraphicsPage graphicsPage(int packetId, int status, long processNanos) {
        boolean pitLane = inLane;
        boolean atBox = (mode == Mode.BOX || mode == Mode.STOPPED) && Math.abs(s - pitBox) < 1.5;
        double spline = (s - LINE_TO_SPLINE_ZERO_M) / track.length;
        LapTiming.Shown t = timing.shown(step);
        int session =
                scenario.startInPits()
                        ? AcSessionType.AC_SESSION_TYPE_PRACTICE_VALUE
                        : AcSessionType.AC_SESSION_TYPE_HOTLAP_VALUE;
        return new GraphicsPage(
                packetId,
                status,
                session,
                format(t.lapMs()),
                format(t.lastLapMs()),
                format(t.bestLapMs()),
                format(t.lastSectorMs()),
                t.completedLaps(),
                1,
                t.lapMs(),
                t.lastLapMs(),
                t.bestLapMs(),
                scenario.startInPits() ? (float) (3_600_000 - processNanos / 1_000_000) : -1,
                (float) distanceTraveled,
                atBox ? 1 : 0,
                t.sector(),
                t.lastSectorMs(),
                0,
                "Semislicks",
                1,
                (float) (spline - Math.floor(spline)),
                position(),
                0,
                AcFlag.AC_FLAG_NONE_VALUE,
                0,
                pitLane ? 1 : 0,
                0.99f,
                0,
                3.6f,
                220,
                0,
                status == AcStatus.AC_STATUS_PAUSE_VALUE ? 1 : 0);
    }

    private static String format(int ms) {
        if (ms <= 0) {
            return "-:--:---";
        }
        int seconds = ms / 1000 % 60;
        int millis = ms % 1000;
        return (ms / 60_000)
                + (seconds < 10 ? ":0" : ":")
                + seconds
                + (millis < 10 ? ":00" : millis < 100 ? ":0" : ":")
                + millis;
    }

    StaticPage staticPage() {
        return new StaticPage(
                "1.7",
                "1.16.4",
                1,
                1,
                CarSpec.MODEL,
                track.name,
                "Sim",
                "Driver",
                "SIM",
                SECTOR_STARTS.length,
                (float) CarSpec.TORQUE_NM,
                (float) CarSpec.POWER_W,
                CarSpec.MAX_RPM,
                (float) CarSpec.MAX_FUEL_L,
                Wheels.all(0.12f),
                Wheels.all((float) CarSpec.WHEEL_RADIUS_M),
                0,
                0,
                0,
                1,
                1,
                1,
                1,
                1,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                (float) track.length,
                track.configuration,
                0,
                0,
                0,
                "00_default",
                0,
                0,
                0);
    }
}
