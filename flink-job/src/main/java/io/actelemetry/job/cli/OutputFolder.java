package io.actelemetry.job.cli;

import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A job's output folder, local or on any Flink filesystem ({@code s3://bucket/prefix}): the checks
 * before a run, and the report after it.
 */
final class OutputFolder {

    private OutputFolder() {}

    /**
     * Refuses a folder the tables cannot be written to, and to mix a new run's rows with an old
     * run's, unless told to replace them. Asking whether the tables exist also proves the storage
     * answers (bucket, credentials).
     */
    static void prepare(Path out, boolean overwrite) throws IOException {
        FileSystem fs = writable(out);
        for (String table : ParquetTables.ALL) {
            Path dir = new Path(out, table);
            if (!fs.exists(dir)) continue;
            if (!overwrite) {
                throw new IOException(
                        Storage.show(out)
                                + " already holds a '"
                                + table
                                + "' table: choose another --out, or --overwrite to replace it");
            }
            fs.delete(dir, true);
        }
    }

    /**
     * The filesystem of {@code out}, if Flink's file sink can write there and the storage answers:
     * the sink needs a recoverable writer, which some filesystems lack (the Presto S3 plugin,
     * s3p://), and a bucket may not exist or refuse the credentials. Said before the job starts,
     * not when it first writes.
     */
    static FileSystem writable(Path out) throws IOException {
        FileSystem fs = Storage.fileSystem(out, "--out");
        try {
            fs.createRecoverableWriter();
        } catch (IOException | UnsupportedOperationException e) {
            throw new IOException(
                    "--out "
                            + Storage.show(out)
                            + ": the tables cannot be written there: "
                            + e.getMessage()
                            + " (for S3, use s3:// or s3a:// with Flink's flink-s3-fs-hadoop"
                            + " plugin)",
                    e);
        }
        try {
            fs.exists(out);
        } catch (IOException e) {
            throw new IOException(
                    "--out "
                            + Storage.show(out)
                            + ": the storage does not answer ("
                            + e.getMessage()
                            + "): check the bucket, the endpoint and the credentials",
                    e);
        }
        return fs;
    }

    /** Whether {@code out} holds any of the tables. */
    static boolean holdsTables(Path out) throws IOException {
        FileSystem fs = Storage.fileSystem(out, "path");
        for (String table : ParquetTables.ALL) if (fs.exists(new Path(out, table))) return true;
        return false;
    }

    /** Row counts, the lap table, and the sessions whose frames gave no laps, with why. */
    static void report(Path out, PrintStream to) throws IOException {
        to.printf("%nTables in %s:%n", Storage.show(out));
        for (String table : ParquetTables.ALL) {
            to.printf(
                    "  %-10s %,10d rows  %s%n",
                    table, TableReader.count(out, table), Storage.show(new Path(out, table)));
        }
        Map<String, Map<String, Object>> lapFields = LapTable.lapFields(out);
        int laps = LapTable.print(out, lapFields, to);
        TreeSet<String> withoutLaps = sessions(out, ParquetTables.FRAMES);
        withoutLaps.removeAll(sessions(out, ParquetTables.LAPS));
        for (Map<String, Object> v : lapFields.values()) {
            String session = String.valueOf(v.get("session_id"));
            if (Boolean.TRUE.equals(v.get("trusted"))
                    || !withoutLaps.contains(ParquetTables.sessionFolder(session))) continue;
            String car =
                    v.get("car_id") == null || v.get("car_id").toString().isEmpty()
                            ? ""
                            : " car " + v.get("car_id");
            to.printf(
                    "%nSession %s%s: no usable lap data (%s); its frames are in the frames"
                            + " table.%n",
                    session, car, v.get("reason"));
        }
        for (Map<String, Object> v : lapFields.values())
            withoutLaps.remove(ParquetTables.sessionFolder(String.valueOf(v.get("session_id"))));
        for (String session : withoutLaps) {
            to.printf(
                    "%nSession %s: the input carries no usable lap data; its frames are in the"
                            + " frames table.%n",
                    session);
        }
        if (laps == 0 && lapFields.isEmpty() && withoutLaps.isEmpty()) to.println("\nNo laps.");
    }

    /**
     * The report after a finished run; the tables are written by then, so a failure to read them
     * back (a client without the cluster's filesystem, say) is told, and the run still counts as
     * done.
     */
    static void reportAfterRun(Path out, PrintStream to) {
        try {
            report(out, to);
        } catch (IOException | RuntimeException e) {
            to.printf(
                    "%nThe tables are written to %s, but could not be read back here for the lap"
                            + " table: %s%n",
                    Storage.show(out), e);
        }
    }

    private static TreeSet<String> sessions(Path out, String table) throws IOException {
        TreeSet<String> sessions = new TreeSet<>();
        for (FileStatus f : TableReader.files(out, table)) {
            String folder = f.getPath().getParent().getName();
            if (folder.startsWith(ParquetTables.PARTITION_KEY + "="))
                sessions.add(folder.substring(ParquetTables.PARTITION_KEY.length() + 1));
        }
        return sessions;
    }
}
