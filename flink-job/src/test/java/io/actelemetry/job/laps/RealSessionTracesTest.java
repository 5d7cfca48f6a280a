package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.job.corners.CornerFinder;
import io.actelemetry.job.corners.CornerMap;
import io.actelemetry.job.corners.CornerMeasure;
import io.actelemetry.job.corners.CornerRow;
import io.actelemetry.job.traces.Delta;
import io.actelemetry.job.traces.LapTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Laps of real sessions on their distance grid (the logs' sources are in their README). */
class RealSessionTracesTest {

    /**
     * alvaro-cs02/AC-Telemetry, logs/monza_2_20240730_163358.csv: Monza at 10 Hz with the car's
     * coordinates and spline position but no static page, so no spline length.
     */
    @Test
    void monzaLapsArePutOnTheGridByThePathAndMeetAtTheLine() {
        RealLog log = RealLog.read("alvaro-monza-sf15t-10hz", "monza", "sf15t", "monza");
        Rows rows = Rows.track(log.frames());
        // the out lap was joined half-way: no trace; the two flying laps have one each
        assertThat(rows.traces).extracting(t -> t.lapIndex).containsExactly(2, 3);
        for (LapTrace t : rows.traces) {
            assertThat(t.distanceSource).isEqualTo("path");
            assertThat(t.hasCoordinates).isTrue();
            assertThat(t.lengthM).isCloseTo(5793f, within(120f)); // Monza's GP circuit
            assertThat(t.elapsedMs[t.points() - 1]).isEqualTo((float) t.lapTimeMs);
        }
        LapTrace best = rows.traces.get(0);
        LapTrace other = rows.traces.get(1);
        assertThat(List.of(best.lapTimeMs, other.lapTimeMs)).isEqualTo(log.official.subList(1, 3));
        int[] delta = Delta.of(other, best);
        assertThat(delta[delta.length - 1]).isEqualTo(96_974 - 91_083);
        assertThat(delta[0]).isZero();
        assertThat(Delta.of(best, best)).containsOnly(0);

        // the corners found on the best lap measure the other where it went through them
        CornerMap map = CornerFinder.find(best);
        assertThat(map.source).isEqualTo("path");
        assertThat(map.corners()).isBetween(8, 14); // 11 turns, the chicanes' parts may merge
        List<CornerRow> mine = CornerMeasure.rows(best, Delta.of(best, best), map, 2);
        List<CornerRow> theirs = CornerMeasure.rows(other, delta, map, 2);
        assertThat(theirs.stream().mapToInt(c -> c.timeLostMs).sum()).isEqualTo(96_974 - 91_083);
        assertThat(theirs.stream().mapToInt(c -> c.timeMs).sum()).isEqualTo(96_974);
        assertThat(theirs).hasSameSizeAs(mine).hasSize(2 * map.corners() + 1);
        for (int i = 0; i < mine.size(); i++) {
            // the same windows on both laps, a few metres apart as the laps' lengths are
            assertThat(theirs.get(i).startM).isCloseTo(mine.get(i).startM, within(10f));
            assertThat(theirs.get(i).endM).isCloseTo(mine.get(i).endM, within(10f));
        }
        // the slower lap slowed to 50 km/h between the Lesmos and Ascari: that is where it went
        CornerRow worst =
                theirs.stream().max(java.util.Comparator.comparingInt(c -> c.timeLostMs)).get();
        assertThat(worst.kind).isEqualTo(CornerRow.STRAIGHT);
        assertThat(worst.startM).isBetween(2900f, 3000f);
        assertThat(worst.timeLostMs).isGreaterThan(4_000);
        assertThat(worst.minSpeedKmh).isLessThan(60f);
    }

    /**
     * AndreaBedei1/TesiAssettoCorsa (MIT): Imola at 8 Hz with only the lap clock, the spline
     * position and the car's speed: no coordinates, no spline length, no official times.
     */
    @Test
    void imolaLapsWithoutCoordinatesOrSplineLengthAreMeasuredByTheSpeed() {
        RealLog log = RealLog.read("tesi-imola-8hz-long-first-clock", "imola", "car", "imola");
        Rows rows = Rows.track(log.frames());
        assertThat(rows.traces).extracting(t -> t.lapIndex).containsExactly(2, 3);
        for (LapTrace t : rows.traces) {
            assertThat(t.distanceSource).isEqualTo("speed");
            assertThat(t.hasCoordinates).isFalse();
            assertThat(t.lengthM).isCloseTo(4909f, within(250f)); // Imola
            assertThat(t.points()).isGreaterThan(2000);
        }
        LapTrace first = rows.traces.get(0);
        LapTrace second = rows.traces.get(1);
        int[] delta = Delta.of(second, first);
        int gap = second.lapTimeMs - first.lapTimeMs;
        assertThat(delta[delta.length - 1]).isEqualTo(gap);

        // no coordinates, no lateral g: corners from steering and speed, the same on both laps
        CornerMap map = CornerFinder.find(first);
        assertThat(map.source).isEqualTo("steering");
        assertThat(map.corners()).isBetween(8, 22); // Imola: 17 turns, chicanes' parts may merge
        List<CornerRow> again = CornerMeasure.rows(first, Delta.of(first, first), map, 2);
        List<CornerRow> rowsOfSecond = CornerMeasure.rows(second, delta, map, 2);
        assertThat(rowsOfSecond.stream().mapToInt(c -> c.timeLostMs).sum()).isEqualTo(gap);
        assertThat(rowsOfSecond.stream().mapToInt(c -> c.timeMs).sum()).isEqualTo(second.lapTimeMs);
        for (int i = 0; i < again.size(); i++)
            assertThat(rowsOfSecond.get(i).startM).isCloseTo(again.get(i).startM, within(15f));
    }
}
