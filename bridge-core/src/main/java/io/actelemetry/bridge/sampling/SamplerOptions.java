package io.actelemetry.bridge.sampling;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How the sampler polls and names its frames.
 *
 * @param sessionId session_id of every frame (a UUID per bridge run by default)
 * @param carId car_id of every frame ("" = the single player car)
 * @param pollPeriod time between polls of the physics packetId while waiting for the game's next
 *     step (1 ms default; once the step is known the sampler wakes once per step, see {@link
 *     PollSchedule}); frames come at the game's 333 Hz whatever this is, as long as it is shorter
 *     than a 3 ms step. A longer period samples at that period.
 * @param pauseAfter physics frozen this long means paused (~50 ms)
 * @param notLiveAfter physics frozen this long means not live: menus, session over or game gone (~1
 *     s)
 * @param attachRetry time between attempts to find the game's pages while it is not running
 * @param copyAttempts attempts at a consistent copy before the sample is given up
 * @param time clocks and sleeping: {@link SystemTime} live, {@link VirtualTime} in tests
 */
public record SamplerOptions(
        String sessionId,
        String carId,
        Duration pollPeriod,
        Duration pauseAfter,
        Duration notLiveAfter,
        Duration attachRetry,
        int copyAttempts,
        TimeSource time) {

    public SamplerOptions {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(carId, "carId");
        Objects.requireNonNull(time, "time");
        if (pollPeriod.isNegative() || pollPeriod.isZero()) {
            throw new IllegalArgumentException("pollPeriod must be positive: " + pollPeriod);
        }
        if (copyAttempts < 1) {
            throw new IllegalArgumentException("copyAttempts must be >= 1: " + copyAttempts);
        }
    }

    /** Live defaults: a random session id, 1 kHz polling, 50 ms / 1 s thresholds, real time. */
    public static SamplerOptions defaults() {
        return new SamplerOptions(
                UUID.randomUUID().toString(),
                "",
                Duration.ofMillis(1),
                Duration.ofMillis(50),
                Duration.ofSeconds(1),
                Duration.ofMillis(500),
                8,
                SystemTime.create());
    }

    public SamplerOptions withSessionId(String id) {
        return new SamplerOptions(
                id, carId, pollPeriod, pauseAfter, notLiveAfter, attachRetry, copyAttempts, time);
    }

    public SamplerOptions withCarId(String id) {
        return new SamplerOptions(
                sessionId,
                id,
                pollPeriod,
                pauseAfter,
                notLiveAfter,
                attachRetry,
                copyAttempts,
                time);
    }

    public SamplerOptions withPollPeriod(Duration period) {
        return new SamplerOptions(
                sessionId,
                carId,
                period,
                pauseAfter,
                notLiveAfter,
                attachRetry,
                copyAttempts,
                time);
    }

    public SamplerOptions withThresholds(Duration pause, Duration notLive) {
        return new SamplerOptions(
                sessionId, carId, pollPeriod, pause, notLive, attachRetry, copyAttempts, time);
    }

    public SamplerOptions withAttachRetry(Duration retry) {
        return new SamplerOptions(
                sessionId, carId, pollPeriod, pauseAfter, notLiveAfter, retry, copyAttempts, time);
    }

    public SamplerOptions withCopyAttempts(int attempts) {
        return new SamplerOptions(
                sessionId,
                carId,
                pollPeriod,
                pauseAfter,
                notLiveAfter,
                attachRetry,
                attempts,
                time);
    }

    public SamplerOptions withTime(TimeSource t) {
        return new SamplerOptions(
                sessionId,
                carId,
                pollPeriod,
                pauseAfter,
                notLiveAfter,
                attachRetry,
                copyAttempts,
                t);
    }
}
