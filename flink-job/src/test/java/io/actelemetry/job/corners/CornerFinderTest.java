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
 * The corners of a synthetic circuit are found from the path, and from lateral g without
 * coordinates: one per corner (a chicane two, a double apex one), the apex at the corner's middle,
 * the window holding the braking for it, the same on laps with noise and another line.
 */
class CornerFinderTest {
    private final Circuit circuit = TestTracks.grandPrix();
    private final List<Corner> corners = circuit.corners();

    @Test
    void findsEveryCornerOfTheCircuitFromThePath() {
        LapTrace lap = TestTracks.lap(circuit, Driving.clean());

        CornerMap map = CornerFinder.find(lap);

        assertThat(map.corners()).isEqualTo(corners.size());
        assertThat(map.source).isEqualTo("path");
        assertThat(map.foundOn).isEqualTo("test:car:1");
        assertThat(map.track).isEqualTo("synthetic");
        assertThat(map.trackLayout).isEqualTo("gp");
        assertApexesAtTheMiddles(map, lap);
    }

    @Test
    void windowsHoldTheBrakingAndTheTurnAndDoNotOverlap() {
        Drive drive = TestTracks.drive(circuit, Driving.clean());
        LapTrace lap = drive.lap();

        CornerMap map = CornerFinder.find(lap);

        assertThat(map.corners()).isEqualTo(corners.size());
        for (int k = 0; k < map.corners(); k++) {
            Corner c = corners.get(k);
            double entry = map.entry[k] * lap.lengthM;
            double exit = map.exit[k] * lap.lengthM;
            assertThat(map.entry[k]).isBetween(0f, map.apex[k]);
            assertThat(map.exit[k]).isBetween(map.apex[k], 1f);
            if (k > 0) {
                assertThat(map.entry[k]).isGreaterThanOrEqualTo(map.exit[k - 1]);
            }
            double brakeStart = drive.brakeStartM(c);
            if (!Double.isNaN(brakeStart)) {
                assertThat(entry)
                        .as("corner %d's window starts before its braking", k + 1)
                        .isLessThanOrEqualTo(brakeStart);
            }
            assertThat(entry)
                    .as("corner %d starts at most 250 m before the turn", k + 1)
                    .isGreaterThanOrEqualTo(c.startM() - 250);
            // the turn is whole in the window, and the window ends soon after it
            assertThat(exit).as("corner %d's exit", k + 1).isBetween(c.endM(), c.endM() + 80);
            assertThat(entry).as("corner %d's entry", k + 1).isLessThanOrEqualTo(c.startM());
        }
        // the hairpin and the 90-degree right are braked for from high speed
        assertThat(drive.brakeStartM(corners.get(0))).isLessThan(corners.get(0).startM() - 100);
        assertThat(drive.brakeStartM(corners.get(2))).isLessThan(corners.get(2).startM() - 50);
    }

    @Test
    void theChicaneIsTwoCornersSplitBetweenThem() {
        LapTrace lap = TestTracks.lap(circuit, Driving.clean());

        CornerMap map = CornerFinder.find(lap);

        // corners 4 and 5 are the chicane's left and right, 12 m apart: they share a boundary there
        double boundary = map.exit[3] * lap.lengthM;
        assertThat(map.entry[4]).isEqualTo(map.exit[3]);
        assertThat(boundary).isBetween(corners.get(3).endM() - 5, corners.get(4).startM() + 5);
    }

    @Test
    void noisyLapsAndAnotherLineFindTheSameCorners() {
        LapTrace clean = TestTracks.lap(circuit, Driving.clean());
        CornerMap expected = CornerFinder.find(clean);

        for (long seed = 1; seed <= 5; seed++) {
            LapTrace lap = TestTracks.lap(circuit, Driving.clean().noisy(seed));

            CornerMap map = CornerFinder.find(lap);

            assertThat(map.corners()).as("seed %d", seed).isEqualTo(expected.corners());
            for (int k = 0; k < map.corners(); k++) {
                assertThat(map.apex[k] * lap.lengthM)
                        .as("seed %d, corner %d's apex", seed, k + 1)
                        .isCloseTo(expected.apex[k] * clean.lengthM, within(5f));
                assertThat(map.entry[k] * lap.lengthM)
                        .as("seed %d, corner %d's entry", seed, k + 1)
                        .isCloseTo(expected.entry[k] * clean.lengthM, within(8f));
                assertThat(map.exit[k] * lap.lengthM)
                        .as("seed %d, corner %d's exit", seed, k + 1)
                        .isCloseTo(expected.exit[k] * clean.lengthM, within(8f));
            }
        }
    }

    @Test
    void withoutCoordinatesFindsTheCornersFromLateralG() {
        for (Driving driving :
                List.of(
                        Driving.clean().withoutCoordinates(),
                        Driving.clean().noisy(7).withoutCoordinates())) {
            LapTrace lap = TestTracks.lap(circuit, driving);

            CornerMap map = CornerFinder.find(lap);

            assertThat(map.source).isEqualTo("lateral");
            assertThat(map.corners()).isEqualTo(corners.size());
            assertApexesAtTheMiddles(map, lap);
        }
    }

    @Test
    void aStraightHasNoCorners() {
        for (Driving driving :
                List.of(
                        Driving.clean(),
                        Driving.clean().noisy(3),
                        Driving.clean().withoutCoordinates())) {
            LapTrace lap = TestTracks.lap(TestTracks.dragStrip(), driving);

            CornerMap map = CornerFinder.find(lap);

            assertThat(map.corners()).isZero();
            assertThat(map.entry).isEmpty();
            assertThat(map.apex).isEmpty();
            assertThat(map.exit).isEmpty();
        }
    }

    private void assertApexesAtTheMiddles(CornerMap map, LapTrace lap) {
        for (int k = 0; k < map.corners(); k++) {
            assertThat(map.apex[k] * lap.lengthM)
                    .as("corner %d's apex", k + 1)
                    .isCloseTo((float) corners.get(k).middleM(), within(30f));
        }
    }
}
