package io.actelemetry.job.cli;

import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

/**
 * What {@code watch} did with the recordings it took, said as the rows become visible: after each
 * commit, every session that gained rows, with its frames and laps so far and its lap table.
 */
final class WatchReport {

    private final Path out;
    private final PrintStream to;
    private final Set<Path> seen = new HashSet<>();

    WatchReport(Path out, PrintStream to) {
        this.out = out;
        this.to = to;
    }

    /**
     * Prints the sessions whose frames or laps gained files since the last call; returns how many.
     */
    int report() throws IOException {
        Map<String, List<FileStatus>> frames =
                TableReader.filesBySession(out, ParquetTables.FRAMES);
        Map<String, List<FileStatus>> laps = TableReader.filesBySession(out, ParquetTables.LAPS);
        Map<String, List<FileStatus>> corners =
                TableReader.filesBySession(out, ParquetTables.CORNERS);
        Set<String> grown = new HashSet<>();
        for (Map<String, List<FileStatus>> table : List.of(frames, laps)) {
            table.forEach(
                    (session, files) ->
                            files.forEach(
                                    f -> {
                                        if (seen.add(f.getPath())) grown.add(session);
                                    }));
        }
        if (grown.isEmpty()) return 0;
        Map<String, Map<String, Object>> lapFields = LapTable.lapFields(out);
        for (String session : new TreeSet<>(grown)) {
            long frameCount = 0;
            for (FileStatus f : frames.getOrDefault(session, List.of()))
                frameCount += TableReader.count(f);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (FileStatus f : laps.getOrDefault(session, List.of()))
                rows.addAll(TableReader.rows(f));
            List<Map<String, Object>> cornerRows = new ArrayList<>();
            for (FileStatus f : corners.getOrDefault(session, List.of()))
                cornerRows.addAll(TableReader.rows(f));
            to.printf(
                    "%nCommitted session %s: %,d frames, %d laps so far%n",
                    session, frameCount, rows.size());
            LapTable.print(rows, lapFields, cornerRows, to);
        }
        return grown.size();
    }
}
