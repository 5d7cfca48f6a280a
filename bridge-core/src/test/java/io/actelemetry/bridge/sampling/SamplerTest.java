package io.actelemetry.bridge.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.ScenarioEvent;
import io.actelemetry.bridge.sim.ScenarioEvent.Kind;
import io.actelemetry.bridge.sim.SimulatedPageSource;
import io.actelemetry.bridge.source.ForwardingPageSource;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.bridge.source.PageSource;
import io.actelemetry.bridge.source.TearingPageSource;
import io.actelemetry.proto.v1.AcStatus;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler against the simulated game, in virtual time. */
class SamplerTest {

    private static final long SECOND = 1_000_000_000L;

    private final VirtualTime time = new VirtualTime(1_700_000_000L * SECOND);

    private SamplerOptions options() {
        return SamplerOptions.defaults()
                .withSessionId("test-session")
                .withCarId("rig-1")
                .withTime(time);
    }

    private List<TelemetryFrame> run(Sampler sampler, long virtualSeconds) {
        List<TelemetryFrame> frames = new ArrayList<>();
        sampler.run(frames::add, () -> time.nanoTime() >= virtualSeconds * SECOND);
        return frames;
    }

    @Test
    void pollingFasterThanThePhysicsSkipsDuplicatesAndMissesNoStep() {
        Sampler sampler =
                new Sampler(
                        new SimulatedPageSource(Scenario.laps(1, 3), time::nanoTime), options());
        List<TelemetryFrame> frames = run(sampler, 20);

        assertThat(frames)
                .hasSizeGreaterThan(5000)
                .allMatch(f -> f.getState() == SampleState.SAMPLE_STATE_LIVE);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).getPhysics().getPacketId())
                    .isEqualTo(frames.get(i - 1).getPhysics().getPacketId() + 1);
            assertThat(frames.get(i).getSequence()).isEqualTo(i + 1);
        }
        assertThat(frames.get(0).getSequence()).isEqualTo(1);
        assertThat(frames.get(0).getPhysics().getPacketId())
                .as("packetId 0 is the warm-up")
                .isPositive();
        SamplerStats stats = sampler.stats();
        // Polls at 1 ms through the warm-up (~1 s) and while the step is learned (~0.4 s); then one
        // per 3 ms step, plus one every ~32 steps that comes too early (SamplerScheduleTest).
        assertThat(stats.duplicatesSkipped())
                .isBetween(frames.size() / 40L + 1000, frames.size() / 25L + 1400);
        assertThat(stats.missedSteps()).isZero();
        assertThat(stats.frames()).isEqualTo(frames.size());
        assertThat(stats.state()).isEqualTo(SamplerState.LIVE);
        // The achieved rate is the physics rate: 333 frames per second of game time once live.
        double liveSeconds =
                (frames.get(frames.size() - 1).getMonotonicNs() - frames.get(0).getMonotonicNs())
                        / 1e9;
        assertThat(frames.size() / liveSeconds)
                .isCloseTo(333.3, org.assertj.core.data.Offset.offset(1.0));
        assertThat(frames)
                .allMatch(
                        f ->
                                f.getSessionId().equals("test-session")
                                        && f.getCarId().equals("rig-1"));
        assertThat(frames.get(1).getCaptureUnixNs() - frames.get(0).getCaptureUnixNs())
                .isEqualTo(3_000_000);
    }

    @Test
    void tornCopiesAreRetriedAndCounted() {
        PageSource game = new SimulatedPageSource(Scenario.laps(1, 3), time::nanoTime);
        TearingPageSource tearing = new TearingPageSource(game, 0);
        Sampler sampler = new Sampler(tearing, options().withCopyAttempts(3));
        List<TelemetryFrame> frames = run(sampler, 3);
        tearing.tearNext(2);
        frames.addAll(run(sampler, 4));
        tearing.tearNext(
                3); // every attempt of one sample torn: that sample is given up, the next poll
        // retries
        frames.addAll(run(sampler, 5));

        SamplerStats stats = sampler.stats();
        assertThat(stats.tornReads()).as("retries").isEqualTo(2 + 2);
        assertThat(stats.failedCopies()).isEqualTo(1);
        // Torn copies never reach the sink: the tearing source marks them with gas = packetId +
        // 0.5.
        assertThat(frames)
                .noneMatch(f -> f.getPhysics().getGas() == f.getPhysics().getPacketId() + 0.5f);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).getSequence()).isEqualTo(frames.get(i - 1).getSequence() + 1);
        }
    }

    @Test
    void pauseAndReplayAreMarkedOnceAndNotStreamedAsDriving() {
        Scenario scenario =
                Scenario.laps(2, 5)
                        .with(new ScenarioEvent(Kind.PAUSE, 1, 0.3, 4))
                        .with(new ScenarioEvent(Kind.REPLAY, 1, 0.6, 6));
        Sampler sampler = new Sampler(new SimulatedPageSource(scenario, time::nanoTime), options());
        List<TelemetryFrame> frames = run(sampler, 150);

        List<TelemetryFrame> markers =
                frames.stream().filter(f -> f.getState() != SampleState.SAMPLE_STATE_LIVE).toList();
        assertThat(markers)
                .extracting(TelemetryFrame::getState)
                .containsExactly(SampleState.SAMPLE_STATE_PAUSED, SampleState.SAMPLE_STATE_REPLAY);
        assertThat(markers.get(0).getGraphics().getStatus())
                .isEqualTo(AcStatus.AC_STATUS_PAUSE_VALUE);
        assertThat(markers.get(1).getGraphics().getStatus())
                .isEqualTo(AcStatus.AC_STATUS_REPLAY_VALUE);
        // Physics resumes where it froze: no live frame repeats a packetId, none is missing.
        List<TelemetryFrame> live =
                frames.stream().filter(f -> f.getState() == SampleState.SAMPLE_STATE_LIVE).toList();
        for (int i = 1; i < live.size(); i++) {
            assertThat(live.get(i).getPhysics().getPacketId())
                    .isEqualTo(live.get(i - 1).getPhysics().getPacketId() + 1);
        }
        // The marker comes within ~50 ms of the freeze and the gap in capture time is the pause.
        long pauseGap = gapAround(frames, markers.get(0));
        assertThat(pauseGap).isBetween(4 * SECOND, 4 * SECOND + 100_000_000L);
        SamplerStats stats = sampler.stats();
        assertThat(stats.pausedNanos()).isBetween(9 * SECOND, 10 * SECOND);
        assertThat(stats.markerFrames()).isEqualTo(2);
        assertThat(stats.state()).isEqualTo(SamplerState.LIVE);
    }

    @Test
    void staticPageIsReadAgainWhenTheSessionGoesLive() {
        // The simulated game writes its static page 0.3 s after the session went live (it is zeros
        // before).
        Sampler sampler =
                new Sampler(
                        new SimulatedPageSource(Scenario.laps(1, 3), time::nanoTime), options());
        List<TelemetryFrame> frames = run(sampler, 5);
        assertThat(frames.get(0).getStat().getMaxRpm()).isZero();
        assertThat(frames.get(0).getStat().getCarModel()).isEmpty();
        TelemetryFrame last = frames.get(frames.size() - 1);
        assertThat(last.getStat().getCarModel()).isEqualTo("sim_gt3");
        assertThat(last.getStat().getTrack()).isEqualTo("sim_ring");
        assertThat(last.getStat().getMaxRpm()).isEqualTo(8500);
        assertThat(last.getStat().getSmVersion()).isEqualTo("1.7");
        long withoutStatic = frames.stream().filter(f -> f.getStat().getMaxRpm() == 0).count();
        assertThat(withoutStatic * 3)
                .as("ms live before the static page was read")
                .isBetween(300L, 420L);
        assertThat(sampler.stats().staticReads()).isBetween(2L, 6L);
    }

    @Test
    void gameExitGoesOffThenWaitsAndAttachesToTheRestartedGame() {
        Scenario scenario = Scenario.laps(2, 9).with(new ScenarioEvent(Kind.GAME_EXIT, 1, 0.2, 2));
        SimulatedPageSource source = new SimulatedPageSource(scenario, time::nanoTime);
        Sampler sampler = new Sampler(source, options());
        List<TelemetryFrame> frames = new ArrayList<>();
        List<SamplerState> states = new ArrayList<>();
        sampler.run(
                f -> frames.add(f),
                () -> {
                    SamplerState s = sampler.stats().state();
                    if (states.isEmpty() || states.get(states.size() - 1) != s) {
                        states.add(s);
                    }
                    return time.nanoTime() > 400 * SECOND;
                });

        assertThat(states)
                .containsSubsequence(
                        SamplerState.LIVE,
                        SamplerState.OFF,
                        SamplerState.WAITING_FOR_GAME,
                        SamplerState.STARTING,
                        SamplerState.LIVE);
        int off = indexOf(frames, SampleState.SAMPLE_STATE_OFF);
        TelemetryFrame beforeExit = frames.get(off - 1);
        TelemetryFrame afterRestart = frames.get(off + 1);
        assertThat(afterRestart.getGraphics().getCompletedLaps()).isZero();
        assertThat(afterRestart.getPhysics().getPacketId())
                .isLessThan(beforeExit.getPhysics().getPacketId());
        assertThat(afterRestart.getGraphics().getCurrentLapMs())
                .as("rolling start: clock not started")
                .isZero();
        assertThat(afterRestart.getSequence())
                .as("one session, no gap")
                .isEqualTo(frames.get(off).getSequence() + 1);
        // Stale 2 s, gone 3 s, warm-up ~1 s: driving resumes about 6 s after the exit.
        long gap = afterRestart.getMonotonicNs() - beforeExit.getMonotonicNs();
        assertThat(gap).isBetween(5 * SECOND, 8 * SECOND);
        SamplerStats stats = sampler.stats();
        // At the start; again after letting go of the stale pages (still there for 2 s); the
        // restarted game.
        assertThat(stats.attaches()).isEqualTo(3);
        assertThat(stats.staticReads()).isGreaterThanOrEqualTo(2);
        // The scenario ends with the game's final exit: the sampler returns on its own.
        assertThat(source.ended()).isTrue();
        assertThat(frames.get(frames.size() - 1).getState())
                .isEqualTo(SampleState.SAMPLE_STATE_OFF);
        assertThat(frames.get(frames.size() - 2).getGraphics().getCompletedLaps()).isEqualTo(2);
    }

    @Test
    void aStallOfTheSamplerItselfIsNotAPause() {
        PageSource game = new SimulatedPageSource(Scenario.laps(1, 3), time::nanoTime);
        int[] reads = {0};
        // The sampler thread is descheduled for 80 ms between starting a poll and reading the page,
        // while the game runs on: that is a gap in the samples, not a frozen game.
        Sampler sampler =
                new Sampler(
                        new ForwardingPageSource(game) {
                            @Override
                            public int readInt(Page page, int offset) {
                                if (++reads[0] == 9000) {
                                    time.advance(80_000_000);
                                }
                                return super.readInt(page, offset);
                            }
                        },
                        options());
        List<TelemetryFrame> frames = run(sampler, 8);
        assertThat(reads[0]).isGreaterThan(9000);
        assertThat(frames).allMatch(f -> f.getState() == SampleState.SAMPLE_STATE_LIVE);
        assertThat(sampler.stats().missedSteps()).isBetween(25L, 28L);
        assertThat(sampler.stats().pausedNanos()).isZero();
    }

    private static int indexOf(List<TelemetryFrame> frames, SampleState state) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).getState() == state) {
                return i;
            }
        }
        throw new AssertionError("no frame in state " + state);
    }

    private static long gapAround(List<TelemetryFrame> frames, TelemetryFrame marker) {
        int i = frames.indexOf(marker);
        return frames.get(i + 1).getMonotonicNs() - frames.get(i - 1).getMonotonicNs();
    }
}
