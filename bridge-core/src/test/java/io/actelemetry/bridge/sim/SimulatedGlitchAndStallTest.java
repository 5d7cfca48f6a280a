package io.actelemetry.bridge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.proto.v1.AcStatus;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Single impossible samples and loading hitches, as real logs have them. */
class SimulatedGlitchAndStallTest {

    @Test
    void aGlitchIsOneFrameWithOneImpossibleValueAndChangesNothingElse() {
        Set<Glitch> seen = EnumSet.noneOf(Glitch.class);
        // Seeds whose draws give every variant.
        for (long seed : new long[] {1, 2, 6, 7, 10}) {
            Scenario plain = Scenario.laps(1, seed);
            List<TelemetryFrame> frames =
                    SimulatedSession.frames(
                                    Scenario.parse(
                                            "scenario=laps,laps=1,seed="
                                                    + seed
                                                    + ",events=glitch@1.1"))
                            .limit(8000)
                            .toList();
            List<TelemetryFrame> without = SimulatedSession.frames(plain).limit(8000).toList();
            List<FrameGlitches.Found> found = FrameGlitches.find(frames);
            assertThat(found).as("seed %d", seed).hasSize(1);
            int i = found.get(0).index();
            Glitch glitch = found.get(0).glitch();
            seen.add(glitch);
            TelemetryFrame before = frames.get(i - 1);
            TelemetryFrame after = frames.get(i + 1);
            Graphics g = frames.get(i).getGraphics();
            // The neighbours are normal and agree with each other (the glitch is on this frame
            // alone).
            assertThat(after.getGraphics().getCompletedLaps())
                    .isEqualTo(before.getGraphics().getCompletedLaps());
            // Two steps apart, the page before up to a render older: 18 + 3 ms at most.
            assertThat(
                            after.getGraphics().getCurrentLapMs()
                                    - before.getGraphics().getCurrentLapMs())
                    .isBetween(0, 21);
            assertThat(after.getPhysics().getSpeedKmh())
                    .isCloseTo(before.getPhysics().getSpeedKmh(), within(1f));
            if (glitch == Glitch.NAN_SPEED) {
                assertThat(g.getPacketId())
                        .isIn(
                                before.getGraphics().getPacketId(),
                                after.getGraphics().getPacketId());
            } else {
                assertThat(g.getPacketId())
                        .isNotIn(
                                before.getGraphics().getPacketId(),
                                after.getGraphics().getPacketId());
                assertThat(
                                glitch == Glitch.COUNTER_MINUS_ONE
                                        || glitch == Glitch.COUNTER_PLUS_FIVE
                                        || g.getCompletedLaps()
                                                == before.getGraphics().getCompletedLaps())
                        .isTrue();
            }
            // The driving is the same as without the glitch, but for the glitched value.
            assertThat(frames).hasSameSizeAs(without);
            for (int k = 0; k < frames.size(); k++) {
                var p = frames.get(k).getPhysics();
                if (k == i && glitch == Glitch.NAN_SPEED) {
                    p =
                            p.toBuilder()
                                    .setSpeedKmh(without.get(k).getPhysics().getSpeedKmh())
                                    .build();
                }
                assertThat(p).isEqualTo(without.get(k).getPhysics());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Glitch.values());
    }

    @Test
    void aStallFreezesBothPagesLiveAndTheLapGoesOnWhereItWas() {
        Scenario scenario = Scenario.parse("scenario=laps,laps=1,seed=5,events=stall@1.25/4");
        List<TelemetryFrame> frames = SimulatedSession.frames(scenario).limit(12_000).toList();
        int first = 0;
        while (frames.get(first).getState() == SampleState.SAMPLE_STATE_LIVE) {
            first++;
        }
        TelemetryFrame before = frames.get(first - 1);
        int resumed = first;
        while (frames.get(resumed).getState() != SampleState.SAMPLE_STATE_LIVE) {
            // The sampler's markers while the game hangs: nothing moved, and the status says live.
            TelemetryFrame marker = frames.get(resumed);
            assertThat(marker.getPhysics().getPacketId())
                    .isEqualTo(before.getPhysics().getPacketId());
            assertThat(marker.getGraphics().getPacketId())
                    .isEqualTo(before.getGraphics().getPacketId());
            assertThat(marker.getGraphics().getStatus()).isEqualTo(AcStatus.AC_STATUS_LIVE_VALUE);
            resumed++;
        }
        assertThat(resumed).isGreaterThan(first);
        TelemetryFrame after = frames.get(resumed);
        assertThat(after.getCaptureUnixNs() - before.getCaptureUnixNs())
                .isBetween(4_000_000_000L, 4_200_000_000L);
        assertThat(after.getPhysics().getPacketId() - before.getPhysics().getPacketId())
                .isBetween(1, 5);
        Graphics a = after.getGraphics();
        Graphics b = before.getGraphics();
        assertThat(a.getCompletedLaps()).isEqualTo(b.getCompletedLaps());
        // Neither reset nor advanced by the stall: a few steps and a render on from where it
        // stopped.
        assertThat(a.getCurrentLapMs() - b.getCurrentLapMs()).isBetween(0, 40);
        assertThat(b.getCurrentLapMs()).isGreaterThan(20_000);
        assertThat(a.getCarCoordinates().getX())
                .isCloseTo(b.getCarCoordinates().getX(), within(4f));
        assertThat(a.getCarCoordinates().getZ())
                .isCloseTo(b.getCarCoordinates().getZ(), within(4f));
        assertThat(after.getPhysics().getSpeedKmh())
                .isCloseTo(before.getPhysics().getSpeedKmh(), within(2f));
        assertThat(frames.subList(resumed, frames.size()))
                .allMatch(f -> f.getState() == SampleState.SAMPLE_STATE_LIVE);
    }

    @Test
    void parsesStallsAndGlitches() {
        Scenario s =
                Scenario.parse("scenario=laps,laps=3,events=stall@2.25/4+glitch@3.5+stall@1.5");
        assertThat(s.events())
                .containsExactly(
                        new ScenarioEvent(ScenarioEvent.Kind.STALL, 2, 0.25, 4),
                        new ScenarioEvent(ScenarioEvent.Kind.GLITCH, 3, 0.5, 0),
                        new ScenarioEvent(ScenarioEvent.Kind.STALL, 1, 0.5, 2));
    }
}
