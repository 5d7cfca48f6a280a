package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.job.frame.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad sample is one bad sample: at the bridge's 333 Hz a glitched graphics page is sampled
 * until the next render (five samples here), a logger sees it once. Whatever the value, the laps
 * are those of the clean drive, the lap's aggregates stay finite and equal, and the lap counts the
 * samples it ignored, per kind.
 */
class GlitchesTest {

    record Kind(String name, Consumer<Frame> glitch, ToIntFunction<LapRow> counted, boolean page) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Kind> KINDS =
            List.of(
                    new Kind(
                            "a counter of -1",
                            f -> f.completedLaps = -1,
                            l -> l.ignoredCounterSamples,
                            true),
                    new Kind(
                            "a counter jumping by 5",
                            f -> f.completedLaps += 5,
                            l -> l.ignoredCounterSamples,
                            true),
                    new Kind(
                            "a lap clock of hours",
                            f -> f.currentLapMs = 13_000_000,
                            l -> l.ignoredLapClockSamples,
                            true),
                    new Kind(
                            "a lap clock dropping to 0",
                            f -> f.currentLapMs = 0,
                            l -> l.ignoredLapClockSamples,
                            true),
                    new Kind(
                            "a last-lap time of 35,791 minutes",
                            f -> f.lastLapMs = Integer.MAX_VALUE,
                            l -> l.ignoredLastLapSamples,
                            true),
                    new Kind(
                            "a negative last-lap time",
                            f -> f.lastLapMs = -1,
                            l -> l.ignoredLastLapSamples,
                            true),
                    new Kind(
                            "a spline position jumping half a lap",
                            f -> f.normalizedCarPos = (f.normalizedCarPos + 0.5f) % 1f,
                            l -> l.ignoredSplineSamples,
                            true),
                    new Kind(
                            "a NaN speed",
                            f -> f.speedKmh = Float.NaN,
                            l -> l.ignoredNonFiniteSamples,
                            false),
                    new Kind(
                            "an infinite throttle",
                            f -> f.gas = Float.POSITIVE_INFINITY,
                            l -> l.ignoredNonFiniteSamples,
                            false),
                    new Kind(
                            "a NaN tyre temperature",
                            f -> f.tyreCoreTempC = new float[] {Float.NaN, 80, 80, 80},
                            l -> l.ignoredNonFiniteSamples,
                            false));

    static Stream<Arguments> kindsAtRates() {
        List<Arguments> all = new ArrayList<>();
        for (double hz : new double[] {333.33, 10, 2.5}) {
            for (Kind k : KINDS) all.add(Arguments.of(k, hz));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} at {1} Hz")
    @MethodSource("kindsAtRates")
    void oneBadSampleChangesNoLapAndIsCountedOnItsLap(Kind kind, double hz) {
        List<Frame> clean = drive(hz);
        List<Frame> glitched = clean.stream().map(Frame::withoutRaw).toList();
        int at = middleOfLap(glitched, 1);
        // at 333 Hz a bad page value lasts until the next render; a physics value, one step
        int samples = hz > 300 && kind.page() ? 5 : 1;
        for (int i = at; i < at + samples; i++) {
            Frame f = glitched.get(i);
            if (f.tyreCoreTempC != null) f.tyreCoreTempC = f.tyreCoreTempC.clone();
            kind.glitch().accept(f);
        }
        Rows expected = Rows.track(clean);
        Rows rows = Rows.track(glitched);

        assertSameLaps(rows, expected);
        LapRow lap = rows.laps.get(1);
        assertThat(kind.counted().applyAsInt(lap)).isEqualTo(samples);
        assertThat(rows.laps)
                .filteredOn(l -> l != lap)
                .allSatisfy(l -> assertThat(kind.counted().applyAsInt(l)).isZero());
        LapRow before = expected.laps.get(1);
        assertThat(lap.topSpeedKmh).isEqualTo(before.topSpeedKmh);
        assertThat(lap.avgSpeedKmh).isCloseTo(before.avgSpeedKmh, within(0.5f));
        assertThat(lap.fullThrottlePct).isCloseTo(before.fullThrottlePct, within(0.5f));
        assertThat(lap.tyreCoreTempAvgFlC).isCloseTo(before.tyreCoreTempAvgFlC, within(0.5f));
        assertThat(lap.distanceM).isCloseTo(before.distanceM, within(5f));
    }

    @Test
    void aGlitchedLastLapTimeRightAfterTheCounterStepIsNeverTheLapsTime() {
        Drive d = Drive.practice("g").at(0.5);
        d.lastLapLagFrames = 60;
        d.laps(3).drive(2);
        List<Frame> frames = d.frames.stream().map(Frame::withoutRaw).toList();
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i).completedLaps > frames.get(i - 1).completedLaps) {
                for (int k = i; k < i + 5; k++) frames.get(k).lastLapMs = Integer.MAX_VALUE;
            }
        }
        Rows rows = Rows.track(frames);

        assertThat(rows.officialTimes().subList(0, 3))
                .containsExactlyElementsOf(Rows.track(d.frames).officialTimes().subList(0, 3));
        // counted on the lap they fell in: the one just begun
        assertThat(rows.laps).extracting(l -> l.ignoredLastLapSamples).containsExactly(0, 5, 5, 5);
    }

    @Test
    void aBadFirstAndLastSampleOfALogAreIgnoredToo() {
        List<Frame> frames = drive(10).stream().map(Frame::withoutRaw).toList();
        frames.get(0).completedLaps = -1;
        frames.get(0).speedKmh = Float.NaN;
        frames.get(frames.size() - 1).currentLapMs = -5;
        Rows rows = Rows.track(frames);

        assertSameLaps(rows, Rows.track(drive(10)));
        assertThat(rows.laps.get(0).ignoredCounterSamples).isEqualTo(1);
        assertThat(rows.laps.get(0).ignoredNonFiniteSamples).isEqualTo(1);
        assertThat(rows.laps.get(rows.laps.size() - 1).ignoredLapClockSamples).isEqualTo(1);
    }

    @Test
    void aCarPositionJumpingAwayForOneRenderIsNotATeleport() {
        List<Frame> frames = drive(333.33).stream().map(Frame::withoutRaw).toList();
        int at = middleOfLap(frames, 1);
        for (int i = at; i < at + 5; i++) frames.get(i).posX += 5_000f;
        Rows rows = Rows.track(frames);

        assertSameLaps(rows, Rows.track(drive(333.33)));
        assertThat(rows.laps.get(1).ignoredPositionSamples).isEqualTo(5);
    }

    @Test
    void aCounterThatStaysDownIsARestartNotAGlitch() {
        Drive d = Drive.practice("g").at(0.5).laps(2).driveTo(0.3).restart(0.9).laps(1);
        Rows rows = Rows.track(Producers.logger(d.frames, 10, 4));

        assertThat(rows.laps).extracting(l -> l.run).containsExactly(1, 1, 1, 2, 2);
        assertThat(rows.laps).allSatisfy(l -> assertThat(l.ignoredCounterSamples).isZero());
    }

    /** An out lap from half way, two flying laps at slightly different paces, and a little more. */
    private static List<Frame> drive(double hz) {
        Drive d = Drive.practice("g").at(0.5);
        d.laps(1);
        d.pace = 1.01;
        d.laps(1);
        d.pace = 0.99;
        d.laps(1).drive(2);
        return hz > 300 ? d.frames : Producers.logger(d.frames, hz, 11);
    }

    private static int middleOfLap(List<Frame> frames, int completedLaps) {
        List<Integer> lap = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++)
            if (frames.get(i).completedLaps == completedLaps) lap.add(i);
        // the start of a render at 333 Hz: the page changes there
        int i = lap.get(lap.size() / 2);
        while (frames.get(i).currentLapMs == frames.get(i - 1).currentLapMs) i++;
        return i;
    }

    private static void assertSameLaps(Rows rows, Rows expected) {
        assertThat(rows.classes()).isEqualTo(expected.classes());
        assertThat(rows.laps)
                .extracting(l -> l.run)
                .isEqualTo(expected.laps.stream().map(l -> l.run).toList());
        assertThat(rows.laps)
                .extracting(l -> l.lapNumber)
                .isEqualTo(expected.laps.stream().map(l -> l.lapNumber).toList());
        assertThat(rows.officialTimes()).isEqualTo(expected.officialTimes());
        assertThat(rows.laps)
                .extracting(l -> l.valid)
                .isEqualTo(expected.laps.stream().map(l -> l.valid).toList());
        for (int i = 0; i < rows.laps.size(); i++) {
            assertThat(rows.laps.get(i).computedLapTimeMs)
                    .isCloseTo(expected.laps.get(i).computedLapTimeMs, within(2));
        }
    }
}
