package io.actelemetry.job.cli;

import io.actelemetry.job.laps.SessionTypes;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/** The lap table of an output folder, as a racer reads it: per session, one line per lap. */
public final class LapTable {

    private LapTable() {}

    /** The rows of the lap-fields table under {@code out}, by session and car. */
    static Map<String, Map<String, Object>> lapFields(Path out) throws IOException {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> v : TableReader.rows(out, ParquetTables.LAP_FIELDS))
            byKey.put(key(v), v);
        return byKey;
    }

    /**
     * Prints the laps found under {@code out} (on any Flink filesystem), each session with how its
     * lap fields were judged ({@code lapFields}, by {@link #lapFields}). Returns the number of laps
     * printed.
     */
    public static int print(Path out, Map<String, Map<String, Object>> lapFields, PrintStream to)
            throws IOException {
        return print(
                TableReader.rows(out, ParquetTables.LAPS),
                lapFields,
                TableReader.rows(out, ParquetTables.CORNERS),
                to);
    }

    /**
     * Prints {@code rows} of a laps table, by session and lap, each with the corners of {@code
     * corners} (rows of the corners table) where it lost most; returns their number.
     */
    static int print(
            List<Map<String, Object>> rows,
            Map<String, Map<String, Object>> lapFields,
            List<Map<String, Object>> corners,
            PrintStream to) {
        Map<String, String> losses = CornerLosses.worstTwo(corners);
        List<Map<String, Object>> laps = new ArrayList<>(rows);
        laps.sort(
                Comparator.comparing((Map<String, Object> r) -> str(r, "session_id"))
                        .thenComparing(r -> str(r, "car_id"))
                        .thenComparingInt(r -> (Integer) r.get("lap_index")));
        Map<String, List<Map<String, Object>>> bySession = new LinkedHashMap<>();
        for (Map<String, Object> lap : laps) {
            bySession.computeIfAbsent(key(lap), k -> new ArrayList<>()).add(lap);
        }
        for (Map.Entry<String, List<Map<String, Object>>> session : bySession.entrySet()) {
            printSession(session.getValue(), lapFields.get(session.getKey()), losses, to);
        }
        return laps.size();
    }

    private static String key(Map<String, Object> row) {
        return str(row, "session_id") + " " + str(row, "car_id");
    }

    private static void printSession(
            List<Map<String, Object>> laps,
            Map<String, Object> lapFields,
            Map<String, String> losses,
            PrintStream to) {
        Map<String, Object> first = laps.get(0);
        String car = str(first, "car_id");
        to.printf(
                "%nSession %s%s · %s%s · %s · %s · %s%n",
                str(first, "session_id"),
                car.isEmpty() ? "" : " car " + car,
                str(first, "track"),
                str(first, "track_layout").isEmpty() ? "" : " (" + str(first, "track_layout") + ")",
                str(first, "car_model"),
                str(first, "driver").isEmpty() ? "unknown driver" : str(first, "driver"),
                SessionTypes.label((Integer) first.get("session_type")));
        if (lapFields != null) to.printf("  Lap fields trusted: %s%n", str(lapFields, "reason"));
        Map<String, Object> best = null;
        for (Map<String, Object> lap : laps)
            if (Boolean.TRUE.equals(lap.get("personal_best"))) best = lap;
        to.printf(
                "  %4s %4s %3s  %-10s  %-10s  %-24s %-4s  %-7s  %s%n",
                "#", "lap", "run", "time", "class", "validity", "best", "delta", "lost most in");
        boolean computed = false;
        for (Map<String, Object> lap : laps) {
            boolean isComputed = Boolean.TRUE.equals(lap.get("lap_time_computed"));
            computed |= isComputed;
            // against the session's final best, not the best when the lap was driven (the table's
            // column)
            Integer delta =
                    best == null || "incomplete".equals(lap.get("lap_class"))
                            ? null
                            : (Integer) lap.get("lap_time_ms") - (Integer) best.get("lap_time_ms");
            String line =
                    String.format(
                            "  %4d %4d %3d  %-10s  %-10s  %-24s %-4s  %-7s  %s",
                            lap.get("lap_index"),
                            lap.get("lap_number"),
                            lap.get("run"),
                            time((Integer) lap.get("lap_time_ms")) + (isComputed ? "*" : ""),
                            str(lap, "lap_class"),
                            Boolean.TRUE.equals(lap.get("valid"))
                                    ? "valid"
                                    : "invalid: " + str(lap, "invalid_reason"),
                            lap == best ? "best" : "",
                            delta == null ? "" : String.format("%+.3f", delta / 1000.0),
                            losses.getOrDefault(CornerLosses.lapKey(lap), ""));
            to.println(line.stripTrailing());
        }
        if (computed) to.println("  * computed from the samples: the game gave no lap time");
        String ignored = ignored(laps);
        if (!ignored.isEmpty()) to.printf("  Ignored as impossible or glitched: %s%n", ignored);
        Map<String, Object> last = laps.get(laps.size() - 1);
        if (best != null)
            to.printf(
                    "  Best lap %s (lap %s)%n",
                    time((Integer) best.get("lap_time_ms")), best.get("lap_number"));
        else to.println("  No valid flying lap.");
        Integer theoretical = (Integer) last.get("theoretical_best_ms");
        Integer theoreticalMini = (Integer) last.get("theoretical_best_mini_ms");
        if (theoretical != null || theoreticalMini != null) {
            to.printf(
                    "  Theoretical best %s (sectors), %s (mini-sectors)%n",
                    time(theoretical), time(theoreticalMini));
        }
    }

    private static final String[][] IGNORED = {
        {"ignored_counter_samples", "lap counter"},
        {"ignored_lap_clock_samples", "lap clock"},
        {"ignored_last_lap_samples", "last-lap time"},
        {"ignored_spline_samples", "spline position"},
        {"ignored_position_samples", "car position"},
        {"ignored_non_finite_samples", "NaN or infinite channels"}
    };

    /**
     * The session's samples ignored as impossible or glitched, by kind: "2 lap counter, 1 lap
     * clock".
     */
    private static String ignored(List<Map<String, Object>> laps) {
        List<String> kinds = new ArrayList<>();
        for (String[] kind : IGNORED) {
            long n = 0;
            for (Map<String, Object> lap : laps) if (lap.get(kind[0]) instanceof Integer i) n += i;
            if (n > 0) kinds.add(n + " " + kind[1]);
        }
        return String.join(", ", kinds);
    }

    static String time(Integer ms) {
        if (ms == null) return "-";
        return String.format("%d:%02d.%03d", ms / 60_000, ms / 1000 % 60, ms % 1000);
    }

    private static String str(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? "" : v.toString();
    }
}
