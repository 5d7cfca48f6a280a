package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.proto.v1.SampleState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sessions as real producers send them: logs that start late, stalls, garbage static fields, any
 * rate.
 */
class SessionsAsTheyRunTest {

    @Test
    void aLogJoinedMidLapAtCounterTwoDoesNotTakeTheLastLapTimeItNeverSaw() {
        Drive d = lapsAtDifferentPaces(Drive.practice("late").at(0.9));
        int from =
                firstIndex(d.frames, 2, 0.4f); // lap 3 at 40 %, the last-lap time showing lap 2's
        assertThat(d.frames.get(from).lastLapMs).isEqualTo(truth(d).get(1));
        Rows rows = Rows.track(Producers.logger(d.frames.subList(from, d.frames.size()), 10, 3));

        assertThat(rows.classes()).containsExactly("out", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.lapNumber).containsExactly(3, 4, 5);
        assertThat(rows.officialTimes().subList(0, 2))
                .containsExactly(truth(d).get(2), truth(d).get(3));
    }

    @Test
    void aLogJoinedJustAfterTheLineBeforeTheLastLapTimeShowedTimesItsFirstLapFromThere() {
        Drive d = Drive.practice("line").at(0.9);
        d.lastLapLagFrames = 200; // the game shows lap 2's time 0.6 s after the line
        lapsAtDifferentPaces(d);
        int from =
                firstIndex(d.frames, 2, 0f)
                        + 20; // 60 ms after the line, lap 2's time not shown yet
        assertThat(d.frames.get(from).lastLapMs).isEqualTo(truth(d).get(0));
        Rows rows = Rows.track(d.frames.subList(from, d.frames.size()));

        assertThat(rows.classes()).containsExactly("flying", "flying", "incomplete");
        assertThat(rows.officialTimes().subList(0, 2))
                .containsExactly(truth(d).get(2), truth(d).get(3));
    }

    @ParameterizedTest
    @ValueSource(ints = {SampleState.SAMPLE_STATE_PAUSED_VALUE, SampleState.SAMPLE_STATE_OFF_VALUE})
    void aStallWithTheGameStillLiveEndsNothingAndIsNotDrivingTime(int state) {
        Drive d =
                Drive.practice("stall")
                        .at(0.9)
                        .laps(1)
                        .driveTo(0.5)
                        .stall(20, state)
                        .laps(1)
                        .drive(1);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes()).containsExactly("out", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.run).containsOnly(1);
        LapRow lap = rows.laps.get(1);
        assertThat(lap.officialLapTimeMs).isEqualTo(truth(d).get(1));
        assertThat(lap.pausedMs).isCloseTo(20_000L, within(20L));
        assertThat((double) lap.computedLapTimeMs).isCloseTo(d.lapTimesMs.get(1), within(5.0));
    }

    /**
     * A logger has no packetIds and no sample state: a stall reaches it as the same sample again
     * and again.
     */
    @Test
    void aLoggerReadingAStalledGameWaitsForTheLastLapTimeInDrivingTimeOnly() {
        Drive d = Drive.practice("logged stall").at(0.9);
        d.lastLapLagFrames =
                500; // the lap's time shows 1.5 s of driving after the line: after the stall
        d.laps(1).stall(30, SampleState.SAMPLE_STATE_PAUSED_VALUE).laps(1).drive(2);
        Rows rows = Rows.track(Producers.logger(d.frames, 10, 5));

        assertThat(rows.classes()).containsExactly("out", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.run).containsOnly(1);
        assertThat(rows.officialTimes().subList(0, 2)).containsExactlyElementsOf(truth(d));
        assertThat(rows.laps.get(1).pausedMs).isCloseTo(30_000L, within(400L));
    }

    @Test
    void garbageStaticFieldsNameNothingAndChangeNoLap() {
        Drive d = Drive.practice("static").at(0.9).laps(2).drive(1);
        List<Frame> garbage =
                d.frames.stream()
                        .map(Frame::withoutRaw)
                        .peek(
                                f -> {
                                    f.carModel = "0";
                                    f.trackSplineLengthM = 1.8216880036222622e-44f;
                                })
                        .toList();
        Rows clean = Rows.track(d.frames);
        Rows rows = Rows.track(garbage);

        assertThat(rows.laps).allSatisfy(l -> assertThat(l.carModel).isNotEqualTo("0"));
        assertThat(rows.officialTimes()).isEqualTo(clean.officialTimes());
        assertThat(rows.laps)
                .extracting(l -> l.distanceM)
                .isEqualTo(clean.laps.stream().map(l -> l.distanceM).toList());
    }

    /**
     * One drive, with an off-track excursion and a pit stop, polled at every rate from 2.5 Hz to
     * the physics rate.
     */
    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {2.5, 5, 10, 55, 333.33})
    void theSameDrivingGivesTheSameLapsAtEveryRate(double hz) {
        Drive d = Drive.practice("rates").at(0.9).offTrack(0.3f, 0.45f, 3);
        d.laps(3).pitStop(6).laps(2).drive(3);
        List<Frame> frames = hz > 300 ? d.frames : Producers.every(d.frames, hz, 11);
        Rows rows = Rows.track(frames);

        assertThat(rows.classes())
                .containsExactly("out", "flying", "flying", "in", "out", "flying", "incomplete");
        assertThat(rows.officialTimes().subList(0, 6))
                .containsExactlyElementsOf(truth(d).subList(0, 6));
        assertThat(rows.laps)
                .extracting(l -> l.valid)
                .containsExactly(
                        true, false, true, false, false, true,
                        false); // off track, in and out lap invalid
        assertThat(rows.laps.get(1).invalidReason).isEqualTo("tyres_out");
        assertThat(rows.laps)
                .allSatisfy(
                        l -> {
                            assertThat(l.sampleGaps).isZero();
                            assertThat(l.missingSamples).isZero();
                        });
    }

    /**
     * Four laps, each a little faster or slower than the one before (the game's times tell them
     * apart), and 2 s.
     */
    private static Drive lapsAtDifferentPaces(Drive d) {
        for (double pace : new double[] {1.0, 1.01, 0.995, 1.02}) {
            d.pace = pace;
            d.laps(1);
        }
        return d.drive(2);
    }

    private static int firstIndex(List<Frame> frames, int completedLaps, float spline) {
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            if (f.completedLaps == completedLaps
                    && f.normalizedCarPos >= spline
                    && f.normalizedCarPos < 0.9f) return i;
        }
        throw new IllegalArgumentException("no frame at lap " + completedLaps + " / " + spline);
    }

    private static List<Integer> truth(Drive d) {
        return d.lapTimesMs.stream().map(t -> (int) Math.round(t)).toList();
    }
}
