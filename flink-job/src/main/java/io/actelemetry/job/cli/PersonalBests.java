package io.actelemetry.job.cli;

import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.job.traces.LapTrace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/**
 * The best valid flying lap of each track, layout and car model in an earlier output, from its laps
 * and traces tables: the references for a run compared with personal bests.
 */
final class PersonalBests {
    private PersonalBests() {}

    static List<LapTrace> in(Path output) throws IOException {
        if (!OutputFolder.holdsTables(output))
            throw new IOException(
                    "--reference-from " + Storage.show(output) + " holds no tables of a run");
        Map<String, Map<String, Object>> best = new HashMap<>();
        Comparator<Map<String, Object>> faster =
                Comparator.comparingInt((Map<String, Object> l) -> (Integer) l.get("lap_time_ms"))
                        .thenComparing(l -> String.valueOf(l.get("session_id")))
                        .thenComparingInt(l -> (Integer) l.get("lap_index"));
        for (Map<String, Object> lap : TableReader.rows(output, ParquetTables.LAPS)) {
            if (!"flying".equals(lap.get("lap_class")) || !Boolean.TRUE.equals(lap.get("valid")))
                continue;
            String key =
                    lap.get("track")
                            + "\u001f"
                            + lap.get("track_layout")
                            + "\u001f"
                            + lap.get("car_model");
            best.merge(key, lap, (a, b) -> faster.compare(a, b) <= 0 ? a : b);
        }
        Map<String, List<Map<String, Object>>> points = new HashMap<>();
        Map<String, Map<String, Object>> byLap = new HashMap<>();
        for (Map<String, Object> lap : best.values()) byLap.put(lapKey(lap), lap);
        for (Map<String, Object> p : TableReader.rows(output, ParquetTables.TRACES)) {
            String key = lapKey(p);
            if (byLap.containsKey(key)) points.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<LapTrace> traces = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : byLap.entrySet()) {
            List<Map<String, Object>> p = points.get(e.getKey());
            if (p != null && p.size() >= 2) traces.add(trace(e.getValue(), p));
        }
        traces.sort(Comparator.comparing(LapTrace::id));
        if (traces.isEmpty())
            throw new IOException(
                    "--reference-from "
                            + Storage.show(output)
                            + " holds no valid flying lap with a trace");
        return traces;
    }

    private static String lapKey(Map<String, Object> row) {
        return row.get("session_id")
                + "\u001f"
                + row.get("car_id")
                + "\u001f"
                + row.get("lap_index");
    }

    /** The lap back on its grid, from its rows of the traces table. */
    private static LapTrace trace(Map<String, Object> lap, List<Map<String, Object>> rows) {
        rows.sort(Comparator.comparingDouble(r -> ((Number) r.get("distance_m")).doubleValue()));
        int n = rows.size();
        LapTrace t = new LapTrace();
        t.sessionId = (String) lap.get("session_id");
        t.carId = (String) lap.get("car_id");
        t.carModel = (String) lap.get("car_model");
        t.track = (String) lap.get("track");
        t.trackLayout = (String) lap.get("track_layout");
        t.lapIndex = (Integer) lap.get("lap_index");
        t.lapTimeMs = (Integer) lap.get("lap_time_ms");
        t.valid = true;
        t.lapClass = "flying";
        t.endTimeMs = ((Number) lap.get("end_time_ms")).longValue();
        t.distanceSource = "earlier output";
        t.stepM = f(rows.get(1), "distance_m") - f(rows.get(0), "distance_m");
        t.lengthM = f(rows.get(n - 1), "distance_m");
        t.hasCoordinates = rows.get(0).get("x") != null;
        t.elapsedMs = new float[n];
        t.speedKmh = new float[n];
        t.throttle = new float[n];
        t.brake = new float[n];
        t.gear = new byte[n];
        t.steer = new float[n];
        t.accLatG = new float[n];
        t.x = new float[n];
        t.y = new float[n];
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = rows.get(i);
            t.elapsedMs[i] = f(r, "elapsed_ms");
            t.speedKmh[i] = f(r, "speed_kmh");
            t.throttle[i] = f(r, "throttle");
            t.brake[i] = f(r, "brake");
            t.gear[i] = (byte) (int) (Integer) r.get("gear");
            t.steer[i] = f(r, "steer");
            t.x[i] = t.hasCoordinates ? f(r, "x") : Float.NaN;
            t.y[i] = t.hasCoordinates ? f(r, "y") : Float.NaN;
        }
        return t;
    }

    private static float f(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).floatValue();
    }
}
