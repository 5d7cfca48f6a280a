package io.actelemetry.job.report;

import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The session reports of an output folder (local or any Flink filesystem): one HTML page per
 * session under {@code reports/}, named after its partition folder.
 */
public final class Reports {
    /** The page's traces keep a point every this many metres (the table keeps every point). */
    public static final float PAGE_STEP_M = 10f;

    public static final String FOLDER = "reports";

    private Reports() {}

    /** Writes the page of every session with laps (or of {@code session} alone); their paths. */
    public static List<Path> write(Path out, String session) throws IOException {
        Map<String, List<FileStatus>> laps = TableReader.filesBySession(out, ParquetTables.LAPS);
        Map<String, List<FileStatus>> traces =
                TableReader.filesBySession(out, ParquetTables.TRACES);
        Map<String, List<FileStatus>> corners =
                TableReader.filesBySession(out, ParquetTables.CORNERS);
        String only = session == null ? null : ParquetTables.sessionFolder(session);
        if (only != null && !laps.containsKey(only))
            throw new IOException("no laps of session " + session + " in " + out);
        List<Path> written = new ArrayList<>();
        for (String s : laps.keySet()) {
            if (only != null && !only.equals(s)) continue;
            List<Map<String, Object>> lapRows = rows(laps.get(s));
            if (lapRows.isEmpty()) continue;
            String html =
                    ReportPage.html(
                            ReportData.of(
                                    lapRows,
                                    rows(traces.get(s)),
                                    rows(corners.get(s)),
                                    PAGE_STEP_M));
            Path page = new Path(new Path(out, FOLDER), s + ".html");
            FileSystem fs = page.getFileSystem();
            try (OutputStream os = fs.create(page, FileSystem.WriteMode.OVERWRITE)) {
                os.write(html.getBytes(StandardCharsets.UTF_8));
            }
            written.add(page);
        }
        return written;
    }

    private static List<Map<String, Object>> rows(List<FileStatus> files) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (files != null) for (FileStatus f : files) rows.addAll(TableReader.rows(f));
        return rows;
    }
}
