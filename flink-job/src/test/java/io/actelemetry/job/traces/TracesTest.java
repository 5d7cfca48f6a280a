package io.actelemetry.job.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TracesTest {

    @Test
    void aLapOnItsGridEndsAtItsOfficialTime() {
        TraceSamples samples = LapDistanceTest.roundLap(); // 40.0 s by the samples' clock
        LapTrace t = Traces.resample(samples, LapDistanceTest.TRACK_M, 2f, 40_012);
        assertThat(t.distanceSource).isEqualTo("spline");
        assertThat(t.points()).isEqualTo(1001); // 0, 2, ... 2000 m
        assertThat(t.distanceM(t.points() - 1)).isEqualTo(t.lengthM);
        assertThat(t.elapsedMs[0]).isZero();
        assertThat(t.elapsedMs[t.points() - 1]).isEqualTo(40_012f);
        // halfway in half the time, scaled onto the game's clock
        assertThat(t.elapsedMs[500]).isCloseTo(20_006f, within(25f));
        for (int i = 1; i < t.points(); i++)
            assertThat(t.elapsedMs[i]).isGreaterThanOrEqualTo(t.elapsedMs[i - 1]);
        assertThat(t.hasCoordinates).isTrue();
        assertThat(t.speedKmh[300]).isEqualTo(180f);
        assertThat(t.gear[300]).isEqualTo((byte) 5);
    }

    @Test
    void aStepThatDoesNotDivideTheLapStillEndsAtTheLine() {
        LapTrace t =
                Traces.resample(LapDistanceTest.roundLap(), LapDistanceTest.TRACK_M, 3f, 40_000);
        assertThat(t.distanceM(t.points() - 2)).isLessThan(t.lengthM);
        assertThat(t.distanceM(t.points() - 1)).isEqualTo(t.lengthM);
        assertThat(t.elapsedMs[t.points() - 1]).isEqualTo(40_000f);
    }

    @Test
    void aReverseCostsItsTimeWhereItHappenedAndGainsNothingAfter() {
        LapTrace clean = Traces.resample(LapDistanceTest.roundLap(), 0f, 2f, 40_000);
        LapTrace reversed = Traces.resample(LapDistanceTest.reversedAtHalfway(), 0f, 2f, 52_000);
        assertThat(reversed.distanceSource).isEqualTo("path");
        int[] delta = Delta.of(reversed, clean);
        assertThat(delta[0]).isZero();
        assertThat(delta[delta.length - 1]).isEqualTo(12_000);
        // no phantom gain anywhere: the delta never falls by more than rounding
        for (int i = 1; i < delta.length; i++)
            assertThat(delta[i]).as("point %d", i).isGreaterThanOrEqualTo(delta[i - 1] - 2);
        // and the loss shows where the car reversed, about halfway
        int lostAt = 0;
        while (delta[lostAt] < 6_000) lostAt++;
        assertThat(reversed.distanceM(lostAt)).isCloseTo(1000f, within(40f));
    }

    @Test
    void nothingToPutOnAGrid() {
        TraceSamples one = new TraceSamples();
        one.add(0, 0, 1, 1, 0, 0, 0, 0, 0, 0);
        assertThat(Traces.resample(one, 0f, 2f, 1000)).isNull();
        assertThat(Traces.resample(LapDistanceTest.roundLap(), 0f, 2f, 0)).isNull();
    }
}
