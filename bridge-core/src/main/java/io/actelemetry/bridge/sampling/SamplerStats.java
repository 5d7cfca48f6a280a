package io.actelemetry.bridge.sampling;

import java.util.Map;

/**
 * A snapshot of what the sampler did so far.
 *
 * @param state where the sampler is now
 * @param frames frames handed to the sink (live frames plus state markers)
 * @param markerFrames of those, single frames marking entry into pause, replay or off
 * @param duplicatesSkipped polls that found the physics packetId unchanged
 * @param missedSteps physics steps never seen (packetId jumped by more than one)
 * @param tornReads copies retried because the game wrote the page during the copy
 * @param failedCopies samples given up after every retry was torn
 * @param pausedNanos time spent paused or in replay
 * @param staticReads times the static page was (re-)read
 * @param attaches times the sampler attached to the game's pages
 * @param outOfRange values outside their usual range, per channel (passed on, flagged)
 * @param problem why nothing is streamed, when something is wrong ("not Assetto Corsa"), or ""
 */
public record SamplerStats(
        SamplerState state,
        long frames,
        long markerFrames,
        long duplicatesSkipped,
        long missedSteps,
        long tornReads,
        long failedCopies,
        long pausedNanos,
        long staticReads,
        long attaches,
        Map<String, Long> outOfRange,
        String problem) {}
