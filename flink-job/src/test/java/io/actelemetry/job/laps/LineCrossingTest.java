package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.job.frame.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A lap line is an event over a short window: the counter step, the clock reset and the new
 * last-lap time arrive in any order, a few polls apart at the physics rate and a whole sample apart
 * at 2.5 Hz; resampled exports put an interpolated clock at the line. Every order, at every rate
 * from the bridge's 333 Hz down to a 2.5 Hz logger, gives the same laps with the game's times, and
 * a restart stays a restart.
 */
class LineCrossingTest {

    /**
     * Physics steps (3 ms) after the crossing at which each field shows: counter, clock reset,
     * last-lap time.
     */
    static Stream<Arguments> orders() {
        return Stream.of(
                Arguments.of("all in one render", 0, 0, 0),
                Arguments.of("clock a poll before the counter", 40, 0, 40),
                Arguments.of("counter a poll before the clock", 0, 40, 60),
                Arguments.of("last-lap time before the counter and the clock", 40, 40, 0),
                Arguments.of("counter a whole 2.5 Hz sample after the clock", 150, 0, 150),
                Arguments.of("clock a whole 2.5 Hz sample after the counter", 0, 150, 200),
                Arguments.of("last-lap time a second after the counter", 0, 0, 330));
    }

    static Stream<Arguments> ordersAtRates() {
        List<Arguments> all = new ArrayList<>();
        for (double hz : new double[] {333.33, 55, 10, 5, 2.5}) {
            orders().forEach(
                            o -> {
                                Object[] a = o.get();
                                all.add(Arguments.of(a[0], a[1], a[2], a[3], hz));
                            });
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} at {4} Hz")
    @MethodSource("ordersAtRates")
    void everyOrderAtEveryRateGivesTheLapsWithTheGamesTimes(
            String order, int counterLag, int clockLag, int lastLapLag, double hz) {
        Drive d = Drive.practice("lines").at(0.5);
        d.counterLagFrames = counterLag;
        d.clockLagFrames = clockLag;
        d.lastLapLagFrames = lastLapLag;
        lapsAtDifferentPaces(d);
        List<Frame> frames = hz > 300 ? d.frames : Producers.logger(d.frames, hz, 7);
        Rows rows = Rows.track(frames);

        assertThat(rows.classes()).containsExactly("out", "flying", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.run).containsOnly(1);
        assertThat(rows.laps).extracting(l -> l.lapNumber).containsExactly(1, 2, 3, 4);
        assertThat(rows.officialTimes().subList(0, 3)).containsExactlyElementsOf(truth(d));
        assertThat(rows.laps.subList(1, 3))
                .allSatisfy(
                        l -> {
                            assertThat(l.lapTimeComputed).isFalse();
                            // the crossing placed where the new lap's clock started: to a render
                            // frame, whatever the rate
                            assertThat(l.computedLapTimeMs)
                                    .isCloseTo(l.officialLapTimeMs, within(20));
                        });
        assertThat(rows.verdicts).singleElement().satisfies(v -> assertThat(v.trusted).isTrue());
    }

    @Test
    void anInterpolatedClockAtTheLineOfAResampledExportIsOneCrossing() {
        Drive d = Drive.practice("motec").at(0.5);
        lapsAtDifferentPaces(d);
        List<Frame> frames = Producers.logger(d.frames, 10, 3);
        int[] clocks = frames.stream().mapToInt(f -> f.currentLapMs).toArray();
        int dips = 0;
        for (int i = 1; i < frames.size(); i++) {
            if (clocks[i] < clocks[i - 1]) {
                // the export's sample at the line reads halfway between the old lap's end and the
                // new lap's start
                Frame at = frames.get(i);
                long oldLapEndMs =
                        clocks[i - 1]
                                + (at.monotonicNs - frames.get(i - 1).monotonicNs) / 1_000_000L
                                - clocks[i];
                at.currentLapMs = (int) ((oldLapEndMs + clocks[i]) / 2);
                dips++;
            }
        }
        assertThat(dips).isEqualTo(3);
        Rows rows = Rows.track(frames);

        assertThat(rows.classes()).containsExactly("out", "flying", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.run).containsOnly(1);
        assertThat(rows.officialTimes().subList(0, 3)).containsExactlyElementsOf(truth(d));
        assertThat(rows.laps.subList(1, 3))
                .allSatisfy(
                        l -> {
                            assertThat(l.computedLapTimeMs)
                                    .isCloseTo(
                                            l.officialLapTimeMs,
                                            within(120)); // to a sample of 10 Hz
                            assertThat(l.ignoredLapClockSamples)
                                    .isZero(); // an interpolated clock is not a glitch
                        });
    }

    @Test
    void aClockResetAwayFromTheLineWithoutACounterStepIsARestart() {
        // a track change: the counter stays 0 and the clock jumps from 138 s back to 0
        Drive d = Drive.practice("track-change").at(0.1).drive(20);
        d.restart(0.3);
        d.drive(20);
        List<Frame> frames = Producers.logger(d.frames, 10, 5);
        Rows rows = Rows.track(frames);

        assertThat(rows.classes()).containsExactly("incomplete", "incomplete");
        assertThat(rows.laps).extracting(l -> l.run).containsExactly(1, 2);
        assertThat(rows.laps.get(0).computedLapTimeMs).isCloseTo(20_000, within(150));
    }

    @Test
    void aCounterGoingDownRightAfterTheLineIsARestartNotAPhantomLap() {
        Drive d = Drive.practice("r").at(0.9);
        d.clockLagFrames = 200; // the restart comes while the line's clock reset is still awaited
        d.laps(1);
        d.restart(0.99).laps(1).drive(2);
        Rows rows = Rows.track(Producers.logger(d.frames, 10, 1));

        assertThat(rows.classes()).containsExactly("out", "incomplete", "out", "incomplete");
        assertThat(rows.laps).allSatisfy(l -> assertThat(l.lapTimeMs).isPositive());
        assertThat(rows.laps.get(0).officialLapTimeMs).isEqualTo(truth(d).get(0));
    }

    @Test
    void theLastLapsCounterStepWithNoSampleAfterItEndsTheLapWithAComputedTime() {
        Drive d = Drive.practice("end").at(0.5);
        d.officialTimes = false; // the log ends before the game shows the lap's time
        d.laps(2);
        List<Frame> logged = Producers.logger(d.frames, 10, 2);
        int lastStep = logged.size() - 1;
        while (logged.get(lastStep - 1).completedLaps == logged.get(lastStep).completedLaps)
            lastStep--;
        Rows rows =
                Rows.track(
                        logged.subList(
                                0, lastStep + 1)); // the log's last sample is the one that steps

        assertThat(rows.classes()).containsExactly("out", "flying");
        LapRow last = rows.laps.get(1);
        assertThat(last.officialLapTimeMs).isNull();
        assertThat(last.lapTimeComputed).isTrue();
        assertThat((double) last.lapTimeMs)
                .isCloseTo(d.lapTimesMs.get(1), within(20.0)); // unobservable, not zero
    }

    @Test
    void aLastLapTimeThatComesAfterAPauseRightAfterTheLineIsStillTheLaps() {
        Drive d = Drive.practice("p").at(0.9);
        d.lastLapLagFrames = 400;
        d.laps(1);
        d.pause(30); // 0.5 s after the line, before the game shows the time: the wait counts
        // driving, not the pause
        d.laps(1).drive(2);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.officialTimes().subList(0, 2)).containsExactlyElementsOf(truth(d));
    }

    /**
     * An out lap and three laps, each a little faster or slower than the one before, and a few
     * seconds more.
     */
    private static void lapsAtDifferentPaces(Drive d) {
        for (double pace : new double[] {1.0, 1.01, 0.995}) {
            d.pace = pace;
            d.laps(1);
        }
        d.drive(3);
    }

    /** The game's lap times, as it rounds them. */
    private static List<Integer> truth(Drive d) {
        return d.lapTimesMs.stream().map(t -> (int) Math.round(t)).toList();
    }
}
