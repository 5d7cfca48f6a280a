package io.actelemetry.job.sink;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetBulkWriter;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The job's Parquet tables: {@code <out>/<table>/session_key=<session>/<table>-*.parquet}, one
 * folder per session so its data is easy to find (and Hive-style, so DuckDB, Spark and pyarrow read
 * the key as a column). Files are written by {@link FileSink}: exactly-once, visible on checkpoint
 * (streaming) or at the end of a batch run, on any Flink filesystem with a recoverable writer
 * (local, HDFS, S3 through flink-s3-fs-hadoop). Plain Parquet: {@link #CODEC}, no Hadoop-only
 * encodings.
 */
public final class ParquetTables {
    public static final String FRAMES = "frames";
    public static final String LAPS = "laps";
    public static final String SEGMENTS = "segments";

    /** One row per (session, car): whether its lap fields were trusted, and why. */
    public static final String LAP_FIELDS = "lap_fields";

    /** Every timed lap on a distance grid, with its delta to the reference lap. */
    public static final String TRACES = "traces";

    /** Per lap, each corner and straight of its layout, with the time lost there. */
    public static final String CORNERS = "corners";

    /** Every table a job writes, in the order they are reported. */
    public static final List<String> ALL =
            List.of(FRAMES, LAPS, SEGMENTS, LAP_FIELDS, TRACES, CORNERS);

    /**
     * Folder key of a session's partition; not a column name of any table, so readers never see a
     * clash.
     */
    public static final String PARTITION_KEY = "session_key";

    /**
     * The tables' compression: ZSTD (level 3) gives frames files about 28 % smaller than Snappy at
     * the same replay speed, and every Parquet reader in use (DuckDB, pyarrow, Spark) reads it.
     */
    static final CompressionCodecName CODEC = CompressionCodecName.ZSTD;

    private static final Pattern UNSAFE_IN_PATHS = Pattern.compile("[^A-Za-z0-9._-]");

    private ParquetTables() {}

    /**
     * A table written record by record (small tables), under {@code out} on any Flink filesystem.
     */
    public static <T> FileSink<T> sink(Path out, String table, RowWriter<T> rows) {
        return sink(out, table, rows, writer(rows));
    }

    /** A table written column by column (wide, high-rate tables: {@link FlatRowWriter}). */
    public static <T> FileSink<T> sink(Path out, String table, FlatRows<T> rows) {
        return sink(out, table, rows, FlatRowWriter.factory(rows));
    }

    private static <T> FileSink<T> sink(
            Path out, String table, TableLayout<T> layout, BulkWriter.Factory<T> writers) {
        SessionFiles<T> files = new SessionFiles<>(layout);
        return FileSink.forBulkFormat(new Path(out, table), writers)
                .withBucketAssigner(files)
                .withRollingPolicy(files)
                .withBucketCheckInterval(SessionFiles.CHECK_INTERVAL_MS)
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix(table)
                                .withPartSuffix(".parquet")
                                .build())
                .build();
    }

    /** Writes one Parquet file of rows laid out by {@code rows}. */
    public static <T> BulkWriter.Factory<T> writer(RowWriter<T> rows) {
        Builder<T> builder = new Builder<>(rows);
        // StreamFile, not flink-parquet's own adapter, which hands parquet the part file's stream
        // unbuffered: a footer was then a system call for every few bytes
        return out -> new ParquetBulkWriter<>(builder.createWriter(new StreamFile(out)));
    }

    /** The name of the folder of {@code sessionId}'s partition, less the key. */
    public static String sessionFolder(String sessionId) {
        return partition(sessionId).substring(PARTITION_KEY.length() + 1);
    }

    /**
     * Folder name of a session: {@code session_key=<id>} with characters unsafe in paths replaced.
     */
    public static String partition(String sessionId) {
        String id =
                sessionId == null || sessionId.isEmpty()
                        ? "unknown"
                        : UNSAFE_IN_PATHS.matcher(sessionId).replaceAll("_");
        return PARTITION_KEY + "=" + id;
    }

    private static final class Builder<T> implements ParquetBuilder<T> {
        private static final long serialVersionUID = 1L;
        private final RowWriter<T> rows;

        Builder(RowWriter<T> rows) {
            this.rows = rows;
        }

        @Override
        public ParquetWriter<T> createWriter(OutputFile file) throws IOException {
            WriterBuilder<T> builder =
                    new WriterBuilder<>(file, new TableWriteSupport<>(rows))
                            // Not Hadoop's Configuration, which the builder makes by default: each
                            // new one parses Hadoop's default XML again, and a live job opens a
                            // file per session and table at every checkpoint.
                            .withConf(new PlainParquetConfiguration())
                            .withCompressionCodec(CODEC)
                            .withSizeStatisticsEnabled(
                                    false); // per-value level histograms nobody reads; min/max stay
            // Numbers PLAIN, as in the frames table: distances, times and speeds hardly repeat,
            // so parquet built a dictionary for every chunk only to give it up, at a cost in time
            // and in file size; ZSTD packs the few number columns that do repeat.
            for (ColumnDescriptor c : rows.schema().getColumns()) {
                if (c.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY)
                    builder = builder.withDictionaryEncoding(String.join(".", c.getPath()), false);
            }
            return builder.build();
        }
    }

    private static final class WriterBuilder<T> extends ParquetWriter.Builder<T, WriterBuilder<T>> {
        private final WriteSupport<T> support;

        WriterBuilder(OutputFile file, WriteSupport<T> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected WriterBuilder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }
}
