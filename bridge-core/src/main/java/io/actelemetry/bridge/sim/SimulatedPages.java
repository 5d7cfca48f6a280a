package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.pages.Layout;
import io.actelemetry.bridge.source.GameNotRunningException;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.bridge.source.PageSource;

/**
 * What the simulated game's two page sources share: pages are read from what the game holds at that
 * moment, and a game that has exited is gone, as the real shared memory is, until the sampler
 * attaches again.
 */
abstract class SimulatedPages implements PageSource {

    /** The game's memory at one moment. */
    interface Memory {
        boolean exists();

        byte[] bytes(Page page);
    }

    private final Scenario scenario;
    private boolean attached;

    SimulatedPages(Scenario scenario) {
        this.scenario = scenario;
    }

    /** What the game's memory holds now. */
    abstract Memory now();

    /** The memory now, if the game is there and attached to. */
    final Memory running() {
        Memory memory = now();
        if (!attached || !memory.exists()) {
            attached = false;
            throw new GameNotRunningException("the simulated game has exited");
        }
        return memory;
    }

    @Override
    public boolean attach() {
        attached = now().exists();
        return attached;
    }

    @Override
    public void detach() {
        attached = false;
    }

    @Override
    public int readInt(Page page, int offset) {
        return Layout.intAt(running().bytes(page), offset);
    }

    @Override
    public int copy(Page page, byte[] into) {
        byte[] bytes = running().bytes(page);
        System.arraycopy(bytes, 0, into, 0, bytes.length);
        return bytes.length;
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
