package io.actelemetry.bridge.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.ScenarioEvent;
import io.actelemetry.bridge.sim.SimulatedPageSource;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sampler's schedule ({@link PollSchedule}) against a simulated game whose steps come when a
 * test says, in virtual time: on time, late, faster than 333 Hz. The plain 1 ms schedule it
 * replaces catches every step as long as consecutive steps are more than a poll period (1 ms)
 * apart; so must this one, while waking about once per step instead of three times.
 */
class SamplerScheduleTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    /**
     * The simulated game's 3 ms tick that writes packetId 0: after 300 ticks of warm-up and one
     * going live.
     */
    private static final int TICK_OF_PACKET_0 = 301;

    private final VirtualTime time = new VirtualTime(0);

    /**
     * The game's clock as the sampler's time goes by: the game's n-th 3 ms tick happens at {@code
     * writtenAt(n)} (ns of virtual time; after the previous tick), so its steps come then.
     */
    private LongSupplier gameClock(IntToLongFunction writtenAt) {
        return new LongSupplier() {
            private int ticks;
            private long nextAt = writtenAt.applyAsLong(1);

            @Override
            public long getAsLong() {
                while (nextAt <= time.nanoTime()) {
                    ticks++;
                    nextAt = Math.max(nextAt, writtenAt.applyAsLong(ticks + 1));
                }
                return ticks * 3 * MS;
            }
        };
    }

    private Sampler sampler(LongSupplier gameClock) {
        return new Sampler(
                new SimulatedPageSource(Scenario.laps(1, 3), gameClock),
                SamplerOptions.defaults().withSessionId("schedule").withTime(time));
    }

    private List<TelemetryFrame> run(Sampler sampler, long seconds) {
        List<TelemetryFrame> frames = new ArrayList<>();
        sampler.run(frames::add, () -> time.nanoTime() >= seconds * SECOND);
        return frames;
    }

    private static void assertNoStepMissed(List<TelemetryFrame> frames, Sampler sampler) {
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).getPhysics().getPacketId())
                    .isEqualTo(frames.get(i - 1).getPhysics().getPacketId() + 1);
        }
        assertThat(sampler.stats().missedSteps()).isZero();
    }

    /** Polls that found nothing new per frame, from the {@code from}-th frame on. */
    private static double emptyPollsPerFrame(
            Sampler sampler, long duplicatesBefore, long framesBefore) {
        SamplerStats now = sampler.stats();
        return (double) (now.duplicatesSkipped() - duplicatesBefore)
                / (now.frames() - framesBefore);
    }

    @Test
    void aGameSteppingAt333HzIsSampledAtItsRateWithOneWakeUpPerStep() {
        Sampler sampler = sampler(gameClock(n -> n * 3 * MS));
        List<TelemetryFrame> frames = run(sampler, 3); // warm-up, and the step learned
        SamplerStats before = sampler.stats();
        frames.addAll(run(sampler, 23));

        assertNoStepMissed(frames, sampler);
        List<TelemetryFrame> measured = frames.subList((int) before.frames(), frames.size());
        double seconds =
                (measured.get(measured.size() - 1).getMonotonicNs()
                                - measured.get(0).getMonotonicNs())
                        / 1e9;
        assertThat(measured.size() / seconds)
                .isCloseTo(333.3, org.assertj.core.data.Offset.offset(0.1));
        // One poll per step, plus one every ~32 steps that came 1/32 ms too early (the 1 kHz
        // schedule: 2 per step).
        assertThat(emptyPollsPerFrame(sampler, before.duplicatesSkipped(), before.frames()))
                .isBetween(0.025, 0.04);
        // Each step is read within a poll period of being written: 0 to 0.969 ms (1 - 1/32) after
        // it.
        for (TelemetryFrame f : measured) {
            long writtenAt = (f.getPhysics().getPacketId() + TICK_OF_PACKET_0) * 3 * MS;
            assertThat(f.getMonotonicNs() - writtenAt).isBetween(0L, 968_750L);
        }
    }

    @Test
    void lateStepsAreStillCaught() {
        // A step 1.9 ms late among punctual ones (at ~7.5 s). Two late ones in a row, 2.5 and 1.5
        // ms
        // (~8 s): caught because one late find moves the schedule by a poll period at most. Then
        // from 9 s on every step late by 0 to 2 ms at random, so steps come 1 to 5 ms apart: the
        // 1 ms schedule catches them all, and so must this one.
        Random random = new Random(42);
        long[] late = new long[20_000];
        late[2500] = 1_900_000;
        late[2700] = 2_500_000;
        late[2701] = 1_500_000;
        for (int n = 3000; n < late.length; n++) {
            late[n] = (long) (random.nextDouble() * 2 * MS);
        }
        Sampler sampler = sampler(gameClock(n -> n * 3 * MS + late[n]));
        List<TelemetryFrame> frames = run(sampler, 3);
        SamplerStats before = sampler.stats();
        frames.addAll(run(sampler, 40));

        assertNoStepMissed(frames, sampler);
        assertThat(frames).hasSizeGreaterThan(12_000);
        assertThat(emptyPollsPerFrame(sampler, before.duplicatesSkipped(), before.frames()))
                .as("jittery steps cost more polls, still fewer than the 2 per step at 1 kHz")
                .isLessThan(1.0);
    }

    @Test
    void aGameFasterThanExpectedFromTheStartLosesNothing() {
        // 400 Hz: the step is learned before the schedule locks on, so nothing is lost (as at 1
        // kHz).
        Sampler fast = sampler(gameClock(n -> n * 2_500_000L));
        List<TelemetryFrame> frames = run(fast, 10);
        assertNoStepMissed(frames, fast);
        double seconds =
                (frames.get(frames.size() - 1).getMonotonicNs() - frames.get(0).getMonotonicNs())
                        / 1e9;
        assertThat(frames.size() / seconds)
                .isCloseTo(400, org.assertj.core.data.Offset.offset(0.5));
    }

    @ParameterizedTest(name = "speeds up at {0} ms")
    @ValueSource(longs = {5000, 5040, 5081, 5122, 5160, 5201})
    void aGameThatSpeedsUpWhileLockedOnLosesAFewSteps(long switchAtMs) {
        // 333 Hz, then from 5 s on 400 Hz: the schedule, locked on 3 ms, loses a few steps until
        // the steps it times are shorter than its own, polls at 1 ms again until it has timed the
        // new step, then wakes once per 2.5 ms step. (Polling at 1 kHz throughout loses none; a
        // game
        // that speeds up by less than 4 % loses none either.)
        long switchAt = switchAtMs * MS;
        int switchTick = (int) (switchAt / (3 * MS));
        Sampler speedingUp =
                sampler(
                        gameClock(
                                n ->
                                        n <= switchTick
                                                ? n * 3 * MS
                                                : switchAt + (n - switchTick) * 2_500_000L));
        run(speedingUp, 6);
        assertThat(speedingUp.stats().missedSteps())
                .as("lost, whatever the phase of the change")
                .isBetween(1L, 8L);
        SamplerStats relearned = speedingUp.stats();
        List<TelemetryFrame> after = run(speedingUp, 15);
        assertThat(speedingUp.stats().missedSteps())
                .as("none once the new step is timed")
                .isEqualTo(relearned.missedSteps());
        assertThat(after.size() / 9.0)
                .as("frames per second")
                .isCloseTo(400, org.assertj.core.data.Offset.offset(1.0));
        assertThat(
                        emptyPollsPerFrame(
                                speedingUp, relearned.duplicatesSkipped(), relearned.frames()))
                .as("locked on the 2.5 ms step")
                .isLessThan(0.15);
    }

    @Test
    void aGameCatchingUpAfterAStallOfItsOwnLosesWhatItNeverShowedAndStaysLockedOn() {
        // At ~6 s the game stalls 6 ms, then writes three steps at once: only the last is ever in
        // its
        // memory. That is two steps lost whatever the schedule; it keeps waking once per step.
        int stall = 2000;
        Sampler sampler =
                sampler(
                        gameClock(
                                n ->
                                        n >= stall && n < stall + 2
                                                ? (stall + 2) * 3 * MS
                                                : n * 3 * MS));
        run(sampler, 6);
        SamplerStats before = sampler.stats();
        run(sampler, 7);

        assertThat(sampler.stats().missedSteps()).isEqualTo(2);
        assertThat(emptyPollsPerFrame(sampler, before.duplicatesSkipped(), before.frames()))
                .as("not polling at 1 kHz again, which would make it 2")
                .isLessThan(0.15);
    }

    @Test
    void aPausedGameIsPolledOncePerStepAndItsFirstStepsAfterwardAreCaught() {
        // 5 % into the first lap the game is paused for 2 s (physics frozen, status pause).
        Scenario pausing =
                Scenario.laps(1, 3).with(new ScenarioEvent(ScenarioEvent.Kind.PAUSE, 1, 0.05, 2));
        Sampler sampler =
                new Sampler(
                        new SimulatedPageSource(pausing, gameClock(n -> n * 3 * MS)),
                        SamplerOptions.defaults().withSessionId("schedule").withTime(time));
        List<TelemetryFrame> frames = run(sampler, 4);
        SamplerStats before = sampler.stats();
        frames.addAll(run(sampler, 30));

        List<TelemetryFrame> live =
                frames.stream().filter(f -> f.getState() == SampleState.SAMPLE_STATE_LIVE).toList();
        assertNoStepMissed(live, sampler);
        assertThat(frames)
                .extracting(TelemetryFrame::getState)
                .containsOnlyOnce(SampleState.SAMPLE_STATE_PAUSED);
        assertThat(sampler.stats().pausedNanos()).isBetween(1_900_000_000L, 2_000_000_000L);
        // ~670 polls through the pause instead of 2,000, and ~250 (one every ~32 steps) in 26 s of
        // driving.
        long emptyPolls = sampler.stats().duplicatesSkipped() - before.duplicatesSkipped();
        assertThat(emptyPolls).isBetween(850L, 1000L);
    }

    @Test
    void framesAreHandedOnInFullBatchesWhileDrivingAndNoneWaitsLongerThan100Ms() {
        // Driving, then paused for 2 s 5 % into the first lap, then driving again.
        Scenario pausing =
                Scenario.laps(1, 3).with(new ScenarioEvent(ScenarioEvent.Kind.PAUSE, 1, 0.05, 2));
        Sampler sampler =
                new Sampler(
                        new SimulatedPageSource(pausing, gameClock(n -> n * 3 * MS)),
                        SamplerOptions.defaults().withSessionId("schedule").withTime(time));
        List<TelemetryFrame> frames = new ArrayList<>();
        List<Long> handedOnAt = new ArrayList<>();
        sampler.run(
                frame -> {
                    frames.add(frame);
                    handedOnAt.add(time.nanoTime());
                },
                () -> time.nanoTime() >= 12 * SECOND);

        List<Integer> batches = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            assertThat(handedOnAt.get(i) - frames.get(i).getMonotonicNs())
                    .as("frame %d's wait", i)
                    .isBetween(
                            0L,
                            100 * MS + 3 * MS); // checked at each poll, one step apart while paused
            if (i == 0 || !handedOnAt.get(i).equals(handedOnAt.get(i - 1))) {
                batches.add(0);
            }
            batches.set(batches.size() - 1, batches.get(batches.size() - 1) + 1);
        }
        assertThat(batches).allMatch(size -> size <= 32);
        // Every batch is full but those cut short: the last before the pause (by its wait) and the
        // pause's
        // marker with what was left, and the run's last.
        assertThat(batches.stream().filter(size -> size < 32)).hasSizeLessThanOrEqualTo(3);
        assertThat(frames)
                .extracting(TelemetryFrame::getState)
                .containsOnlyOnce(SampleState.SAMPLE_STATE_PAUSED);
        int marker =
                frames.stream()
                        .map(TelemetryFrame::getState)
                        .toList()
                        .indexOf(SampleState.SAMPLE_STATE_PAUSED);
        assertThat(handedOnAt.get(marker))
                .as("the marker goes at once")
                .isEqualTo(frames.get(marker).getMonotonicNs());
        assertThat(frames.size()).isGreaterThan(2700);
    }

    @Test
    void pollsFollowAnAbsoluteScheduleWithoutDrift() {
        // Every wake-up comes 0 to 0.4 ms late, and once the OS wakes the sampler 10.4 ms late.
        Random random = new Random(7);
        List<Long> deadlines = new ArrayList<>();
        TimeSource lateWakeUps =
                new HookedTime(
                        time,
                        deadline -> {
                            deadlines.add(deadline);
                            time.advance(
                                    deadlines.size() == 3000
                                            ? 10_400_000
                                            : random.nextInt(400_000));
                        });
        Sampler sampler =
                new Sampler(
                        new SimulatedPageSource(Scenario.laps(1, 3), time::nanoTime),
                        SamplerOptions.defaults().withTime(lateWakeUps));
        List<TelemetryFrame> frames = new ArrayList<>();
        sampler.run(frames::add, () -> time.nanoTime() >= 20 * SECOND);

        // The lateness does not add up: every step is read within a poll period plus one wake-up's
        // lateness (1.4 ms) of being written, except the one read after the stall.
        long lateReads =
                frames.stream()
                        .filter(
                                f -> {
                                    long writtenAt =
                                            (f.getPhysics().getPacketId() + TICK_OF_PACKET_0)
                                                    * 3
                                                    * MS;
                                    return f.getMonotonicNs() - writtenAt > 1_400_000L;
                                })
                        .count();
        assertThat(lateReads).isLessThanOrEqualTo(1);
        assertThat(sampler.stats().missedSteps()).as("the stall's").isBetween(3L, 4L);
        // Polls the stall slept through are skipped, not queued.
        assertThat(deadlines.get(3000)).isGreaterThan(deadlines.get(2999) + 10_400_000);
        assertThat(frames.size()).isGreaterThan(6000);
    }
}
