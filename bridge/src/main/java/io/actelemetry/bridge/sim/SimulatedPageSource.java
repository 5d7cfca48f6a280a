package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.pages.Layout;
import io.actelemetry.bridge.source.GameNotRunningException;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.bridge.source.PageSource;
import java.util.function.LongSupplier;

/**
 * The simulated game as a page source: before every read the game is run up to the clock's time, so
 * with a virtual clock it runs as fast as the sampler reads, and with {@code System::nanoTime} in real
 * time at 333 Hz.
 */
public final class SimulatedPageSource implements PageSource {

    private final SimulatedGame game;
    private final LongSupplier clock;
    private final long start;
    private final Scenario scenario;
    private boolean attached;

    public SimulatedPageSource(Scenario scenario, LongSupplier nanoClock) {
        this.scenario = scenario;
        this.game = new SimulatedGame(scenario);
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    private void catchUp() {
        game.advanceTo(clock.getAsLong() - start);
    }

    @Override
    public boolean attach() {
        catchUp();
        attached = game.exists();
        return attached;
    }

    @Override
    public void detach() {
        attached = false;
    }

    @Override
    public int readInt(Page page, int offset) {
        byte[] bytes = bytes(page);
        return offset == 0 && page == Page.PHYSICS ? game.physicsPacketId() : Layout.intAt(bytes, offset);
    }

    @Override
    public int copy(Page page, byte[] into) {
        byte[] bytes = bytes(page);
        System.arraycopy(bytes, 0, into, 0, bytes.length);
        return bytes.length;
    }

    private byte[] bytes(Page page) {
        catchUp();
        if (!attached || !game.exists()) {
            attached = false;
            throw new GameNotRunningException("the simulated game has exited");
        }
        return switch (page) {
            case PHYSICS -> game.physicsBytes();
            case GRAPHICS -> game.graphicsBytes();
            case STATIC -> game.staticBytes();
        };
    }

    @Override
    public boolean ended() {
        catchUp();
        return game.ended();
    }

    @Override
    public String describe() {
        return "simulated game (" + scenario + ")";
    }

    @Override
    public void close() {
        attached = false;
    }
}
