package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.proto.v1.AcStatus;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LapTrackerTest {

    @Test
    void lapEndsWhenTheCounterIncrementsAndTakesTheGamesLaggingTime() {
        Drive d = Drive.practice("s").at(0.5).laps(4);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes())
                .containsExactly("out", "flying", "flying", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.lapIndex).containsExactly(1, 2, 3, 4, 5);
        assertThat(rows.laps).extracting(l -> l.lapNumber).containsExactly(1, 2, 3, 4, 5);
        for (int i = 0; i < 4; i++) {
            LapRow lap = rows.laps.get(i);
            long truth = Math.round(d.lapTimesMs.get(i));
            assertThat(lap.officialLapTimeMs).isEqualTo((int) truth);
            assertThat(lap.lapTimeMs).isEqualTo((int) truth);
            assertThat(lap.lapTimeComputed).isFalse();
            assertThat(lap.computedLapTimeMs).isCloseTo((int) truth, within(3));
        }
        LapRow flying = rows.laps.get(1);
        assertThat(flying.valid).isTrue();
        assertThat(flying.invalidReason).isEmpty();
        assertThat(flying.sessionId).isEqualTo("s");
        assertThat(flying.track).isEqualTo("magione");
        assertThat(flying.driver).isEqualTo("Test Driver");
        assertThat(flying.endTimeMs - flying.startTimeMs).isCloseTo(flying.lapTimeMs, within(3L));
        assertThat(rows.laps.get(2).startTimeMs).isEqualTo(flying.endTimeMs);
    }

    @Test
    void waitsForALastLapTimeThatComesLate() {
        Drive d = Drive.practice("s").at(0.9);
        d.lastLapLagFrames = 400; // 1.2 s after the counter
        d.laps(2).drive(2);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.laps.get(1).officialLapTimeMs)
                .isEqualTo((int) Math.round(d.lapTimesMs.get(1)));
        assertThat(rows.laps.get(1).lapTimeComputed).isFalse();
    }

    @Test
    void computesAndFlagsTheTimeWhenTheGameNeverGivesIt() {
        Drive d = Drive.practice("s").at(0.9);
        d.officialTimes = false;
        d.laps(3).drive(3);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes()).containsExactly("out", "flying", "flying", "incomplete");
        for (int i = 1; i < 3; i++) {
            LapRow lap = rows.laps.get(i);
            assertThat(lap.officialLapTimeMs).isNull();
            assertThat(lap.lapTimeComputed).isTrue();
            assertThat((double) lap.lapTimeMs).isCloseTo(d.lapTimesMs.get(i), within(2.0));
        }
    }

    @Test
    void hotlapModeEndsLapsOnTheClockResetWithoutACounter() {
        Drive d = Drive.practice("h").hotlap().at(0.8).laps(3);
        assertThat(d.frames.get(d.frames.size() - 1).completedLaps).isZero();
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes()).containsExactly("out", "flying", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.lapNumber).containsExactly(1, 2, 3, 4);
        assertThat(rows.laps.get(2).officialLapTimeMs)
                .isEqualTo((int) Math.round(d.lapTimesMs.get(2)));
    }

    @Test
    void aRollingStartTimesTheFirstLapFromTheLine() {
        Drive d = Drive.practice("h").hotlap().rollingStart().at(0.9).laps(2);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes()).containsExactly("out", "flying", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.lapNumber).containsExactly(0, 1, 2, 3);
        LapRow first = rows.laps.get(1);
        assertThat(first.officialLapTimeMs).isEqualTo((int) Math.round(d.lapTimesMs.get(0)));
        assertThat((double) first.computedLapTimeMs).isCloseTo(d.lapTimesMs.get(0), within(3.0));
        assertThat(rows.laps.get(0).lapTimeComputed).isTrue();
    }

    @Test
    void sessionRestartEndsTheLapAsIncompleteAndTheIndexKeepsCounting() {
        Drive d = Drive.practice("r").at(0.9).laps(2).driveTo(0.5).restart(0.95).laps(2);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes())
                .containsExactly("out", "flying", "incomplete", "out", "flying", "incomplete");
        assertThat(rows.laps).extracting(l -> l.lapIndex).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(rows.laps).extracting(l -> l.run).containsExactly(1, 1, 1, 2, 2, 2);
        assertThat(rows.laps).extracting(l -> l.lapNumber).containsExactly(1, 2, 3, 1, 2, 3);
        LapRow cut = rows.laps.get(2);
        assertThat(cut.valid).isFalse();
        assertThat(cut.invalidReason).isEqualTo("incomplete");
        assertThat(cut.officialLapTimeMs).isNull();
        assertThat(rows.laps).allSatisfy(l -> assertThat(l.lapTimeMs).isPositive());
        // the new run's flying lap keeps the game's time: no stale time from before the restart
        assertThat(rows.laps.get(4).officialLapTimeMs)
                .isEqualTo((int) Math.round(d.lapTimesMs.get(3)));
    }

    @Test
    void restartRightAfterTheLineMakesNoPhantomLap() {
        Drive d = Drive.practice("r").at(0.9).laps(1);
        d.restart(0.99).laps(1);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.laps)
                .allSatisfy(
                        l -> {
                            assertThat(l.lapTimeMs).isPositive();
                            assertThat(l.samples).isGreaterThan(1);
                        });
        assertThat(rows.classes()).containsExactly("out", "incomplete", "out", "incomplete");
    }

    @Test
    void restartBeforeTheFirstLineOnlyMovesTheClockBack() {
        Drive d = Drive.practice("r0").at(0.2).driveTo(0.7).restart(0.2).laps(1);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes()).containsExactly("incomplete", "out", "incomplete");
        assertThat(rows.laps).extracting(l -> l.run).containsExactly(1, 2, 2);
        assertThat(rows.laps).extracting(l -> l.lapNumber).containsExactly(1, 1, 2);
    }

    @Test
    void hotlapTeleportNextToTheLineIsNotALap() {
        Drive d =
                Drive.practice("h").hotlap().at(0.8).laps(2).driveTo(0.6).teleportToPits().laps(1);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes())
                .containsExactly("out", "flying", "incomplete", "out", "incomplete");
        assertThat(rows.laps.get(3).startTimeMs).isGreaterThan(rows.laps.get(2).endTimeMs);
    }

    @Test
    void teleportToThePitsEndsTheLapAsIncomplete() {
        Drive d = Drive.practice("t").at(0.9).laps(2).driveTo(0.6).teleportToPits().laps(2);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes())
                .containsExactly("out", "flying", "incomplete", "out", "flying", "incomplete");
        LapRow outOfPits = rows.laps.get(3);
        assertThat(outOfPits.invalidReason).isEqualTo("pit_lane");
        assertThat(outOfPits.run).isEqualTo(2);
    }

    @Test
    void gameExitEndsTheLapAsIncompleteAtOnce() {
        Drive d = Drive.practice("x").at(0.9).laps(2).driveTo(0.4).exit();
        Rows rows = new Rows();
        LapTracker tracker = new LapTracker(LapOptions.defaults());
        Rows.feed(tracker, d.frames, rows);

        assertThat(rows.classes()).containsExactly("out", "flying", "incomplete");
        LapRow last = rows.laps.get(2);
        assertThat(last.endTimeMs)
                .isLessThanOrEqualTo(d.frames.get(d.frames.size() - 1).eventTimeMs);
        tracker.finish(rows);
        assertThat(rows.laps).hasSize(3);
    }

    @Test
    void pauseAndReplayAreNotDrivingTime() {
        Drive d =
                Drive.practice("p")
                        .at(0.9)
                        .laps(1)
                        .driveTo(0.3)
                        .pause(12)
                        .driveTo(0.6)
                        .replay(5)
                        .laps(1);
        Rows rows = Rows.track(d.frames);

        LapRow lap = rows.laps.get(1);
        assertThat(lap.lapClass).isEqualTo("flying");
        assertThat((double) lap.lapTimeMs).isCloseTo(d.lapTimesMs.get(1), within(1.0));
        assertThat((double) lap.computedLapTimeMs).isCloseTo(d.lapTimesMs.get(1), within(20.0));
        assertThat(lap.pausedMs).isBetween(17_000L, 17_100L);
        assertThat(lap.sampleGaps).isZero();
    }

    @Test
    void countsSampleGapsPerLapAndKeepsTheirDrivingTime() {
        Drive d = Drive.practice("g").at(0.9);
        d.officialTimes = false;
        d.laps(1).driveTo(0.3).lose(40).driveTo(0.5).lose(7).laps(1);
        Rows rows = Rows.track(d.frames);

        LapRow lap = rows.laps.get(1);
        assertThat(lap.sampleGaps).isEqualTo(2);
        assertThat(lap.missingSamples).isEqualTo(47);
        assertThat((double) lap.computedLapTimeMs).isCloseTo(d.lapTimesMs.get(1), within(2.0));
        assertThat(rows.laps.get(0).sampleGaps).isZero();
    }

    @Test
    void withoutPacketIdsSilencesAreGapsAndTheLapClockSaysHowMuchOfThemWasDriving() {
        Drive d = Drive.practice("g").at(0.9);
        d.officialTimes = false;
        d.laps(1).driveTo(0.3).lose(30).driveTo(0.5).lose(500).laps(1);
        d.frames.forEach(f -> f.packetId = 0);
        Rows rows = Rows.track(d.frames);

        LapRow lap = rows.laps.get(1);
        assertThat(lap.sampleGaps).isEqualTo(2);
        assertThat(lap.pausedMs)
                .isLessThan(20L); // the clock ran through the 1.5 s without samples: the car drove
        assertThat((double) lap.computedLapTimeMs).isCloseTo(d.lapTimesMs.get(1), within(5.0));
    }

    @Test
    void aLoggerThatWritesNothingWhilePausedLosesNoDrivingTimeAndCountsNoPauseAsDriving() {
        Drive d = Drive.practice("g").at(0.9);
        d.officialTimes = false;
        d.laps(1).driveTo(0.3).pause(95).driveTo(0.6).laps(1);
        List<Frame> live =
                d.frames.stream()
                        .filter(f -> f.status == AcStatus.AC_STATUS_LIVE_VALUE)
                        .peek(f -> f.packetId = 0)
                        .toList();
        Rows rows = Rows.track(live);

        assertThat(rows.classes()).containsExactly("out", "flying", "incomplete");
        LapRow lap = rows.laps.get(1);
        // the clock stood through the silence (to a render frame: the page shows the clock as last
        // rendered)
        assertThat(lap.pausedMs).isCloseTo(95_000L, within(20L));
        assertThat((double) lap.computedLapTimeMs).isCloseTo(d.lapTimesMs.get(1), within(20.0));
        assertThat(lap.sampleGaps).isZero(); // a silence the game spent paused lost no driving
        assertThat(lap.run).isEqualTo(1);
    }

    @Test
    void pitStopGivesAnInLapAndAnOutLapBothInvalid() {
        Drive d = Drive.practice("pit").at(0.9).laps(2).pitStop(20).laps(2);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes())
                .containsExactly("out", "flying", "in", "out", "flying", "incomplete");
        assertThat(rows.laps.get(2).invalidReason).isEqualTo("pit_lane");
        assertThat(rows.laps.get(3).invalidReason).isEqualTo("pit_lane");
        assertThat(rows.laps.get(4).valid).isTrue();
        // refuelling at the box (just after the line) is not fuel used
        assertThat(rows.laps.get(3).fuelUsedL).isCloseTo(rows.laps.get(4).fuelUsedL, within(0.3f));
        assertThat(rows.laps.get(3).fuelEndL).isGreaterThan(rows.laps.get(2).fuelEndL);
    }

    @Test
    void driveThroughWithTheLineOutsideThePitLaneIsAPitLap() {
        Drive d = Drive.practice("dt").at(0.9);
        d.pitIn = 0.3f;
        d.pitBox = 0.35f;
        d.pitOut = 0.4f;
        d.laps(1).pitStop(5).laps(1);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.classes()).containsExactly("out", "pit", "incomplete");
        assertThat(rows.laps.get(1).invalidReason).isEqualTo("pit_lane");
    }

    @Test
    void tyresOutBeyondTheAllowanceInvalidateTheLap() {
        Drive d =
                Drive.practice("o")
                        .at(0.9)
                        .laps(1)
                        .offTrack(0.40f, 0.45f, 3)
                        .laps(1)
                        .offTrack(0.40f, 0.45f, 2)
                        .laps(1);
        Rows rows = Rows.track(d.frames);

        LapRow off = rows.laps.get(1);
        assertThat(off.valid).isFalse();
        assertThat(off.invalidReason).isEqualTo("tyres_out");
        assertThat(off.maxTyresOut).isEqualTo(3);
        assertThat(off.offTrackMs).isBetween(1_000, 2_000);
        LapRow twoWheels = rows.laps.get(2);
        assertThat(twoWheels.valid).isTrue();
        assertThat(twoWheels.maxTyresOut).isEqualTo(2);
        assertThat(twoWheels.offTrackMs).isZero();

        Rows strict = Rows.track(LapOptions.defaults().withTyresOutAllowance(1), d.frames);
        assertThat(strict.laps.get(2).invalidReason).isEqualTo("tyres_out");
    }

    @Test
    void aiControlledLapsAreInvalid() {
        Drive d = Drive.practice("ai").at(0.9);
        d.ai = true;
        d.laps(2);
        Rows rows = Rows.track(d.frames);

        assertThat(rows.laps.get(1).lapClass).isEqualTo("flying");
        assertThat(rows.laps.get(1).invalidReason).isEqualTo("ai_controlled");
        assertThat(rows.laps).noneMatch(l -> l.personalBest);
    }

    @Test
    void personalBestAndDeltaAsKnownWhenEachLapEnds() {
        Drive d = Drive.practice("pb").at(0.9).laps(2);
        d.pace = 0.95;
        d.laps(1);
        d.pace = 1.05;
        d.laps(1);
        d.offTrack(0.2f, 0.3f, 4);
        d.pace = 1.2;
        d.laps(1);
        Rows rows = Rows.track(d.frames);

        List<LapRow> laps = rows.laps;
        assertThat(rows.classes()).startsWith("out", "flying", "flying", "flying", "flying");
        assertThat(laps)
                .extracting(l -> l.personalBest)
                .startsWith(false, true, false, true, false);
        assertThat(laps.get(0).deltaToBestMs).isNull();
        assertThat(laps.get(1).deltaToBestMs).isZero();
        assertThat(laps.get(2).deltaToBestMs)
                .isEqualTo(laps.get(2).lapTimeMs - laps.get(1).lapTimeMs)
                .isPositive();
        assertThat(laps.get(3).deltaToBestMs).isZero();
        assertThat(laps.get(3).sessionBestMs).isEqualTo(laps.get(3).lapTimeMs);
        // the fastest lap was off the track: invalid, not a best
        assertThat(laps.get(4).lapTimeMs).isLessThan(laps.get(3).lapTimeMs);
        assertThat(laps.get(4).deltaToBestMs).isNegative();
    }

    @Test
    void sectorsAndMiniSectorsAddUpToTheLap() {
        Drive d = Drive.practice("seg").at(0.9).laps(3);
        Rows rows = Rows.track(d.frames);

        LapRow lap = rows.laps.get(2);
        List<SegmentRow> sectors = rows.segments(lap.lapIndex, SegmentRow.SECTOR);
        assertThat(sectors).extracting(s -> s.segmentIndex).containsExactly(0, 1, 2);
        assertThat(sectors).noneMatch(s -> s.timeComputed);
        assertThat(sectors.stream().mapToInt(s -> s.timeMs).sum()).isEqualTo(lap.lapTimeMs);
        assertThat(lap.sectorTimesMs)
                .containsExactly(
                        sectors.get(0).timeMs, sectors.get(1).timeMs, sectors.get(2).timeMs);

        List<SegmentRow> minis = rows.segments(lap.lapIndex, SegmentRow.MINI_SECTOR);
        assertThat(minis)
                .extracting(s -> s.segmentIndex)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 20)
                                .boxed()
                                .collect(Collectors.toList()));
        assertThat((double) minis.stream().mapToInt(s -> s.timeMs).sum())
                .isCloseTo(lap.lapTimeMs, within(10.0));
        for (int i = 1; i < minis.size(); i++) {
            assertThat(minis.get(i).entrySpeedKmh)
                    .isCloseTo(minis.get(i - 1).exitSpeedKmh, within(0.01f));
            assertThat(minis.get(i).startTimeMs).isGreaterThan(minis.get(i - 1).startTimeMs);
        }
        SegmentRow m = minis.get(3);
        assertThat(m.minSpeedKmh)
                .isLessThanOrEqualTo(m.entrySpeedKmh)
                .isLessThanOrEqualTo(m.maxSpeedKmh);
        assertThat(m.maxSteer).isBetween(0f, 0.31f);
        assertThat(m.samples).isGreaterThan(100);
        assertThat(m.splineStart).isEqualTo(0.15f);
        assertThat(m.splineEnd).isEqualTo(0.2f);
        // 4 braking zones a lap, each in its own mini-sector
        assertThat(minis.stream().mapToInt(s -> s.brakeApplications).sum()).isEqualTo(4);
        assertThat(minis).allSatisfy(s -> assertThat(s.throttleMean).isBetween(0f, 1f));

        assertThat(lap.theoreticalBestMs).isNotNull();
        assertThat(lap.theoreticalBestMiniMs).isNotNull();
        assertThat((double) lap.theoreticalBestMs).isCloseTo(lap.lapTimeMs, within(5.0));
    }

    @Test
    void computedSectorTimesAreCloseToTheGamesOwn() {
        Drive d = Drive.practice("sec").at(0.9).laps(3);
        Rows official = Rows.track(d.frames);
        d.frames.forEach(f -> f.lastSectorTimeMs = 0); // a game that does not give its splits
        Rows computed = Rows.track(d.frames);

        for (int lapIndex : new int[] {2, 3}) {
            List<SegmentRow> game = official.segments(lapIndex, SegmentRow.SECTOR);
            List<SegmentRow> ours = computed.segments(lapIndex, SegmentRow.SECTOR);
            assertThat(ours).hasSize(3);
            for (int i = 0; i < 2; i++) {
                assertThat(ours.get(i).timeComputed).isTrue();
                // each end is known to half a render frame (15 ms here)
                assertThat(ours.get(i).timeMs).isCloseTo(game.get(i).timeMs, within(15));
            }
        }
    }

    @Test
    void miniSectorsStayInOrderWhenTheSplineZeroIsBeforeTheLine() {
        Drive d = Drive.practice("seg").at(0.5);
        d.line = 0.006f;
        d.laps(3);
        Rows rows = Rows.track(LapOptions.defaults().withMiniSectors(10), d.frames);

        for (int lapIndex : new int[] {2, 3}) {
            assertThat(rows.segments(lapIndex, SegmentRow.MINI_SECTOR))
                    .extracting(s -> s.segmentIndex)
                    .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void aggregatesDescribeTheLap() {
        Drive d = Drive.practice("agg").at(0.9).laps(2);
        Rows rows = Rows.track(d.frames);
        LapRow lap = rows.laps.get(1);

        assertThat(lap.topSpeedKmh).isCloseTo(230f, within(0.5f));
        assertThat(lap.minSpeedKmh).isCloseTo(70f, within(0.5f));
        assertThat(lap.distanceM).isCloseTo(1_200f, within(3f));
        assertThat(lap.avgSpeedKmh)
                .isCloseTo(1_200f / (lap.computedLapTimeMs / 1000f) * 3.6f, within(0.5f));
        // the test driver is always on one pedal: flat out, braking, or part throttle on the short
        // flat bits
        assertThat(lap.coastingPct).isZero();
        assertThat(lap.fullThrottlePct + lap.brakingPct).isBetween(95f, 100f);
        assertThat(lap.fullThrottlePct).isBetween(30f, 70f);
        assertThat(lap.brakingPct).isBetween(30f, 70f);
        assertThat(lap.peakLateralG).isPositive();
        assertThat(lap.peakLongitudinalG).isEqualTo(1.1f);
        assertThat(lap.gearChanges).isGreaterThan(8);
        assertThat(lap.fuelUsedL).isCloseTo(lap.samples * 0.00015f, within(0.01f));
        assertThat(lap.tyreCoreTempAvgFlC).isCloseTo(80f, within(0.01f));
        assertThat(lap.tyreCoreTempAvgRrC).isCloseTo(79f, within(0.01f));
        assertThat(lap.tyrePressureEndFrPsi).isEqualTo(27.6f);
        assertThat(lap.samples).isCloseTo((int) (d.lapTimesMs.get(1) / 3), within(5));
        assertThat(lap.sectorTimesMs).hasSize(3);
    }

    @Test
    void stateStaysTheSizeOfALap() throws Exception {
        Drive d = Drive.practice("long").at(0.9).laps(2).drive(3);
        int two = TrackerStates.serializedSize(trackedState(d.frames));
        d.laps(10).drive(3);
        int twelve = TrackerStates.serializedSize(trackedState(d.frames));
        assertThat(twelve).isLessThan(two + 200);
    }

    @Test
    void framesGoingBackInTimeAreCountedAndSkipped() {
        Drive d = Drive.practice("o").at(0.9).laps(2);
        List<Frame> frames = new java.util.ArrayList<>(d.frames);
        frames.add(1000, frames.get(500));
        LapTracker tracker = new LapTracker(LapOptions.defaults());
        Rows rows = new Rows();
        Rows.feed(tracker, frames, rows);
        tracker.finish(rows);
        assertThat(tracker.state().outOfOrderFrames).isEqualTo(1);
        assertThat(rows.laps)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(Rows.track(d.frames).laps);
    }

    private static TrackerState trackedState(List<Frame> frames) {
        LapTracker tracker = new LapTracker(LapOptions.defaults());
        Rows.feed(tracker, frames, new Rows());
        return tracker.state();
    }
}
