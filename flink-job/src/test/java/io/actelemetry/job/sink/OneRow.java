package io.actelemetry.job.sink;

import org.apache.parquet.io.api.Binary;

/**
 * One row of a {@link FlatRows} table, filled as {@link FlatRowWriter} fills a row of its pages
 * ({@link FlatRows#fill} into a {@link FlatRow}, unset slots at their defaults) and read back
 * column by column: for writers other than FlatRowWriter that are to write the very same values,
 * such as the codec benchmark's parquet writers.
 */
public final class OneRow<T> {
    private final FlatRows<T> table;
    private final int columns;
    private final int[][] ints;
    private final long[][] longs;
    private final Object[][] refs;
    private final FlatRow row;

    public OneRow(FlatRows<T> table) {
        this.table = table;
        columns = table.schema().getColumns().size();
        ints = new int[columns][1];
        longs = new long[columns][1];
        refs = new Object[columns][1];
        row = new FlatRow(ints, longs, refs, new boolean[columns][]);
        row.at(0);
    }

    /** The row of {@code element}, in place of the last one. */
    public void fill(T element) {
        for (int c = 0; c < columns; c++) {
            ints[c][0] = 0;
            longs[c][0] = 0;
            refs[c][0] = null;
        }
        table.fill(element, row);
    }

    /** A 4-byte column's value: INT32, FLOAT as its bits, BOOLEAN as 0/1. */
    public int intValue(int column) {
        return ints[column][0];
    }

    /** An 8-byte column's value: INT64, DOUBLE as its bits. */
    public long longValue(int column) {
        return longs[column][0];
    }

    /** A string column's value ("" when unset). */
    public Binary binary(int column) {
        Object v = refs[column][0];
        return v == null ? Binary.EMPTY : (Binary) v;
    }

    /** The number of values in a list column. */
    public int listSize(int column) {
        LongList l = (LongList) refs[column][0];
        return l == null ? 0 : l.size;
    }

    /**
     * Value {@code k} of a list column as raw bits, as {@link #intValue} or {@link #longValue} has
     * it.
     */
    public long listValue(int column, int k) {
        return ((LongList) refs[column][0]).values[k];
    }
}
