package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.bridge.sim.LineCrossing;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge's simulated game (pages written byte for byte, sampled and mapped by the bridge's real
 * code) through the tracker: the demo's out lap, flying laps, off-track, in lap, pit stop, out lap
 * and game exit; a hotlap.
 */
class SimulatedDemoTest {
    private static Rows rows;

    /** The game's own lap times: each new iLastTime value, in order. */
    private static List<Integer> gameTimes;

    @BeforeAll
    static void drive() {
        rows = new Rows();
        gameTimes = new ArrayList<>();
        run(Scenario.demo(1), rows, gameTimes);
    }

    private static void run(Scenario scenario, Rows rows, List<Integer> gameTimes) {
        LapTracker tracker = new LapTracker(LapOptions.defaults());
        List<Frame> frames;
        try (Stream<Frame> s =
                SimulatedSession.frames(scenario)
                        .map(f -> FrameConverter.convert(f).withoutRaw())) {
            frames = s.toList();
        }
        for (Frame f : frames) {
            if (f.lastLapMs > 0
                    && (gameTimes.isEmpty()
                            || gameTimes.get(gameTimes.size() - 1) != f.lastLapMs)) {
                gameTimes.add(f.lastLapMs);
            }
        }
        Rows.feed(tracker, frames, rows);
        tracker.finish(rows);
    }

    @Test
    void hotlapFromARollingStart() {
        Rows hotlap = new Rows();
        List<Integer> times = new ArrayList<>();
        run(Scenario.laps(2, 3), hotlap, times);

        assertThat(hotlap.classes()).containsExactly("out", "flying", "flying", "incomplete");
        assertThat(hotlap.laps).extracting(l -> l.lapNumber).containsExactly(0, 1, 2, 3);
        assertThat(hotlap.laps.subList(1, 3))
                .extracting(l -> l.officialLapTimeMs)
                .containsExactlyElementsOf(times);
        assertThat(hotlap.laps.subList(1, 3))
                .allSatisfy(
                        l -> assertThat(l.computedLapTimeMs).isCloseTo(l.lapTimeMs, within(10)));
    }

    @Test
    void everyLapOfTheDemoWithItsClass() {
        assertThat(rows.classes())
                .containsExactly(
                        "out", "flying", "flying", "flying", "flying", "in", "out", "incomplete");
        assertThat(rows.laps).extracting(l -> l.lapNumber).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(rows.laps)
                .extracting(l -> l.invalidReason)
                .containsExactly(
                        "pit_lane", "", "tyres_out", "", "", "pit_lane", "pit_lane", "incomplete");
        assertThat(rows.laps.get(2).maxTyresOut).isEqualTo(4);
        assertThat(rows.laps.get(2).offTrackMs).isPositive();
        assertThat(rows.laps).allSatisfy(l -> assertThat(l.sampleGaps).isZero());
    }

    @Test
    void lapTimesAreTheGamesAndTheSamplesAgree() {
        List<LapRow> complete = rows.laps.subList(0, 7);
        assertThat(complete)
                .extracting(l -> l.officialLapTimeMs)
                .containsExactlyElementsOf(gameTimes);
        assertThat(complete)
                .allSatisfy(
                        l -> assertThat(l.computedLapTimeMs).isCloseTo(l.lapTimeMs, within(10)));
        LapRow exit = rows.laps.get(7);
        assertThat(exit.lapTimeComputed).isTrue();
        assertThat(exit.lapTimeMs)
                .isBetween(1_500, 2_500); // the game quits two seconds after the last line
    }

    /**
     * The demo crosses the line in every order the game writes its fields in, and carries one
     * glitched counter.
     */
    @Test
    void everyLineOrderOfTheDemoIsOneCrossingWithTheGamesTimeAndItsGlitchIsIgnored() {
        List<LineCrossing> crossings = SimulatedSession.lineCrossings(Scenario.demo(1));
        assertThat(crossings.stream().map(LineCrossing::order).distinct())
                .hasSize(LineCrossing.Order.values().length);
        assertThat(rows.laps.subList(0, 7))
                .extracting(l -> l.officialLapTimeMs)
                .containsExactlyElementsOf(crossings.stream().map(LineCrossing::lapMs).toList());
        assertThat(rows.laps).extracting(l -> l.run).containsOnly(1);
        assertThat(rows.laps)
                .extracting(l -> l.ignoredCounterSamples)
                .containsExactly(0, 0, 0, 1, 0, 0, 0, 0);
        assertThat(rows.laps.get(3).lapClass).isEqualTo("flying");
    }

    @Test
    void personalBestIsTheFastestValidFlyingLap() {
        int fastest =
                rows.laps.stream()
                        .filter(l -> l.valid && l.lapClass.equals("flying"))
                        .mapToInt(l -> l.lapTimeMs)
                        .min()
                        .orElseThrow();
        List<LapRow> bests =
                rows.laps.stream().filter(l -> l.personalBest).collect(Collectors.toList());
        assertThat(bests.get(bests.size() - 1).lapTimeMs).isEqualTo(fastest);
        assertThat(rows.laps.get(7).sessionBestMs).isEqualTo(fastest);
        assertThat(rows.laps.get(7).theoreticalBestMs).isNotNull().isLessThanOrEqualTo(fastest);
        assertThat(rows.laps.get(7).theoreticalBestMiniMs).isNotNull().isLessThanOrEqualTo(fastest);
    }

    @Test
    void flyingLapsHaveAllTheirSegments() {
        for (LapRow lap : rows.laps) {
            if (!lap.lapClass.equals("flying")) continue;
            List<SegmentRow> sectors = rows.segments(lap.lapIndex, SegmentRow.SECTOR);
            assertThat(sectors).extracting(s -> s.segmentIndex).containsExactly(0, 1, 2);
            assertThat(sectors.stream().mapToInt(s -> s.timeMs).sum()).isEqualTo(lap.lapTimeMs);
            List<SegmentRow> minis = rows.segments(lap.lapIndex, SegmentRow.MINI_SECTOR);
            assertThat(minis).hasSize(20);
            assertThat((double) minis.stream().mapToInt(s -> s.timeMs).sum())
                    .isCloseTo(lap.lapTimeMs, within(10.0));
        }
    }
}
