package io.actelemetry.job.cli;

import io.actelemetry.job.corners.CornerRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** For the lap table: per lap, the two corners where it lost most time to its reference. */
final class CornerLosses {
    private CornerLosses() {}

    /** {@code "T5 +0.231, T2 +0.118"} by {@link #lapKey}, from rows of the corners table. */
    static Map<String, String> worstTwo(List<Map<String, Object>> corners) {
        Map<String, List<Map<String, Object>>> byLap = new HashMap<>();
        for (Map<String, Object> c : corners) {
            if (!CornerRow.CORNER.equals(c.get("kind"))
                    || !(c.get("time_lost_ms") instanceof Integer lost)
                    || lost <= 0) continue;
            byLap.computeIfAbsent(lapKey(c), k -> new ArrayList<>()).add(c);
        }
        Map<String, String> worst = new HashMap<>();
        byLap.forEach(
                (lap, rows) -> {
                    rows.sort(
                            Comparator.comparingInt((Map<String, Object> c) -> -lost(c))
                                    .thenComparingInt(c -> (Integer) c.get("corner")));
                    List<String> shown = new ArrayList<>();
                    for (Map<String, Object> c : rows.subList(0, Math.min(2, rows.size())))
                        shown.add(String.format("T%d %+.3f", c.get("corner"), lost(c) / 1000.0));
                    worst.put(lap, String.join(", ", shown));
                });
        return worst;
    }

    static String lapKey(Map<String, Object> row) {
        return row.get("session_id") + " " + row.get("car_id") + " " + row.get("lap_index");
    }

    private static int lost(Map<String, Object> c) {
        return (Integer) c.get("time_lost_ms");
    }
}
