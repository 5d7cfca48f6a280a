package io.actelemetry.job.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a table back with parquet's own reader (what the {@code laps} command prints, and what
 * tests check): finished files only ({@code *.parquet}, not the sink's hidden in-progress files),
 * in path order. Tables on any Flink filesystem ({@code s3://...}) are read through Flink's {@link
 * FileSystem}; local ones also by java.nio path.
 */
public final class TableReader {

    private TableReader() {}

    /** The finished Parquet files of {@code table} under {@code out}, in path order. */
    public static List<Path> files(Path out, String table) throws IOException {
        Path dir = out.resolve(table);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(
                            p ->
                                    p.getFileName().toString().endsWith(".parquet")
                                            && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Every row of {@code table}, each a column name to value map (null for a null, a List for a
     * list column).
     */
    public static List<Map<String, Object>> rows(Path out, String table) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path f : files(out, table)) rows.addAll(rows(f));
        return rows;
    }

    /** Row count from the files' footers, without reading the data. */
    public static long count(Path out, String table) throws IOException {
        long n = 0;
        for (Path f : files(out, table)) n += count(new LocalInputFile(f));
        return n;
    }

    /**
     * The finished Parquet files of {@code table} under {@code out} on any Flink filesystem, in
     * path order.
     */
    public static List<FileStatus> files(org.apache.flink.core.fs.Path out, String table)
            throws IOException {
        org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(out, table);
        FileSystem fs = dir.getFileSystem();
        List<FileStatus> files = new ArrayList<>();
        if (fs.exists(dir)) walk(fs, dir, files);
        files.sort(Comparator.comparing(f -> f.getPath().toString()));
        return files;
    }

    private static void walk(
            FileSystem fs, org.apache.flink.core.fs.Path dir, List<FileStatus> files)
            throws IOException {
        FileStatus[] all = fs.listStatus(dir);
        if (all == null) return; // gone meanwhile
        for (FileStatus f : all) {
            String name = f.getPath().getName();
            if (f.isDir()) walk(fs, f.getPath(), files);
            else if (name.endsWith(".parquet") && !name.startsWith(".")) files.add(f);
        }
    }

    /**
     * The finished files of {@code table} under {@code out} by the partition folder of their
     * session (the folder's name without {@code session_key=}), in name order.
     */
    public static Map<String, List<FileStatus>> filesBySession(
            org.apache.flink.core.fs.Path out, String table) throws IOException {
        Map<String, List<FileStatus>> bySession = new java.util.TreeMap<>();
        String prefix = ParquetTables.PARTITION_KEY + "=";
        for (FileStatus f : files(out, table)) {
            String folder = f.getPath().getParent().getName();
            String session = folder.startsWith(prefix) ? folder.substring(prefix.length()) : folder;
            bySession.computeIfAbsent(session, s -> new ArrayList<>()).add(f);
        }
        return bySession;
    }

    /** Every row of {@code table} under {@code out} on any Flink filesystem. */
    public static List<Map<String, Object>> rows(org.apache.flink.core.fs.Path out, String table)
            throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FileStatus f : files(out, table)) rows.addAll(rows(f));
        return rows;
    }

    /**
     * Row count of {@code table} under {@code out} on any Flink filesystem, from the files'
     * footers.
     */
    public static long count(org.apache.flink.core.fs.Path out, String table) throws IOException {
        long n = 0;
        for (FileStatus f : files(out, table)) n += count(f);
        return n;
    }

    /**
     * The rows of one finished file on any Flink filesystem (one of {@link
     * #files(org.apache.flink.core.fs.Path, String)}).
     */
    public static List<Map<String, Object>> rows(FileStatus file) throws IOException {
        return rows(open(file));
    }

    /** The row count of one finished file on any Flink filesystem, from its footer. */
    public static long count(FileStatus file) throws IOException {
        return count(open(file));
    }

    private static InputFile open(FileStatus file) throws IOException {
        return new ParquetInputFile(
                file.getPath().getFileSystem().open(file.getPath()), file.getLen());
    }

    /**
     * Read options on a plain configuration, made once: parquet's default ones load a Hadoop
     * configuration (parsing its XML resources) for every file opened, which costs more than
     * reading the small files of the lap tables.
     */
    private static final ParquetReadOptions OPTIONS =
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build();

    private static long count(InputFile file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(file, OPTIONS)) {
            return r.getRecordCount();
        }
    }

    /** The rows of one Parquet file. */
    public static List<Map<String, Object>> rows(Path file) throws IOException {
        return rows(new LocalInputFile(file));
    }

    private static List<Map<String, Object>> rows(InputFile file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        forEachRow(file, g -> rows.add(map(g)));
        return rows;
    }

    /**
     * Each row of one Parquet file as parquet's own {@link Group}, one after another: for files
     * larger than a heap holds as maps.
     */
    public static void forEachRow(Path file, Consumer<Group> action) throws IOException {
        forEachRow(new LocalInputFile(file), action);
    }

    private static void forEachRow(InputFile file, Consumer<Group> action) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(file, OPTIONS)) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            for (PageReadStore pages = r.readNextRowGroup();
                    pages != null;
                    pages = r.readNextRowGroup()) {
                RecordReader<Group> records =
                        io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) action.accept(records.read());
            }
        }
    }

    private static Map<String, Object> map(Group g) {
        Map<String, Object> row = new LinkedHashMap<>();
        GroupType type = g.getType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type f = type.getType(i);
            row.put(f.getName(), g.getFieldRepetitionCount(i) == 0 ? null : value(g, i, 0, f));
        }
        return row;
    }

    private static Object value(Group g, int field, int index, Type type) {
        if (!type.isPrimitive()) { // a LIST: group { repeated group list { element } }
            Group list = g.getGroup(field, index);
            List<Object> values = new ArrayList<>();
            if (list.getType().getFieldCount() > 0) {
                int n = list.getFieldRepetitionCount(0);
                for (int k = 0; k < n; k++) {
                    Group element = list.getGroup(0, k);
                    values.add(value(element, 0, 0, element.getType().getType(0)));
                }
            }
            return values;
        }
        PrimitiveType p = type.asPrimitiveType();
        return switch (p.getPrimitiveTypeName()) {
            case INT32 -> g.getInteger(field, index);
            case INT64 -> g.getLong(field, index);
            case FLOAT -> g.getFloat(field, index);
            case DOUBLE -> g.getDouble(field, index);
            case BOOLEAN -> g.getBoolean(field, index);
            default ->
                    p.getLogicalTypeAnnotation()
                                    instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                            ? g.getString(field, index)
                            : g.getBinary(field, index).getBytes();
        };
    }
}
