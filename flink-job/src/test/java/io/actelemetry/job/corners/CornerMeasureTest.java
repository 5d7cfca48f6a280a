package io.actelemetry.job.corners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.job.corners.TestTracks.Circuit;
import io.actelemetry.job.corners.TestTracks.Corner;
import io.actelemetry.job.corners.TestTracks.Drive;
import io.actelemetry.job.corners.TestTracks.Driving;
import io.actelemetry.job.traces.LapTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lap cut into corners and straights: the rows cover the lap end to end, their times add up to
 * the lap time and their losses to the gap to the reference, and a loss in one corner shows in that
 * corner's row.
 */
class CornerMeasureTest {
    private final Circuit circuit = TestTracks.grandPrix();
    private final LapTrace reference = TestTracks.lap(circuit, Driving.clean());
    private final CornerMap map = CornerFinder.find(reference);

    @Test
    void rowsAlternateStraightsAndCornersAndCoverTheLap() {
        LapTrace lap = TestTracks.lap(circuit, Driving.clean().noisy(2).lap(4));

        List<CornerRow> rows = CornerMeasure.rows(lap, null, map, null);

        assertThat(rows).hasSize(2 * map.corners() + 1);
        for (int r = 0; r < rows.size(); r++) {
            CornerRow row = rows.get(r);
            assertThat(row.kind).isEqualTo(r % 2 == 0 ? CornerRow.STRAIGHT : CornerRow.CORNER);
            assertThat(row.corner).isEqualTo((r + 1) / 2);
            assertThat(row.sessionId).isEqualTo("test");
            assertThat(row.carId).isEqualTo("car");
            assertThat(row.lapIndex).isEqualTo(4);
            assertThat(row.timeLostMs).isNull();
            assertThat(row.referenceLapIndex).isNull();
            assertThat(row.endM).isGreaterThanOrEqualTo(row.startM);
            assertThat(row.startM % TestTracks.STEP_M).as("start on the grid").isZero();
            if (r > 0) {
                assertThat(row.startM).isEqualTo(rows.get(r - 1).endM);
            }
        }
        assertThat(rows.get(0).startM).isZero();
        assertThat(rows.get(rows.size() - 1).endM).isEqualTo(lap.lengthM);
        assertThat(rows.stream().mapToInt(row -> row.timeMs).sum())
                .isEqualTo(Math.round(lap.elapsedMs[lap.points() - 1]));
    }

    @Test
    void lossesAddUpToTheGapToTheReference() {
        for (int seed = 1; seed <= 6; seed++) {
            Driving driving =
                    Driving.clean()
                            .withGrip(0.9 + 0.015 * seed)
                            .slowIn(seed, 0.9)
                            .noisy(seed)
                            .lap(2);
            LapTrace lap = TestTracks.lap(circuit, driving);
            int[] delta = TestTracks.delta(lap, reference);

            List<CornerRow> rows = CornerMeasure.rows(lap, delta, map, 1);

            assertThat(delta[delta.length - 1]).isPositive();
            assertThat(rows.stream().mapToInt(row -> row.timeLostMs).sum())
                    .isEqualTo(delta[delta.length - 1]);
            // each row's time is rounded from its ends, not on its own, so they add up to the lap
            // time
            assertThat(rows.stream().mapToInt(row -> row.timeMs).sum()).isEqualTo(lap.lapTimeMs);
            assertThat(rows).allSatisfy(row -> assertThat(row.referenceLapIndex).isEqualTo(1));
        }
    }

    @Test
    void aLapSlowerInCornerThreeLosesItThere() {
        LapTrace slow = TestTracks.lap(circuit, Driving.clean().slowIn(3, 0.9).lap(2));
        int[] delta = TestTracks.delta(slow, reference);
        int gap = slow.lapTimeMs - reference.lapTimeMs;

        List<CornerRow> rows = CornerMeasure.rows(slow, delta, map, 1);

        assertThat(gap).isGreaterThan(50);
        CornerRow three = rows.get(2 * 3 - 1);
        assertThat(three.kind).isEqualTo(CornerRow.CORNER);
        assertThat(three.corner).isEqualTo(3);
        assertThat(three.timeLostMs).isCloseTo(gap, within(2));
        for (CornerRow row : rows) {
            if (row != three) {
                assertThat(row.timeLostMs).as("%s %d", row.kind, row.corner).isBetween(-2, 2);
            }
        }
        CornerRow asReference = CornerMeasure.rows(reference, null, map, null).get(2 * 3 - 1);
        assertThat(three.minSpeedKmh).isCloseTo(asReference.minSpeedKmh * 0.9f, within(0.5f));
        assertThat(three.apexDistanceM).isEqualTo(asReference.apexDistanceM);
    }

    @Test
    void brakePointsAndApexesAreWhereTheLapBrakesAndIsSlowest() {
        Drive drive = TestTracks.drive(circuit, Driving.clean().lap(3));
        LapTrace lap = drive.lap();

        List<CornerRow> rows = CornerMeasure.rows(lap, null, map, null);

        List<Corner> corners = circuit.corners();
        for (int k = 0; k < corners.size(); k++) {
            Corner c = corners.get(k);
            CornerRow row = rows.get(2 * k + 1);
            int slowest = drive.slowestIndex(c);
            assertThat(row.apexDistanceM)
                    .as("corner %d's apex", k + 1)
                    .isCloseTo(lap.distanceM(slowest), within(2 * TestTracks.STEP_M));
            assertThat(row.minSpeedKmh)
                    .isCloseTo((float) (drive.speedMs()[slowest] * 3.6), within(0.5f));
            assertThat(row.minSpeedKmh).isLessThan(row.entrySpeedKmh).isLessThan(row.exitSpeedKmh);
            double brakeStart = drive.brakeStartM(c);
            if (Double.isNaN(brakeStart)) {
                assertThat(row.brakePointM).as("corner %d's brake point", k + 1).isNull();
            } else {
                assertThat(row.brakePointM).as("corner %d's brake point", k + 1).isNotNull();
                assertThat((double) row.brakePointM)
                        .isCloseTo(brakeStart, within(2.0 * TestTracks.STEP_M));
            }
            assertThat(row.throttleOnM).as("corner %d's throttle", k + 1).isNotNull();
            assertThat(row.throttleOnM)
                    .isGreaterThanOrEqualTo(row.apexDistanceM)
                    .isLessThanOrEqualTo(row.endM);
            assertThat(lap.throttle[Math.round(row.throttleOnM / TestTracks.STEP_M)])
                    .isGreaterThanOrEqualTo(0.5f);
        }
        // the hairpin: full braking from top speed, the throttle back just after the slowest point
        assertThat(rows.get(1).brakePointM).isNotNull();
        assertThat(rows.get(1).throttleOnM - rows.get(1).apexDistanceM).isLessThan(30);
        // straights have no apex, brake point or throttle
        assertThat(rows.get(0).apexDistanceM).isNull();
        assertThat(rows.get(0).brakePointM).isNull();
        assertThat(rows.get(0).throttleOnM).isNull();
    }

    @Test
    void aLapWithNoCornersIsOneStraight() {
        LapTrace lap = TestTracks.lap(TestTracks.dragStrip(), Driving.clean());
        CornerMap none = CornerFinder.find(lap);
        int[] delta = new int[lap.points()];
        delta[delta.length - 1] = 42;

        List<CornerRow> rows = CornerMeasure.rows(lap, delta, none, 7);

        assertThat(rows).hasSize(1);
        CornerRow row = rows.get(0);
        assertThat(row.kind).isEqualTo(CornerRow.STRAIGHT);
        assertThat(row.corner).isZero();
        assertThat(row.startM).isZero();
        assertThat(row.endM).isEqualTo(lap.lengthM);
        assertThat(row.timeMs).isEqualTo(lap.lapTimeMs);
        assertThat(row.timeLostMs).isEqualTo(42);
        assertThat(row.referenceLapIndex).isEqualTo(7);
        assertThat(row.entrySpeedKmh).isLessThan(row.exitSpeedKmh);
        assertThat(row.minSpeedKmh).isEqualTo(row.entrySpeedKmh);
    }

    @Test
    void adjacentCornersGetAnEmptyStraightBetweenThem() {
        LapTrace lap = TestTracks.lap(circuit, Driving.clean());

        List<CornerRow> rows = CornerMeasure.rows(lap, TestTracks.delta(lap, reference), map, 1);

        // the chicane's two corners share a boundary: straight 4 is empty
        CornerRow straight = rows.get(2 * 4);
        assertThat(straight.kind).isEqualTo(CornerRow.STRAIGHT);
        assertThat(straight.corner).isEqualTo(4);
        assertThat(straight.endM).isEqualTo(straight.startM);
        assertThat(straight.timeMs).isZero();
        assertThat(straight.timeLostMs).isZero();
    }

    @Test
    void windowsScaleToALapOfAnotherLength() {
        Circuit longer =
                new TestTracks.Builder()
                        .straight(610)
                        .corner(TestTracks.right(15, 180))
                        .straight(400)
                        .corner(TestTracks.left(150, 60))
                        .straight(500)
                        .corner(TestTracks.right(40, 90))
                        .straight(300)
                        .corner(TestTracks.left(35, 50))
                        .straight(12)
                        .corner(TestTracks.right(35, 50))
                        .straight(600)
                        .corner(
                                TestTracks.right(50, 60),
                                TestTracks.straight(15),
                                TestTracks.right(50, 60))
                        .straight(500)
                        .corner(TestTracks.left(60, 90))
                        .straight(901)
                        .build();
        LapTrace lap = TestTracks.lap(longer, Driving.clean());

        List<CornerRow> rows = CornerMeasure.rows(lap, null, map, null);

        for (int k = 0; k < map.corners(); k++) {
            CornerRow row = rows.get(2 * k + 1);
            assertThat(row.startM)
                    .isCloseTo(map.entry[k] * lap.lengthM, within(TestTracks.STEP_M / 2 + 0.01f));
            assertThat(row.endM)
                    .isCloseTo(map.exit[k] * lap.lengthM, within(TestTracks.STEP_M / 2 + 0.01f));
        }
        assertThat(rows.get(rows.size() - 1).endM).isEqualTo(lap.lengthM);
    }
}
