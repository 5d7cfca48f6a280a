package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.pages.Layout;
import io.actelemetry.bridge.source.Page;
import java.util.function.LongSupplier;

/**
 * The simulated game as a page source: before every read the game is run up to the clock's time, so
 * with a virtual clock it runs as fast as the sampler reads, and with {@code System::nanoTime} in
 * real time at 333 Hz.
 */
public final class SimulatedPageSource extends SimulatedPages {

    private final SimulatedGame game;
    private final LongSupplier clock;
    private final long start;

    public SimulatedPageSource(Scenario scenario, LongSupplier nanoClock) {
        super(scenario);
        this.game = new SimulatedGame(scenario);
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    @Override
    SimulatedGame now() {
        game.advanceTo(clock.getAsLong() - start);
        return game;
    }

    @Override
    public int readInt(Page page, int offset) {
        running();
        // the packetId without encoding the page: the sampler polls it far more often than it
        // copies
        return offset == 0 && page == Page.PHYSICS
                ? game.physicsPacketId()
                : Layout.intAt(game.bytes(page), offset);
    }

    @Override
    public boolean ended() {
        return now().ended();
    }
}
