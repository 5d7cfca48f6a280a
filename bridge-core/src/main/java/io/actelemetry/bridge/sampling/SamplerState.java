package io.actelemetry.bridge.sampling;

import io.actelemetry.proto.v1.SampleState;

/** What the sampler knows of the game right now. */
public enum SamplerState {
    /** The game's pages do not exist: the game is not running. */
    WAITING_FOR_GAME(SampleState.SAMPLE_STATE_OFF),
    /** Attached; the first page may be stale, so waiting for the physics packetId to move. */
    STARTING(SampleState.SAMPLE_STATE_OFF),
    /** Driving: frames are streamed. */
    LIVE(SampleState.SAMPLE_STATE_LIVE),
    /** Pause menu, or physics frozen for longer than the pause threshold. */
    PAUSED(SampleState.SAMPLE_STATE_PAUSED),
    REPLAY(SampleState.SAMPLE_STATE_REPLAY),
    /** Menus, session over, or physics frozen longer than the not-live threshold. */
    OFF(SampleState.SAMPLE_STATE_OFF),
    /** The pages are not Assetto Corsa's (ACC shares the names); nothing is streamed. */
    NOT_ASSETTO_CORSA(SampleState.SAMPLE_STATE_OFF);

    private final SampleState wire;

    SamplerState(SampleState wire) {
        this.wire = wire;
    }

    /** The state carried by frames taken in this state. */
    public SampleState wire() {
        return wire;
    }
}
