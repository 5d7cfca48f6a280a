package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.sampling.Sampler;
import io.actelemetry.bridge.sampling.SamplerOptions;
import io.actelemetry.bridge.sampling.VirtualTime;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A simulated session as frames, in virtual time, through the bridge's real code path: the
 * simulated game writes page bytes, the {@link Sampler} polls and copies them, the mapper builds
 * the frames. Deterministic for a seed: the session id comes from the seed and capture times from a
 * virtual clock starting at {@link #EPOCH}. Lazy: frames are produced as the stream is consumed, so
 * a run of any length holds one frame at a time.
 */
public final class SimulatedSession {

    /** Wall-clock time of the virtual clock's zero: 2026-01-01T00:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** The frames of {@code scenario}, until the simulated game exits at the end of it. */
    public static Stream<TelemetryFrame> frames(Scenario scenario) {
        return frames(scenario, "");
    }

    /** The same, the frames carrying {@code carId} (several simulated cars in one session, say). */
    public static Stream<TelemetryFrame> frames(Scenario scenario, String carId) {
        VirtualTime time = new VirtualTime(EPOCH.getEpochSecond() * 1_000_000_000L);
        SimulatedPageSource source = new SimulatedPageSource(scenario, time::nanoTime);
        SamplerOptions options =
                SamplerOptions.defaults()
                        .withSessionId(sessionId(scenario.seed()))
                        .withCarId(carId)
                        .withPollPeriod(Duration.ofNanos(SimulatedGame.STEP_NANOS))
                        .withTime(time);
        Sampler sampler = new Sampler(source, options);
        return StreamSupport.stream(new Frames(sampler), false).onClose(source::close);
    }

    /**
     * The laps completed at the line in {@code scenario}, in order, with the pages each field first
     * showed on: what its {@link #frames} show. The game alone, run to the scenario's end (so not
     * for endless scenarios): it does not depend on who reads its pages.
     */
    public static List<LineCrossing> lineCrossings(Scenario scenario) {
        List<LineCrossing> crossings = new ArrayList<>();
        SimulatedGame game = new SimulatedGame(scenario, crossings::add);
        for (long nanos = 0; !game.ended(); nanos += 60_000_000_000L) {
            game.advanceTo(nanos);
        }
        return crossings;
    }

    /** The session id of the frames of a scenario with this seed. */
    public static String sessionId(long seed) {
        return UUID.nameUUIDFromBytes(
                        ("ac-telemetry simulated session " + seed).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Pulls frames from the sampler one poll at a time. */
    private static final class Frames extends Spliterators.AbstractSpliterator<TelemetryFrame> {
        private final Sampler sampler;
        private final ArrayDeque<TelemetryFrame> ready = new ArrayDeque<>(2);
        private final Consumer<TelemetryFrame> sink = ready::add;
        private boolean ended;

        Frames(Sampler sampler) {
            super(
                    Long.MAX_VALUE,
                    Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
            this.sampler = sampler;
        }

        @Override
        public boolean tryAdvance(Consumer<? super TelemetryFrame> action) {
            try {
                while (ready.isEmpty() && !ended) {
                    ended = !sampler.poll(sink);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = true;
            }
            TelemetryFrame next = ready.poll();
            if (next == null) {
                return false;
            }
            action.accept(next);
            return true;
        }
    }

    private SimulatedSession() {}
}
