package io.actelemetry.job.sink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a {@link FlatRows} table into one Parquet file column by column: rows are gathered into
 * pages of {@code pageRows} rows ({@link ColumnPages}), pages into row groups of {@code groupPages}
 * pages, and handed to parquet's own page store and file writer: the tables' codec ({@link
 * ParquetTables#CODEC}, through {@link ZstdPages}), v1 data pages with checksums, statistics,
 * column and offset indexes, dictionaries for strings, like parquet's record writer, without its
 * per-value record bookkeeping, which cost the {@code frames} table most of its time. One row group
 * is held in memory (compressed) until it is written.
 */
public final class FlatRowWriter<T> implements BulkWriter<T> {
    /**
     * Parquet's default page row limit is 20,000; smaller pages keep an open file's buffers small
     * (~8 MB for frames).
     */
    static final int PAGE_ROWS = 8192;

    /**
     * Rows the page arrays hold at first, doubled as needed up to the page: a live job keeps a file
     * open per session and rolls it at every checkpoint, a few thousand rows in, so full-size
     * arrays would cost it ~8 MB a session. A file that takes a finished one's arrays ({@link
     * SparePages}) starts with their size.
     */
    static final int FIRST_PAGE_ROWS = 256;

    /**
     * 131,072 rows a row group, close to DuckDB's own 122,880: enough for readers to split work on.
     */
    static final int GROUP_ROWS = 131_072;

    private final FlatRows<T> table;
    private final SparePages spares;
    private final ParquetFileWriter file;
    private final ZstdPages compressor = new ZstdPages();
    private final ParquetProperties props;
    private final List<ColumnDescriptor> descriptors;
    private final ColumnPages[] columns;
    private final FlatRow row;
    // the columns' page arrays, shared with row, replaced as they grow
    private final int[][] ints;
    private final long[][] longs;
    private final Object[][] refs;
    private final boolean[][] present;
    private final int pageRows;
    private int capacity;
    private final int groupPages;

    private ColumnChunkPageWriteStore group;
    private int rowsInPage;
    private int pagesInGroup;
    private long rowsInGroup;

    FlatRowWriter(
            FlatRows<T> table,
            FSDataOutputStream out,
            int pageRows,
            int groupPages,
            SparePages spares)
            throws IOException {
        this.table = table;
        this.spares = spares;
        this.pageRows = pageRows;
        this.groupPages = groupPages;
        MessageType schema = table.schema();
        props = properties();
        descriptors = schema.getColumns();
        columns = new ColumnPages[descriptors.size()];
        ints = new int[columns.length][];
        longs = new long[columns.length][];
        refs = new Object[columns.length][];
        present = new boolean[columns.length][];
        ColumnPages[] spare = spares.take();
        capacity = spare == null ? Math.min(pageRows, FIRST_PAGE_ROWS) : spare[0].capacity();
        for (int c = 0; c < columns.length; c++)
            columns[c] =
                    spare == null
                            ? new ColumnPages(descriptors.get(c), props, capacity)
                            : new ColumnPages(spare[c]);
        shareArrays();
        row = new FlatRow(ints, longs, refs, present);
        file =
                new ParquetFileWriter(
                        new StreamFile(out),
                        schema,
                        ParquetFileWriter.Mode.CREATE,
                        0,
                        0,
                        props.getColumnIndexTruncateLength(),
                        props.getStatisticsTruncateLength(),
                        props.getPageWriteChecksumEnabled());
        file.start();
    }

    /** Writers with the table's pages, in row groups of about {@link #GROUP_ROWS} rows. */
    public static <T> BulkWriter.Factory<T> factory(FlatRows<T> table) {
        int pageRows = table.pageRows();
        return factory(table, pageRows, Math.max(1, GROUP_ROWS / pageRows));
    }

    static <T> BulkWriter.Factory<T> factory(FlatRows<T> table, int pageRows, int groupPages) {
        return new Factory<>(table, pageRows, groupPages);
    }

    /**
     * A table's writers in one subtask (each has its own copy of the sink): each new file fills the
     * page arrays of one finished before it ({@link SparePages}).
     */
    static final class Factory<T> implements BulkWriter.Factory<T> {
        private final FlatRows<T> table;
        private final int pageRows;
        private final int groupPages;
        private transient SparePages spares;

        Factory(FlatRows<T> table, int pageRows, int groupPages) {
            this.table = table;
            this.pageRows = pageRows;
            this.groupPages = groupPages;
        }

        @Override
        public FlatRowWriter<T> create(FSDataOutputStream out) throws IOException {
            return new FlatRowWriter<>(table, out, pageRows, groupPages, spares());
        }

        synchronized SparePages spares() {
            if (spares == null) spares = new SparePages();
            return spares;
        }
    }

    /** Rows the page arrays have room for now. */
    int capacity() {
        return capacity;
    }

    /**
     * Parquet's defaults (dictionaries for the strings, {@link ColumnPages} writes numbers PLAIN),
     * with a values writer factory of its own: parquet's default one is a JVM-wide singleton that
     * takes the settings of whichever writer was built last.
     */
    private static ParquetProperties properties() {
        return ParquetProperties.builder()
                .withValuesWriterFactory(new DefaultValuesWriterFactory())
                .withSizeStatisticsEnabled(
                        false) // per-value level histograms nobody reads; min/max stay
                .build();
    }

    @Override
    public void addElement(T element) throws IOException {
        if (group == null) startGroup();
        if (rowsInPage == capacity) grow();
        row.at(rowsInPage);
        table.fill(element, row);
        if (++rowsInPage == pageRows) endPage();
    }

    private void grow() {
        capacity = Math.min(pageRows, 2 * capacity);
        for (ColumnPages c : columns) c.grow(capacity);
        shareArrays();
    }

    private void shareArrays() {
        for (int c = 0; c < columns.length; c++) {
            ints[c] = columns[c].ints;
            longs[c] = columns[c].longs;
            refs[c] = columns[c].refs;
            present[c] = columns[c].present;
        }
    }

    private void startGroup() {
        group =
                new ColumnChunkPageWriteStore(
                        compressor,
                        table.schema(),
                        HeapByteBufferAllocator.getInstance(),
                        props.getColumnIndexTruncateLength(),
                        props.getPageWriteChecksumEnabled());
        for (int c = 0; c < columns.length; c++)
            columns[c].startChunk(group.getPageWriter(descriptors.get(c)));
    }

    private void endPage() throws IOException {
        for (ColumnPages c : columns) c.writePage(rowsInPage);
        rowsInGroup += rowsInPage;
        rowsInPage = 0;
        if (++pagesInGroup == groupPages) endGroup();
    }

    private void endGroup() throws IOException {
        for (ColumnPages c : columns) c.endChunk();
        file.startBlock(rowsInGroup);
        group.flushToFileWriter(file);
        file.endBlock();
        group.close();
        group = null;
        rowsInGroup = 0;
        pagesInGroup = 0;
    }

    /**
     * Nothing to do: Parquet writes whole row groups, which {@link #finish()} (the checkpoint's
     * roll) completes.
     */
    @Override
    public void flush() {}

    @Override
    public void finish() throws IOException {
        try {
            if (rowsInPage > 0) endPage();
            if (rowsInGroup > 0) endGroup();
            file.end(Map.of("writer", "ac-telemetry flink-job"));
            spares.give(columns);
        } finally {
            compressor.release();
        }
    }
}
