package io.actelemetry.job.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.corners.CornerRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayoutComparerTest {
    static final long TIMEOUT_MS = 3_600_000L;

    /** A lap of the round track in {@code ms}, lap {@code index} of {@code session}. */
    static LapTrace lap(String session, int index, int ms, String lapClass, boolean valid) {
        LapTrace t = Traces.resample(LapDistanceTest.roundLap(), LapDistanceTest.TRACK_M, 2f, ms);
        t.sessionId = session;
        t.carId = "";
        t.carModel = "gt3";
        t.track = "ring";
        t.trackLayout = "gp";
        t.lapIndex = index;
        t.lapTimeMs = ms;
        t.lapClass = lapClass;
        t.valid = valid;
        t.endTimeMs = 1_000_000L * index;
        return t;
    }

    static LapTrace flying(String session, int index, int ms) {
        return lap(session, index, ms, "flying", true);
    }

    /** What a comparison gave, by lap. */
    static final class Out implements ComparisonOutput {
        final List<TraceRow> traces = new ArrayList<>();
        final List<CornerRow> corners = new ArrayList<>();

        @Override
        public void trace(TraceRow row) {
            traces.add(row);
        }

        @Override
        public void corner(CornerRow row) {
            corners.add(row);
        }

        /** The last point's row of each lap, in the order they came. */
        List<TraceRow> finishes() {
            List<TraceRow> last = new ArrayList<>();
            for (int i = 0; i < traces.size(); i++) {
                TraceRow r = traces.get(i);
                if (i + 1 == traces.size()
                        || traces.get(i + 1).lapIndex != r.lapIndex
                        || !traces.get(i + 1).sessionId.equals(r.sessionId)) last.add(r);
            }
            return last;
        }

        List<String> laps() {
            return finishes().stream().map(r -> r.sessionId + ":" + r.lapIndex).toList();
        }
    }

    @Test
    void inAReplayEachLapIsComparedWithItsSessionsBestInSessionAndLapOrder() {
        List<LapTrace> laps =
                new ArrayList<>(
                        List.of(
                                lap("a", 1, 45_000, "out", true),
                                flying("a", 2, 40_500),
                                flying("a", 3, 40_100), // a's best
                                lap("a", 4, 39_000, "flying", false), // invalid: not a reference
                                flying("b", 1, 41_000),
                                flying("b", 2, 40_700))); // b's best
        Out first = null;
        for (long seed = 0; seed < 5; seed++) {
            Collections.shuffle(laps, new Random(seed));
            Out out = new Out();
            LayoutComparer.wholeSessions(laps, Reference.sessionBest(), out);
            assertThat(out.laps()).containsExactly("a:1", "a:2", "a:3", "a:4", "b:1", "b:2");
            assertThat(out.finishes())
                    .extracting(r -> r.deltaMs)
                    .containsExactly(4_900, 400, 0, -1_100, 300, 0);
            assertThat(out.finishes())
                    .extracting(r -> r.referenceLapIndex)
                    .containsExactly(3, 3, 3, 3, 2, 2);
            assertThat(out.traces)
                    .filteredOn(r -> r.sessionId.equals("a") && r.lapIndex == 3)
                    .allSatisfy(r -> assertThat(r.deltaMs).isZero());
            if (first == null) first = out;
            else
                assertThat(out.traces)
                        .usingRecursiveFieldByFieldElementComparator()
                        .isEqualTo(first.traces);
        }
    }

    @Test
    void liveALapIsComparedWithTheBestBeforeIt() {
        LayoutState s = new LayoutState();
        Out out = new Out();
        for (LapTrace t :
                List.of(
                        lap("a", 1, 45_000, "out", true), // nothing to compare with yet
                        flying("a", 2, 40_500), // the first: itself
                        flying("a", 3, 40_800),
                        flying("a", 4, 40_100), // against lap 2, then the best
                        flying("a", 5, 40_300)))
            LayoutComparer.lapEnded(s, t, Reference.sessionBest(), TIMEOUT_MS, out);
        assertThat(out.finishes())
                .extracting(r -> r.deltaMs)
                .containsExactly(null, 0, 300, -400, 200);
        assertThat(out.finishes())
                .extracting(r -> r.referenceLapIndex)
                .containsExactly(null, 2, 2, 2, 4);
        // the state holds the layout's corners and one best lap, not the session
        assertThat(s.best).hasSize(1);
        assertThat(s.best[0].lapIndex).isEqualTo(4);
    }

    @Test
    void liveASilentSessionIsForgottenAfterTheTimeout() {
        LayoutState s = new LayoutState();
        Out out = new Out();
        LayoutComparer.lapEnded(
                s, flying("a", 1, 40_000), Reference.sessionBest(), TIMEOUT_MS, out);
        LapTrace later = flying("b", 1, 41_000);
        later.endTimeMs = 1_000_000L + TIMEOUT_MS + 1;
        LayoutComparer.lapEnded(s, later, Reference.sessionBest(), TIMEOUT_MS, out);
        assertThat(s.keys).containsExactly("b\u001f");
        LayoutComparer.expire(s, later.endTimeMs + 1);
        assertThat(s.keys).isEmpty();
    }

    @Test
    void aChosenLapIsEveryLapsReferenceAcrossSessions() {
        Reference choice = Reference.parse("b:1");
        Out out = new Out();
        LayoutComparer.wholeSessions(
                List.of(flying("a", 1, 40_000), flying("a", 2, 40_200), flying("b", 1, 41_000)),
                choice,
                out);
        assertThat(out.finishes()).extracting(r -> r.deltaMs).containsExactly(-1_000, -800, 0);
        assertThat(out.finishes())
                .extracting(r -> r.referenceSessionId)
                .containsExactly("b", "b", null);
    }

    @Test
    void aPersonalBestFromAnotherOutputIsTheReferenceForItsTrackLayoutAndCar() {
        LapTrace pb = flying("earlier", 7, 39_500);
        Reference choice = Reference.personalBests(List.of(pb));
        LapTrace otherCar = flying("a", 3, 40_000);
        otherCar.carModel = "f1";
        Out out = new Out();
        LayoutComparer.wholeSessions(
                List.of(flying("a", 1, 40_000), flying("a", 2, 40_200), otherCar), choice, out);
        assertThat(out.finishes()).extracting(r -> r.deltaMs).containsExactly(500, 700, 0);
        assertThat(out.finishes())
                .extracting(r -> r.referenceSessionId)
                .containsExactly("earlier", "earlier", null);
    }

    @Test
    void referencesAreSessionColonLap() {
        assertThat(Reference.parse("2026-11-23-abc:4").chosen(flying("2026-11-23-abc", 4, 1000)))
                .isTrue();
        for (String bad : List.of("abc", "abc:", ":4", "abc:x", "abc:0"))
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                    .isThrownBy(() -> Reference.parse(bad))
                    .withMessageContaining(bad);
    }
}
