package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.proto.v1.FormatVersion;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Public logs of real Assetto Corsa driving, recorded by other people's loggers (sources and
 * licences in {@code src/test/resources/real-sessions/README.md}), replayed as a producer of the
 * original contract sends them. Each official time is the last-lap value the game itself showed
 * after the counter stepped.
 */
class RealSessionsTest {

    /** alvaro-cs02/AC-Telemetry, logs/monza_2_20240730_163358.csv: Monza, Ferrari SF15-T, 10 Hz. */
    @Test
    void monzaJoinedMidOutLapHasEveryOfficialLapAndTheClockResettingBeforeTheCounterIsOneLine() {
        RealLog log = read("alvaro-monza-sf15t-10hz");
        Rows rows = Rows.track(log.frames());

        assertThat(rows.verdicts).singleElement().satisfies(v -> assertThat(v.trusted).isTrue());
        assertThat(rows.classes()).containsExactly("out", "flying", "flying", "incomplete");
        assertThat(rows.officialTimes().subList(0, 3)).isEqualTo(log.official);
        assertThat(rows.laps).extracting(l -> l.run).containsOnly(1);
        // the lap at rows 2816/2817 (clock reset one sample before the counter) is timed from the
        // line the clock shows
        assertThat(rows.laps.get(2).computedLapTimeMs).isCloseTo(96_974, within(20));
        assertThat(rows.laps.get(1).personalBest).isTrue();
        assertThat(rows.laps.get(2).deltaToBestMs).isEqualTo(96_974 - 91_083);
        assertThat(rows.laps).allSatisfy(l -> assertThat(l.sampleGaps).isZero());
    }

    /**
     * Same repository, two files of one session joined: a 62 s pause in which the logger wrote
     * nothing.
     */
    @Test
    void aPauseOfAMinuteWithNoSamplesIsPausedTimeNotDrivingAndEndsNothing() {
        RealLog log = read("alvaro-monza-sf15t-10hz-pause");
        Rows rows = Rows.track(log.frames());

        assertThat(rows.classes()).containsExactly("out", "flying", "incomplete");
        assertThat(rows.officialTimes().subList(0, 2)).isEqualTo(log.official);
        LapRow out = rows.laps.get(0);
        assertThat(out.pausedMs).isBetween(61_000L, 63_000L);
        assertThat(out.sampleGaps).isZero();
        assertThat(out.valid).isTrue();
        // the out lap is slower and not flying: the flying lap is the session's best
        assertThat(rows.laps.get(1).personalBest).isTrue();
        assertThat(rows.laps.get(1).sessionBestMs).isEqualTo(92_315);
    }

    /**
     * Same repository, Ensayos_19-06/santiago_higuera_20240619_181447.csv: nine runs down a
     * point-to-point road at 2.5 Hz, the counter 0 -> 1 at each finish and back to 0 at the next
     * start, a track change with the counter staying 0, no spline position.
     */
    @Test
    void nineRunsOfAPointToPointRoadAtTwoAndAHalfHertzEachGiveTheirOfficialTime() {
        RealLog log = read("alvaro-m608-abarth500-2p5hz");
        Rows rows = Rows.track(log.frames());

        List<LapRow> timed = rows.laps.stream().filter(l -> l.officialLapTimeMs != null).toList();
        assertThat(timed).extracting(l -> l.officialLapTimeMs).isEqualTo(log.official);
        assertThat(timed)
                .allSatisfy(
                        l -> {
                            assertThat(l.lapNumber).isEqualTo(1);
                            assertThat(l.lapClass).isEqualTo("flying");
                            assertThat(l.lapTimeComputed).isFalse();
                            assertThat(l.computedLapTimeMs)
                                    .isCloseTo(
                                            l.officialLapTimeMs,
                                            within(400)); // one sample at 2.5 Hz
                        });
        assertThat(rows.laps.stream().map(l -> l.run).distinct()).hasSize(9);
        // before each start the car stands at the line with the clock at zero: that approach is lap
        // 0, not a lap
        assertThat(rows.laps)
                .filteredOn(l -> l.lapNumber == 0)
                .allSatisfy(l -> assertThat(l.lapClass).isEqualTo("out"))
                .allSatisfy(l -> assertThat(l.lapTimeMs).isLessThan(5_000));
        // run 5 is left unfinished for another road (clock 138 s -> 0, counter 0): a restart, not a
        // lap
        assertThat(rows.laps)
                .filteredOn(l -> l.run == 5)
                .singleElement()
                .satisfies(l -> assertThat(l.lapClass).isEqualTo("incomplete"));
        // the log ends just before the last finish
        assertThat(rows.laps.get(rows.laps.size() - 1).lapClass).isEqualTo("incomplete");
    }

    /**
     * The three Abarth 500 logs ran side by side at 2.5, 5 and 10 Hz: the same finishes at every
     * rate.
     */
    @Test
    void theSameFinishesLoggedAtTwoAndAHalfFiveAndTenHertzGiveTheSameOfficialTimes() {
        List<Integer> at2p5 = timed(read("alvaro-m608-abarth500-2p5hz"));
        List<Integer> at5 = timed(read("alvaro-m608-abarth500-5hz"));
        List<Integer> at10 = timed(read("alvaro-m608-abarth500-10hz"));

        assertThat(at5)
                .isEqualTo(read("alvaro-m608-abarth500-5hz").official)
                .containsExactly(188_101, 176_192);
        assertThat(at10)
                .isEqualTo(read("alvaro-m608-abarth500-10hz").official)
                .containsExactly(176_192, 175_915);
        assertThat(at2p5).containsSubsequence(188_101, 176_192);
    }

    /**
     * paskalwolski/pData, a Python app in the game that keeps one sample per metre (about 53 Hz)
     * and no host clock: the log starts at counter 1 on the line, carries no per-sample last-lap
     * time, and the counter step of its last lap has no sample after it.
     */
    @Test
    void oneSamplePerMetreWithoutLastLapTimesGivesComputedFlaggedLapsAndAnIncompleteLastLap() {
        RealLog log = read("pdata-brandshatch-indy-f2013-permetre");
        Rows rows = Rows.track(log.frames());

        assertThat(rows.classes()).containsExactly("flying", "flying", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.lapNumber).containsExactly(2, 3, 4, 5);
        for (int i = 0; i < 3; i++) {
            LapRow lap = rows.laps.get(i);
            assertThat(lap.officialLapTimeMs).isNull();
            assertThat(lap.lapTimeComputed).isTrue();
            assertThat(lap.lapTimeMs).isCloseTo(log.official.get(i), within(25));
        }
        assertThat(rows.laps.get(3).lapTimeMs)
                .isCloseTo(35_733, within(25)); // the clock's last value
    }

    /**
     * AndreaBedei1/TesiAssettoCorsa (MIT), an 8 Hz recorder with only the lap clock and the spline
     * position: no counter, no last-lap time. Lines are clock resets at a spline wrap (here one
     * sample after it); the restart at row 1562 puts the car back before the line with the clock at
     * zero, and its crossing at row 1569 without a clock reset is no lap.
     */
    @Test
    void aLogWithOnlyTheLapClockAndTheSplineHasLapsWhereTheClockResetsAtTheLine() {
        RealLog log = read("tesi-imola-8hz-clock-spline-only");
        Rows rows = Rows.track(log.frames());

        assertThat(rows.classes()).containsExactly("out", "incomplete", "out", "incomplete");
        assertThat(rows.laps).extracting(l -> l.run).containsExactly(1, 1, 2, 2);
        assertThat(rows.laps.get(1).lapTimeMs)
                .isCloseTo(72_699, within(150)); // abandoned at the restart
        assertThat(rows.laps.get(2).lapTimeMs)
                .isCloseTo(126_432, within(150)); // the clock before its reset
        assertThat(rows.laps).allSatisfy(l -> assertThat(l.officialLapTimeMs).isNull());
    }

    /** The same recorder, another driver: the clock ran 15 minutes before the car moved. */
    @Test
    void aLapClockThatRanWhileTheCarStoodIsNotTheLapsTime() {
        RealLog log = read("tesi-imola-8hz-long-first-clock");
        Rows rows = Rows.track(log.frames());

        assertThat(rows.classes()).containsExactly("out", "flying", "flying", "incomplete");
        assertThat(rows.laps.get(0).lapTimeMs)
                .isBetween(100_000, 105_000); // driven, not the clock's 16:32.754
        assertThat(rows.laps.get(1).lapTimeMs).isCloseTo(96_129, within(150));
        assertThat(rows.laps.get(2).lapTimeMs).isCloseTo(93_387, within(150));
    }

    /**
     * Producers speak the original contract or this project's: the same samples give the same laps
     * either way.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "alvaro-monza-sf15t-10hz",
                "alvaro-monza-sf15t-10hz-pause",
                "alvaro-m608-abarth500-2p5hz",
                "alvaro-m608-abarth500-5hz",
                "alvaro-m608-abarth500-10hz",
                "pdata-brandshatch-indy-f2013-permetre",
                "tesi-imola-8hz-clock-spline-only",
                "tesi-imola-8hz-long-first-clock"
            })
    void theOriginalContractAndThisProjectsFormatGiveTheSameLaps(String name) {
        Rows original = Rows.track(read(name).frames());
        Rows own =
                Rows.track(
                        RealLog.read(
                                        name,
                                        "s-" + name,
                                        CAR,
                                        TRACK,
                                        FormatVersion.FORMAT_VERSION_CURRENT_VALUE)
                                .frames());

        assertThat(original.verdicts)
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.trusted).isTrue();
                            assertThat(v.formatVersion)
                                    .isEqualTo(FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE);
                        });
        assertThat(summary(original)).isNotEmpty().isEqualTo(summary(own));
    }

    private static final String CAR = "abarth500";
    private static final String TRACK = "real";

    private static RealLog read(String name) {
        return RealLog.read(name, "s-" + name, CAR, TRACK);
    }

    private static List<Integer> timed(RealLog log) {
        return Rows.track(log.frames()).officialTimes().stream()
                .filter(Objects::nonNull)
                .collect(Collectors.toList());
    }

    private static List<String> summary(Rows rows) {
        return rows.laps.stream()
                .map(
                        l ->
                                l.run
                                        + "/"
                                        + l.lapNumber
                                        + " "
                                        + l.lapClass
                                        + " "
                                        + l.lapTimeMs
                                        + " "
                                        + l.officialLapTimeMs)
                .toList();
    }
}
