package io.actelemetry.bridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.LineCrossing.Order;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The timing line as real AC shows it: counter, clock and last-lap time on different frames. */
class SimulatedTimingLineTest {

    @Test
    void everyOrderShowsInTheFramesAsTheGameMadeIt() {
        Set<Order> seen = EnumSet.noneOf(Order.class);
        for (long seed = 1; seed <= 4; seed++) {
            Scenario scenario = Scenario.laps(4, seed);
            List<LineCrossing> crossings = SimulatedSession.lineCrossings(scenario);
            assertThat(crossings).extracting(LineCrossing::lap).containsExactly(1, 2, 3, 4);
            List<TelemetryFrame> frames = SimulatedSession.frames(scenario).toList();
            seen.addAll(LineFrames.check(frames, crossings));
            for (int k = 1; k < crossings.size(); k++) {
                // Driving time between the crossings' steps: nothing else happens in these
                // scenarios.
                assertThat(crossings.get(k).lapMs())
                        .isEqualTo(
                                3
                                        * (crossings.get(k).physicsPacketId()
                                                - crossings.get(k - 1).physicsPacketId()));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Order.values());
    }

    @Test
    void theDemoShowsAtLeastThreeOrdersAndOneGlitch() {
        List<LineCrossing> crossings = SimulatedSession.lineCrossings(Scenario.demo(1));
        List<TelemetryFrame> frames = SimulatedSession.frames(Scenario.demo(1)).toList();
        assertThat(crossings).hasSize(7);
        assertThat(Set.copyOf(LineFrames.check(frames, crossings))).hasSizeGreaterThanOrEqualTo(3);
        List<FrameGlitches.Found> glitches = FrameGlitches.find(frames);
        assertThat(glitches).hasSize(1);
        Graphics before = frames.get(glitches.get(0).index() - 1).getGraphics();
        assertThat(before.getCompletedLaps()).as("on lap 4").isEqualTo(3);
        assertThat(before.getNormalizedCarPos()).isBetween(0.39f, 0.42f);
    }

    /**
     * Seeds whose second crossing still has fields on their way, for renders to come, when the car
     * is 1.5 m past the line: clock and counter, counter and last lap, clock and last lap.
     */
    private static final long[] CUT_SHORT = {2, 4, 14};

    private static final double PAST_THE_LINE = 0.0003;

    @Test
    void aRestartJustAfterTheLineLeavesNothingOfTheLapOnThePage() {
        for (long seed : CUT_SHORT) {
            Scenario scenario =
                    Scenario.laps(3, seed)
                            .with(
                                    new ScenarioEvent(
                                            ScenarioEvent.Kind.RESTART, 3, PAST_THE_LINE, 0));
            LineCrossing c = SimulatedSession.lineCrossings(scenario).get(1);
            assertThat(
                            c.clockPacketId() == 0
                                    || c.counterPacketId() == 0
                                    || c.lastLapPacketId() == 0)
                    .as("seed %d: a field still on its way at the restart", seed)
                    .isTrue();
            List<TelemetryFrame> frames = around(scenario, c);
            // The restart puts the car back 400 m before the line, rolling: the first page written
            // after it.
            int restart = jump(frames);
            for (TelemetryFrame f : frames.subList(0, restart)) {
                if (c.lastLapPacketId() == 0) {
                    assertThat(f.getGraphics().getLastLapMs()).isNotEqualTo(c.lapMs());
                }
                if (c.counterPacketId() == 0) {
                    assertThat(f.getGraphics().getCompletedLaps()).isEqualTo(1);
                }
            }
            for (TelemetryFrame f : frames.subList(restart, frames.size())) {
                Graphics g = f.getGraphics();
                assertThat(g.getCompletedLaps()).as("seed %d", seed).isZero();
                assertThat(g.getLastLapMs()).isZero();
                assertThat(g.getBestLapMs()).isZero();
                assertThat(g.getCurrentLapMs()).as("rolling again: no clock").isZero();
            }
        }
    }

    @Test
    void aTeleportJustAfterTheLineShowsTheLapWithTheNewClock() {
        for (long seed : CUT_SHORT) {
            Scenario scenario =
                    Scenario.laps(3, seed)
                            .with(
                                    new ScenarioEvent(
                                            ScenarioEvent.Kind.TELEPORT_TO_PITS,
                                            3,
                                            PAST_THE_LINE,
                                            0));
            List<LineCrossing> crossings = SimulatedSession.lineCrossings(scenario);
            LineCrossing c = crossings.get(1);
            assertThat(
                            c.clockPacketId() == 0
                                    || c.counterPacketId() == 0
                                    || c.lastLapPacketId() == 0)
                    .as("seed %d: a field still on its way at the teleport", seed)
                    .isTrue();
            List<TelemetryFrame> frames = around(scenario, c);
            int teleport = jump(frames);
            Graphics at = frames.get(teleport).getGraphics();
            assertThat(at.getIsInPit()).isTrue();
            assertThat(at.getCurrentLapMs()).isLessThan(20);
            for (int i = teleport; i < frames.size(); i++) {
                Graphics g = frames.get(i).getGraphics();
                assertThat(g.getCompletedLaps()).as("seed %d", seed).isEqualTo(2);
                assertThat(g.getLastLapMs()).isEqualTo(c.lapMs());
                assertThat(g.getBestLapMs())
                        .isEqualTo(Math.min(c.lapMs(), crossings.get(0).lapMs()));
                // The teleport's clock from zero, never the lap before's running on.
                if (i > teleport) {
                    assertThat(g.getCurrentLapMs())
                            .isGreaterThanOrEqualTo(
                                    frames.get(i - 1).getGraphics().getCurrentLapMs())
                            .isLessThan(4000);
                }
            }
        }
    }

    /** The frames from just before the crossing to three seconds after it. */
    private static List<TelemetryFrame> around(Scenario scenario, LineCrossing c) {
        return SimulatedSession.frames(scenario)
                .dropWhile(f -> f.getPhysics().getPacketId() < c.physicsPacketId() - 100)
                .takeWhile(f -> f.getPhysics().getPacketId() < c.physicsPacketId() + 1000)
                .toList();
    }

    /**
     * The first frame whose page has the car more than 50 m from the page before: moved by the
     * game.
     */
    private static int jump(List<TelemetryFrame> frames) {
        for (int i = 1; i < frames.size(); i++) {
            var a = frames.get(i - 1).getGraphics().getCarCoordinates();
            var b = frames.get(i).getGraphics().getCarCoordinates();
            if (Math.hypot(a.getX() - b.getX(), a.getZ() - b.getZ()) > 50) {
                return i;
            }
        }
        throw new AssertionError("the car was not moved");
    }
}
