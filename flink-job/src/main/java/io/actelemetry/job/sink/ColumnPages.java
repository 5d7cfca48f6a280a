package io.actelemetry.job.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One leaf column of a {@link FlatRowWriter}: the current page's values kept in a plain array, then
 * encoded in one pass and handed to the row group's page store (which compresses it and keeps the
 * column index). Numbers and flags are PLAIN, copied little-endian in bulk; strings
 * dictionary-encoded ({@link StringDictionary}); list levels through parquet's level writers;
 * statistics are parquet's. Going column by column instead of value by value through parquet's
 * record layer is what makes a 200-column table cheap.
 */
final class ColumnPages {
    private final ColumnDescriptor column;
    private final PrimitiveTypeName type;
    private final boolean list;
    // a scalar column that may be null: definition levels, and only the values present in the page
    private final boolean optional;
    private final ParquetProperties props;
    // the page's values, written by FlatRow: 4-byte types and flags in ints, 8-byte types in longs,
    // strings and
    // lists in refs; back to 0 / null after each page, so an unset slot is the default
    int[] ints;
    long[] longs;
    Object[] refs;
    // an optional number column's rows that have a value (an optional string's are its non-null
    // refs)
    boolean[] present;
    private final StringDictionary strings;
    // a list column's values in the page
    private long[] elements;
    private int elementCount;

    private PageWriter pages;
    private ValuesWriter repetition;
    private ValuesWriter definition;

    /** Page arrays with room for {@code pageRows} rows to begin with; {@link #grow} makes more. */
    ColumnPages(ColumnDescriptor column, ParquetProperties props, int pageRows) {
        this.column = column;
        this.type = column.getPrimitiveType().getPrimitiveTypeName();
        this.list = column.getMaxRepetitionLevel() > 0;
        this.optional = !list && column.getMaxDefinitionLevel() > 0;
        this.props = props;
        if (list && type == PrimitiveTypeName.BINARY)
            throw new IllegalArgumentException("no list of strings in a flat table: " + column);
        boolean ref = list || type == PrimitiveTypeName.BINARY;
        boolean wide = type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.DOUBLE;
        ints = !ref && !wide ? new int[pageRows] : null;
        longs = !ref && wide ? new long[pageRows] : null;
        refs = ref ? new Object[pageRows] : null;
        present = optional && !ref ? new boolean[pageRows] : null;
        strings = type == PrimitiveTypeName.BINARY ? new StringDictionary() : null;
        elements = list ? new long[pageRows] : null;
    }

    /**
     * The same column in a new file, filling {@code spent}'s page arrays: the last page of its file
     * left them cleared.
     */
    ColumnPages(ColumnPages spent) {
        column = spent.column;
        type = spent.type;
        list = spent.list;
        optional = spent.optional;
        props = spent.props;
        ints = spent.ints;
        longs = spent.longs;
        refs = spent.refs;
        present = spent.present;
        strings = spent.strings == null ? null : new StringDictionary();
        elements = spent.elements;
    }

    /** Rows the page arrays have room for. */
    int capacity() {
        return ints != null ? ints.length : longs != null ? longs.length : refs.length;
    }

    /** Room for {@code rows} rows in the page arrays, what they hold kept. */
    void grow(int rows) {
        if (ints != null) ints = Arrays.copyOf(ints, rows);
        if (longs != null) longs = Arrays.copyOf(longs, rows);
        if (refs != null) refs = Arrays.copyOf(refs, rows);
        if (present != null) present = Arrays.copyOf(present, rows);
    }

    /** Starts a column chunk (one per row group) written to {@code pages}. */
    void startChunk(PageWriter pages) {
        this.pages = pages;
        repetition = props.newRepetitionLevelWriter(column);
        definition = props.newDefinitionLevelWriter(column);
    }

    /**
     * Encodes the page's first {@code rows} rows as one data page, and clears them for the next.
     */
    void writePage(int rows) throws IOException {
        Statistics<?> stats = Statistics.createStats(column.getPrimitiveType());
        int valueCount = rows;
        int values = optional ? writeDefinedAndCompact(rows, stats) : rows;
        BytesInput data;
        Encoding encoding = Encoding.PLAIN;
        if (list) {
            valueCount = writeLevels(rows, stats);
            data = elementsPlain(stats);
        } else if (strings != null) {
            data = strings.page(refs, values, stats);
            encoding = strings.encoding();
        } else {
            data = ints != null ? plain(ints, values, stats) : plain(longs, values, stats);
        }
        pages.writePage(
                BytesInput.concat(repetition.getBytes(), definition.getBytes(), data),
                valueCount,
                rows,
                stats,
                repetition.getEncoding(),
                definition.getEncoding(),
                encoding);
        repetition.reset();
        definition.reset();
        if (ints != null) Arrays.fill(ints, 0, rows, 0);
        if (longs != null) Arrays.fill(longs, 0, rows, 0L);
        if (refs != null) Arrays.fill(refs, 0, rows, null);
        if (present != null) Arrays.fill(present, 0, rows, false);
        elementCount = 0;
    }

    /**
     * An optional column's definition levels (1: a value, 0: null), its values moved to the front
     * of the page arrays in row order; returns how many there are.
     */
    private int writeDefinedAndCompact(int rows, Statistics<?> stats) {
        int n = 0;
        for (int i = 0; i < rows; i++) {
            boolean has = present != null ? present[i] : refs[i] != null;
            definition.writeInteger(has ? 1 : 0);
            if (!has) {
                stats.incrementNumNulls();
                continue;
            }
            if (ints != null) ints[n] = ints[i];
            else if (longs != null) longs[n] = longs[i];
            else refs[n] = refs[i];
            n++;
        }
        return n;
    }

    /** Ends the chunk: its dictionary page, if it has one. */
    void endChunk() throws IOException {
        DictionaryPage dictionary = strings == null ? null : strings.endChunk();
        if (dictionary != null) pages.writeDictionaryPage(dictionary);
        repetition.close();
        definition.close();
    }

    private BytesInput elementsPlain(Statistics<?> stats) {
        if (type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.DOUBLE)
            return plain(elements, elementCount, stats);
        int[] narrow = new int[elementCount];
        for (int i = 0; i < elementCount; i++) narrow[i] = (int) elements[i];
        return plain(narrow, elementCount, stats);
    }

    /**
     * PLAIN 4-byte values (floats as their bits) or flags (bit-packed), little-endian, and their
     * statistics: the page's min and max in parquet's order, found in one loop (what per-value
     * statistics updates would give).
     */
    private BytesInput plain(int[] v, int n, Statistics<?> stats) {
        if (type == PrimitiveTypeName.BOOLEAN) {
            byte[] bits = new byte[(n + 7) / 8];
            int set = 0;
            for (int i = 0; i < n; i++) {
                if (v[i] != 0) {
                    bits[i >>> 3] |= (byte) (1 << (i & 7));
                    set++;
                }
            }
            if (set < n) stats.updateStats(false);
            if (set > 0) stats.updateStats(true);
            return BytesInput.from(bits);
        }
        if (n > 0 && type == PrimitiveTypeName.FLOAT) {
            // floats ordered as ints: flip the magnitude bits of negatives, and -0.0 < 0.0 as in
            // Float.compare
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            boolean nan = false;
            for (int i = 0; i < n; i++) {
                int bits = v[i];
                int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
                min = Math.min(min, ordered);
                max = Math.max(max, ordered);
                nan |= (bits & 0x7fffffff) > 0x7f800000;
            }
            if (nan) { // NaNs (of either sign) order above everything: the exact comparison, value
                // by value
                for (int i = 0; i < n; i++) stats.updateStats(Float.intBitsToFloat(v[i]));
            } else {
                stats.updateStats(Float.intBitsToFloat(min ^ ((min >> 31) & 0x7fffffff)));
                stats.updateStats(Float.intBitsToFloat(max ^ ((max >> 31) & 0x7fffffff)));
            }
        } else if (n > 0) {
            int min = v[0];
            int max = min;
            for (int i = 1; i < n; i++) {
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
            stats.updateStats(min);
            stats.updateStats(max);
        }
        byte[] bytes = new byte[4 * n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(v, 0, n);
        return BytesInput.from(bytes);
    }

    /** PLAIN 8-byte values (doubles as their bits), little-endian, and their statistics. */
    private BytesInput plain(long[] v, int n, Statistics<?> stats) {
        if (n > 0 && type == PrimitiveTypeName.DOUBLE) {
            double min = Double.longBitsToDouble(v[0]);
            double max = min;
            for (int i = 1; i < n; i++) {
                double x = Double.longBitsToDouble(v[i]);
                if (Double.compare(x, min) < 0) min = x; // parquet's double order
                if (Double.compare(x, max) > 0) max = x;
            }
            stats.updateStats(min);
            stats.updateStats(max);
        } else if (n > 0) {
            long min = v[0];
            long max = min;
            for (int i = 1; i < n; i++) {
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
            stats.updateStats(min);
            stats.updateStats(max);
        }
        byte[] bytes = new byte[8 * n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(v, 0, n);
        return BytesInput.from(bytes);
    }

    /**
     * A list column's levels: an empty list is one entry without a value, a list of n values n
     * entries.
     */
    private int writeLevels(int rows, Statistics<?> stats) {
        int listDefined = column.getMaxDefinitionLevel() - 1;
        int entries = 0;
        for (int i = 0; i < rows; i++) {
            LongList l = (LongList) refs[i];
            if (l == null || l.size == 0) {
                repetition.writeInteger(0);
                definition.writeInteger(listDefined);
                stats.incrementNumNulls();
                entries++;
                continue;
            }
            for (int k = 0; k < l.size; k++) {
                repetition.writeInteger(k == 0 ? 0 : 1);
                definition.writeInteger(listDefined + 1);
                if (elementCount == elements.length)
                    elements = Arrays.copyOf(elements, 2 * elementCount);
                elements[elementCount++] = l.values[k];
            }
            entries += l.size;
        }
        return entries;
    }
}
