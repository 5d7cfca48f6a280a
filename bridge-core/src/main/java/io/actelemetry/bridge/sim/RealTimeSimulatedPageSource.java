package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.source.Page;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated game in real time, the way Assetto Corsa runs beside the bridge: a process of its
 * own (here a thread) steps the physics every 3 ms on an absolute schedule and writes the pages,
 * while the sampler only reads them. So the sampler's CPU time is the bridge's, not the game's, and
 * it meets the game at the times the game chooses, as with the real shared memory.
 *
 * <p>Each step publishes the pages as one immutable snapshot: a reader never sees a torn page (the
 * shared-memory source can; {@code ConsistentReader} is tested against that elsewhere). A game
 * thread that wakes late catches up in one go and publishes only the last step, as a stalled game
 * would. The thread starts with the source and ends when the scenario ends or the source is closed.
 */
public final class RealTimeSimulatedPageSource extends SimulatedPages {

    /** What the game's memory holds at one moment. */
    private record Pages(byte[] physics, byte[] graphics, byte[] stat, boolean exists)
            implements Memory {
        @Override
        public byte[] bytes(Page page) {
            return switch (page) {
                case PHYSICS -> physics;
                case GRAPHICS -> graphics;
                case STATIC -> stat;
            };
        }
    }

    private final SimulatedGame game;
    private final Thread thread;
    private volatile Pages pages;
    private volatile boolean ended;
    private volatile boolean closed;

    public RealTimeSimulatedPageSource(Scenario scenario) {
        super(scenario);
        this.game = new SimulatedGame(scenario);
        publish();
        this.thread = new Thread(this::runGame, "ac-sim-game");
        thread.setDaemon(true); // a forgotten source must not keep the JVM alive
        thread.start();
    }

    /** The game's loop: one wake-up per 3 ms step, on the grid start + k * step (no drift). */
    private void runGame() {
        long start = System.nanoTime();
        long step = SimulatedGame.STEP_NANOS;
        while (!closed && !game.ended()) {
            long now = System.nanoTime();
            long next = start + (Math.floorDiv(now - start, step) + 1) * step;
            while ((now = System.nanoTime()) < next && !closed) {
                LockSupport.parkNanos(next - now);
            }
            game.advanceTo(now - start);
            publish();
        }
        ended = game.ended();
    }

    private void publish() {
        Pages last = pages;
        byte[] physics = game.physicsBytes();
        byte[] graphics = game.graphicsBytes();
        byte[] stat = game.staticBytes();
        boolean exists = game.exists();
        // The page arrays are new whenever the game wrote them: unchanged references, unchanged
        // pages.
        if (last == null
                || last.physics != physics
                || last.graphics != graphics
                || last.stat != stat
                || last.exists != exists) {
            pages = new Pages(physics, graphics, stat, exists);
        }
    }

    @Override
    Pages now() {
        return pages;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    /** Stops the game's thread. */
    @Override
    public void close() {
        super.close();
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
