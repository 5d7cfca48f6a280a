package io.actelemetry.job.traces;

import io.actelemetry.job.corners.CornerFinder;
import io.actelemetry.job.corners.CornerMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses each lap's reference and its layout's corners, and compares. The corners of a layout are
 * found once, on the reference lap chosen for the run when there is one, else on the layout's best
 * valid flying lap (live: its first), and then measure every lap of that layout. No Flink here.
 */
public final class LayoutComparer {
    private static final Comparator<LapTrace> DRIVEN =
            Comparator.<LapTrace, String>comparing(t -> t.sessionId)
                    .thenComparing(t -> t.carId)
                    .thenComparingInt(t -> t.lapIndex);

    /** Fastest first; among equal times the one driven first. */
    private static final Comparator<LapTrace> FASTEST =
            Comparator.<LapTrace>comparingInt(t -> t.lapTimeMs).thenComparing(DRIVEN);

    private LayoutComparer() {}

    /**
     * Every lap of one layout in a replay, with the whole sessions known: each against its
     * session's best (or the chosen reference), in session, car and lap order.
     */
    public static void wholeSessions(List<LapTrace> laps, Reference choice, ComparisonOutput out) {
        List<LapTrace> sorted = new ArrayList<>(laps);
        sorted.sort(DRIVEN);
        LapTrace chosen = null;
        Map<String, LapTrace> best = new HashMap<>();
        LapTrace layoutBest = null;
        for (LapTrace t : sorted) {
            if (choice.chosen(t)) chosen = t;
            if (!t.flyingAndValid()) continue;
            best.merge(key(t), t, (a, b) -> FASTEST.compare(a, b) <= 0 ? a : b);
            if (layoutBest == null || FASTEST.compare(t, layoutBest) < 0) layoutBest = t;
        }
        LapTrace pb =
                sorted.stream()
                        .map(choice::personalBest)
                        .filter(p -> p != null)
                        .findFirst()
                        .orElse(null);
        LapTrace cornersFrom = pb != null ? pb : chosen != null ? chosen : layoutBest;
        CornerMap corners = cornersFrom == null ? null : CornerFinder.find(cornersFrom);
        for (LapTrace t : sorted) {
            LapTrace ref = choice.personalBest(t);
            if (ref == null) ref = chosen;
            if (ref == null) ref = best.get(key(t));
            LapComparison.rows(t, ref, corners, out);
        }
    }

    /**
     * One lap as it ends, live: against the reference of that moment (the best so far of its
     * session before it; itself when it is the first valid flying lap), and then remembered if it
     * is the new best. Sessions silent for {@code timeoutMs} are forgotten first.
     */
    public static void lapEnded(
            LayoutState s, LapTrace lap, Reference choice, long timeoutMs, ComparisonOutput out) {
        expire(s, lap.endTimeMs - timeoutMs);
        if (choice.chosen(lap)) s.chosen = lap;
        int i = indexOf(s, key(lap));
        LapTrace sofar = i < 0 ? null : s.best[i];
        LapTrace fixed = choice.personalBest(lap);
        if (fixed == null) fixed = s.chosen;
        LapTrace first = lap.flyingAndValid() ? lap : null;
        LapTrace ref = fixed != null ? fixed : sofar != null ? sofar : first;
        if (s.corners == null) {
            LapTrace from = fixed != null ? fixed : first;
            if (from != null) s.corners = CornerFinder.find(from);
        }
        LapComparison.rows(lap, ref, s.corners, out);
        if (i < 0) {
            i = s.keys.length;
            s.keys = Arrays.copyOf(s.keys, i + 1);
            s.keys[i] = key(lap);
            s.best = Arrays.copyOf(s.best, i + 1);
            s.lastEndMs = Arrays.copyOf(s.lastEndMs, i + 1);
        }
        s.lastEndMs[i] = Math.max(s.lastEndMs[i], lap.endTimeMs);
        if (lap.flyingAndValid() && (sofar == null || lap.lapTimeMs < sofar.lapTimeMs))
            s.best[i] = lap;
    }

    /** Forgets the sessions whose last lap ended before {@code beforeMs}. */
    public static void expire(LayoutState s, long beforeMs) {
        int kept = 0;
        for (int i = 0; i < s.keys.length; i++) {
            if (s.lastEndMs[i] < beforeMs) continue;
            s.keys[kept] = s.keys[i];
            s.best[kept] = s.best[i];
            s.lastEndMs[kept++] = s.lastEndMs[i];
        }
        s.keys = Arrays.copyOf(s.keys, kept);
        s.best = Arrays.copyOf(s.best, kept);
        s.lastEndMs = Arrays.copyOf(s.lastEndMs, kept);
    }

    private static int indexOf(LayoutState s, String key) {
        for (int i = 0; i < s.keys.length; i++) if (key.equals(s.keys[i])) return i;
        return -1;
    }

    private static String key(LapTrace t) {
        return t.sessionId + '\u001f' + t.carId;
    }
}
