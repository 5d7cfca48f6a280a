package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.pages.StaticPage;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.proto.v1.AcStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Assetto Corsa as seen through its shared memory: the game process with its three pages, written
 * byte for byte as game time advances, around a {@link SimulatedCar}. Warm-up with packetId 0, the
 * static page written only after the session is live, physics every 3 ms (packetId +1, frozen while
 * paused or in replay), graphics at 60 frames/s (packetId +2), and the {@link Scenario}'s events:
 * pause, replay, game exit (status off, stale pages, gone, started again), stall (both pages
 * frozen, status live), glitch (one impossible value for one step) and those the car acts out. Same
 * scenario, same bytes.
 */
final class SimulatedGame implements SimulatedPages.Memory {

    static final long STEP_NANOS = 3_000_000;
    static final long RENDER_NANOS = 16_666_667;
    static final int WARMUP_STEPS = 300;

    /** The static page is written this long after the process starts: after the session is live. */
    static final long STATIC_WRITTEN_AFTER_NANOS = 1_200_000_000L;

    /** Gap between a game exit's pages vanishing and the game starting again. */
    static final long RESTART_GAP_NANOS = 3_000_000_000L;

    private final Scenario scenario;
    private final SimulatedCar car;
    private final List<ScenarioEvent> pendingEvents;

    /** Apart from the car's, so a glitch changes nothing but its own page. */
    private final SplittableRandom glitches;

    // The game process and its pages.
    private long clockNanos;
    private long processNanos;
    private long nextRenderNanos;
    private long startupSteps;
    private boolean exists = true;
    private boolean ended;
    private long goneAtNanos = Long.MAX_VALUE;
    private long restartAtNanos = Long.MAX_VALUE;
    private int status = AcStatus.AC_STATUS_OFF_VALUE;
    private long frozenUntilNanos;
    private long stalledUntilNanos;

    /** A glitch waiting for its page; the glitches on the pages written last. */
    private Glitch glitch;

    private Glitch physicsGlitch;
    private Glitch graphicsGlitch;
    private int physicsPacketId;
    private int graphicsPacketId;
    private PhysicsPage physics;
    private GraphicsPage graphics;
    private StaticPage stat;
    private byte[] physicsBytes;
    private byte[] graphicsBytes;
    private byte[] staticBytes;

    SimulatedGame(Scenario scenario) {
        this(scenario, crossing -> {});
    }

    /** {@code crossings} gets each completed lap as the pages showed it at the line. */
    SimulatedGame(Scenario scenario, Consumer<LineCrossing> crossings) {
        this.scenario = scenario;
        this.car = new SimulatedCar(scenario, crossings);
        this.pendingEvents = new ArrayList<>(scenario.events());
        this.glitches = new SplittableRandom(scenario.seed()).split();
        this.stat = StaticPage.LAYOUT.empty();
        startProcess();
    }

    // ---- the game process ----

    private void startProcess() {
        processNanos = 0;
        nextRenderNanos = 0;
        startupSteps = 0;
        status = AcStatus.AC_STATUS_OFF_VALUE;
        physicsPacketId = 0;
        graphicsPacketId = 0;
        stat = StaticPage.LAYOUT.empty();
        staticBytes = stat.encode();
        physics = PhysicsPage.LAYOUT.empty();
        graphics = GraphicsPage.LAYOUT.empty();
        physicsBytes = null;
        graphicsBytes = null;
        car.startSession();
    }

    /** Runs the game until {@code nanos} after it was created (time only moves forward). */
    void advanceTo(long nanos) {
        while (!ended && clockNanos + STEP_NANOS <= nanos) {
            clockNanos += STEP_NANOS;
            tick();
        }
    }

    /**
     * One 3 ms tick of the process: a physics step unless frozen, and a rendered frame when due.
     */
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
            if (car.lapsDone() >= scenario.laps()) {
                ended = true;
            } else {
                restartAtNanos = processNanos + RESTART_GAP_NANOS;
            }
            return;
        }
        if (status == AcStatus.AC_STATUS_OFF_VALUE && goneAtNanos != Long.MAX_VALUE) {
            return; // exiting: the pages stay as they were, stale
        }
        if (stat.smVersion().isEmpty() && processNanos >= STATIC_WRITTEN_AFTER_NANOS) {
            stat = car.staticPage();
            staticBytes = stat.encode();
        }
        if (startupSteps < WARMUP_STEPS) {
            startupSteps++;
            if (startupSteps == WARMUP_STEPS) {
                status = AcStatus.AC_STATUS_LIVE_VALUE;
                physicsPacketId = -1; // the first written page is packetId 0
            }
            return;
        }
        if (processNanos < stalledUntilNanos) {
            while (nextRenderNanos <= processNanos) {
                nextRenderNanos += RENDER_NANOS; // frames a hitch swallows are never drawn
            }
            return;
        }
        if (status == AcStatus.AC_STATUS_PAUSE_VALUE || status == AcStatus.AC_STATUS_REPLAY_VALUE) {
            if (processNanos >= frozenUntilNanos) {
                status = AcStatus.AC_STATUS_LIVE_VALUE;
            }
        } else {
            physicsStep();
        }
        if (processNanos >= nextRenderNanos && exists && goneAtNanos == Long.MAX_VALUE) {
            nextRenderNanos += RENDER_NANOS;
            render();
        } else if (graphicsGlitch != null) {
            writeGraphics(null); // a glitched page lasts one step: written again, right
        }
    }

    // ---- physics steps and events ----

    private void physicsStep() {
        physicsPacketId++;
        car.beginStep(physicsPacketId);
        fireEvents();
        car.drive();
        physics = car.physicsPage(physicsPacketId);
        physicsBytes = null;
        physicsGlitch = takeGlitch(Page.PHYSICS);
        if (car.quits()) {
            exitGame(0.5);
        }
    }

    private void fireEvents() {
        if (!car.clockRunning()) {
            return;
        }
        int lap = car.lap();
        double fraction = car.lapFraction();
        for (var it = pendingEvents.iterator(); it.hasNext(); ) {
            ScenarioEvent e = it.next();
            if (e.lap() == lap && fraction >= e.fraction()
                    || e.lap() < lap && e.kind() != ScenarioEvent.Kind.PIT_STOP) {
                it.remove();
                fire(e);
            }
        }
    }

    private void fire(ScenarioEvent e) {
        switch (e.kind()) {
            case OFF_TRACK -> car.offTrack(e.seconds());
            case PIT_STOP -> car.pitStopOn(e.lap(), e.seconds());
            case RESTART -> car.startSession();
            case TELEPORT_TO_PITS -> car.teleportToPits();
            case PAUSE -> freeze(AcStatus.AC_STATUS_PAUSE_VALUE, e.seconds());
            case REPLAY -> freeze(AcStatus.AC_STATUS_REPLAY_VALUE, e.seconds());
            case GAME_EXIT -> exitGame(e.seconds());
            case STALL -> stalledUntilNanos = processNanos + Math.round(e.seconds() * 1e9);
            case GLITCH -> glitch = Glitch.values()[glitches.nextInt(Glitch.values().length)];
        }
    }

    /** The waiting glitch if it goes on {@code page}, now being written. */
    private Glitch takeGlitch(Page page) {
        if (glitch == null || glitch.page() != page) {
            return null;
        }
        Glitch taken = glitch;
        glitch = null;
        return taken;
    }

    private void freeze(int frozenStatus, double seconds) {
        status = frozenStatus;
        frozenUntilNanos = processNanos + Math.round(seconds * 1e9);
    }

    private void exitGame(double staleSeconds) {
        status = AcStatus.AC_STATUS_OFF_VALUE;
        goneAtNanos = processNanos + Math.round(staleSeconds * 1e9);
        writeGraphics(null); // the last write: status off
    }

    private void render() {
        car.render(graphicsPacketId + 2); // the packetId the frame is about to be written with
        writeGraphics(takeGlitch(Page.GRAPHICS));
    }

    /**
     * Writes the graphics page (each write has a new packetId), with {@code glitch} if not null.
     */
    private void writeGraphics(Glitch glitch) {
        graphicsPacketId += 2;
        graphics = car.graphicsPage(graphicsPacketId, status, processNanos);
        graphicsBytes = null;
        graphicsGlitch = glitch;
    }

    // ---- what a reader of the shared memory sees ----

    @Override
    public boolean exists() {
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
            if (physicsGlitch != null) {
                physicsGlitch.apply(physicsBytes);
            }
        }
        return physicsBytes;
    }

    byte[] graphicsBytes() {
        if (graphicsBytes == null) {
            graphicsBytes = graphics.encode();
            if (graphicsGlitch != null) {
                graphicsGlitch.apply(graphicsBytes);
            }
        }
        return graphicsBytes;
    }

    byte[] staticBytes() {
        return staticBytes;
    }

    @Override
    public byte[] bytes(Page page) {
        return switch (page) {
            case PHYSICS -> physicsBytes();
            case GRAPHICS -> graphicsBytes();
            case STATIC -> staticBytes();
        };
    }
}
