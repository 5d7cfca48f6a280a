package io.actelemetry.job.cli;

import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A job's output folder: the checks before a run, and the report after it. */
final class OutputFolder {
    private static final List<String> TABLES = List.of(ParquetTables.FRAMES, ParquetTables.LAPS, ParquetTables.SEGMENTS);

    private OutputFolder() {}

    /** Refuses to mix a new run's rows with an old run's, unless told to replace them. */
    static void prepare(Path out, boolean overwrite) throws IOException {
        for (String table : TABLES) {
            Path dir = out.resolve(table);
            if (!Files.exists(dir)) continue;
            if (!overwrite) {
                throw new IOException(out + " already holds a '" + table + "' table: choose another --out, or --overwrite to replace it");
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    /** Row counts, the lap table, and the sessions whose frames gave no laps. */
    static void report(Path out, PrintStream to) throws IOException {
        to.printf("%nTables in %s:%n", out.toAbsolutePath());
        for (String table : TABLES) {
            to.printf("  %-9s %,10d rows  %s%n", table, TableReader.count(out, table), out.toAbsolutePath().resolve(table));
        }
        int laps = LapTable.print(out, to);
        TreeSet<String> withoutLaps = sessions(out, ParquetTables.FRAMES);
        withoutLaps.removeAll(sessions(out, ParquetTables.LAPS));
        for (String session : withoutLaps) {
            to.printf("%nSession %s: the input carries no usable lap data (e.g. a recording of the original bridge,"
                    + " whose lap fields are unreliable); its frames are in the frames table.%n", session);
        }
        if (laps == 0 && withoutLaps.isEmpty()) to.println("\nNo laps.");
    }

    private static TreeSet<String> sessions(Path out, String table) throws IOException {
        TreeSet<String> sessions = new TreeSet<>();
        for (Path f : TableReader.files(out, table)) {
            String folder = f.getParent().getFileName().toString();
            if (folder.startsWith(ParquetTables.PARTITION_KEY + "=")) sessions.add(folder.substring(ParquetTables.PARTITION_KEY.length() + 1));
        }
        return sessions;
    }
}
