package io.actelemetry.job.report;

import io.actelemetry.job.laps.SessionTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the page of one session shows, from its rows of the laps, traces and corners tables: the
 * laps, each traced lap downsampled to a point every few metres (the tables keep every point), its
 * corners, and the reference each lap was compared with. Plain maps and lists, written as JSON.
 */
final class ReportData {
    private ReportData() {}

    static Map<String, Object> of(
            List<Map<String, Object>> laps,
            List<Map<String, Object>> traces,
            List<Map<String, Object>> corners,
            float pageStepM) {
        List<Map<String, Object>> sorted = new ArrayList<>(laps);
        sorted.sort(
                Comparator.comparing((Map<String, Object> l) -> str(l, "car_id"))
                        .thenComparingInt(l -> (Integer) l.get("lap_index")));
        Map<String, Object> first = sorted.get(0);
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", str(first, "session_id"));
        session.put("track", str(first, "track"));
        session.put("layout", str(first, "track_layout"));
        session.put("car", str(first, "car_model"));
        session.put(
                "driver", str(first, "driver").isEmpty() ? "unknown driver" : str(first, "driver"));
        session.put("type", SessionTypes.label((Integer) first.get("session_type")));
        data.put("session", session);
        data.put("cars", sorted.stream().map(l -> str(l, "car_id")).distinct().count());

        List<Map<String, Object>> lapList = new ArrayList<>();
        Map<String, Object> best = null;
        int[] bestSectors = new int[0];
        Integer theoretical = null;
        for (Map<String, Object> l : sorted) {
            Map<String, Object> lap = new LinkedHashMap<>();
            lap.put("car", str(l, "car_id"));
            lap.put("index", l.get("lap_index"));
            lap.put("number", l.get("lap_number"));
            lap.put("timeMs", l.get("lap_time_ms"));
            lap.put("computed", l.get("lap_time_computed"));
            lap.put("lapClass", l.get("lap_class"));
            lap.put("valid", l.get("valid"));
            lap.put("reason", str(l, "invalid_reason"));
            int[] sectors = sectors(l.get("sector_times_ms"));
            lap.put("sectors", sectors);
            lap.put("best", Boolean.TRUE.equals(l.get("personal_best")));
            lap.put("deltaMs", l.get("delta_to_best_ms"));
            lapList.add(lap);
            if (Boolean.TRUE.equals(l.get("personal_best"))) best = lap;
            if (Boolean.TRUE.equals(l.get("valid"))) bestSectors = bestOf(bestSectors, sectors);
            if (l.get("theoretical_best_ms") != null)
                theoretical = (Integer) l.get("theoretical_best_ms");
        }
        // the best lap is the session's last personal best; only it keeps the mark
        for (Map<String, Object> lap : lapList) lap.put("best", lap == best);
        data.put("laps", lapList);
        data.put("bestLap", best);
        data.put("bestSectors", bestSectors);
        data.put("theoreticalBestMs", theoretical);

        Map<String, List<Map<String, Object>>> points = new TreeMap<>();
        for (Map<String, Object> p : traces)
            points.computeIfAbsent(lapKey(p), k -> new ArrayList<>()).add(p);
        Map<String, Object> traceData = new LinkedHashMap<>();
        Map<String, String> defaultRef = new LinkedHashMap<>();
        points.forEach(
                (lap, rows) -> {
                    rows.sort(
                            Comparator.comparingDouble(
                                    r -> ((Number) r.get("distance_m")).doubleValue()));
                    traceData.put(lap, downsampled(rows, pageStepM));
                    Object ref = rows.get(rows.size() - 1).get("reference_lap_index");
                    if (ref != null && rows.get(0).get("reference_session_id") == null)
                        defaultRef.put(lap, str(rows.get(0), "car_id") + ":" + ref);
                });
        data.put("traces", traceData);
        data.put("defaultRef", defaultRef);

        Map<String, List<Map<String, Object>>> cornerData = new TreeMap<>();
        for (Map<String, Object> c : corners) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", c.get("kind"));
            row.put("corner", c.get("corner"));
            row.put("startM", c.get("start_m"));
            row.put("endM", c.get("end_m"));
            row.put("timeMs", c.get("time_ms"));
            row.put("timeLostMs", c.get("time_lost_ms"));
            row.put("entry", c.get("entry_speed_kmh"));
            row.put("min", c.get("min_speed_kmh"));
            row.put("exit", c.get("exit_speed_kmh"));
            row.put("brake", c.get("brake_point_m"));
            row.put("throttle", c.get("throttle_on_m"));
            cornerData.computeIfAbsent(lapKey(c), k -> new ArrayList<>()).add(row);
        }
        cornerData
                .values()
                .forEach(
                        l ->
                                l.sort(
                                        Comparator.comparingDouble(
                                                r -> ((Number) r.get("startM")).doubleValue())));
        data.put("corners", cornerData);
        return data;
    }

    /** A lap's trace with a point every {@code stepM} (and its last), as column arrays. */
    private static Map<String, Object> downsampled(List<Map<String, Object>> rows, float stepM) {
        List<Map<String, Object>> kept = new ArrayList<>();
        double next = 0;
        for (int i = 0; i < rows.size(); i++) {
            double d = ((Number) rows.get(i).get("distance_m")).doubleValue();
            if (d >= next || i == rows.size() - 1) {
                kept.add(rows.get(i));
                next = d + stepM - 1e-3;
            }
        }
        boolean coordinates = kept.get(0).get("x") != null;
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("d", column(kept, "distance_m", 1));
        t.put("t", column(kept, "elapsed_ms", 1));
        t.put("v", column(kept, "speed_kmh", 10));
        t.put("thr", column(kept, "throttle", 100));
        t.put("brk", column(kept, "brake", 100));
        t.put("gear", column(kept, "gear", 1));
        t.put("x", coordinates ? column(kept, "x", 10) : null);
        t.put("y", coordinates ? column(kept, "y", 10) : null);
        return t;
    }

    /** A column rounded to {@code 1 / scale}: the page needs no more, and stays small. */
    private static double[] column(List<Map<String, Object>> rows, String name, double scale) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = rows.get(i).get(name);
            v[i] = o == null ? 0 : Math.round(((Number) o).doubleValue() * scale) / scale;
        }
        return v;
    }

    private static int[] sectors(Object v) {
        if (v instanceof List<?> l)
            return l.stream().mapToInt(o -> o == null ? 0 : ((Number) o).intValue()).toArray();
        return new int[0];
    }

    private static int[] bestOf(int[] best, int[] sectors) {
        int[] b =
                best.length >= sectors.length
                        ? best.clone()
                        : java.util.Arrays.copyOf(best, sectors.length);
        for (int i = 0; i < sectors.length; i++)
            if (sectors[i] > 0 && (b[i] == 0 || sectors[i] < b[i])) b[i] = sectors[i];
        return b;
    }

    static String lapKey(Map<String, Object> row) {
        return str(row, "car_id") + ":" + row.get("lap_index");
    }

    private static String str(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? "" : v.toString();
    }
}
