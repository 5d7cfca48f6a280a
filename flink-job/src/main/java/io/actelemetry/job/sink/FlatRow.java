package io.actelemetry.job.sink;

import io.actelemetry.job.frame.FlatMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.parquet.io.api.Binary;

/**
 * The row being added to a {@link FlatRowWriter}: slot i is leaf column i, written straight into
 * that column's page arrays. Numbers and flags go in as {@code int} (4-byte types: INT32, FLOAT as
 * its bits, BOOLEAN 0/1) or {@code long} (INT64, DOUBLE as its bits), strings as a {@link Binary},
 * lists as a {@link LongList}. A slot left alone keeps its default: 0, false, "" or the empty list,
 * or null in an optional column.
 */
public final class FlatRow implements FlatMessage.Slots {
    private final int[][] ints;
    private final long[][] longs;
    private final Object[][] refs;
    private final boolean[][] present;
    // per column, the last string put and its Binary: strings mostly repeat the previous row's, and
    // then cost
    // neither an allocation nor, in the dictionary, more than an identity check
    private final Object[] lastString;
    private final Binary[] lastBinary;
    private int row;

    FlatRow(int[][] ints, long[][] longs, Object[][] refs, boolean[][] present) {
        this.ints = ints;
        this.longs = longs;
        this.refs = refs;
        this.present = present;
        lastString = new Object[refs.length];
        lastBinary = new Binary[refs.length];
    }

    /** Moves to row {@code row} of the page. */
    void at(int row) {
        this.row = row;
    }

    @Override
    public void putInt(int column, int v) {
        ints[column][row] = v;
    }

    void putFloat(int column, float v) {
        ints[column][row] = Float.floatToRawIntBits(v);
    }

    @Override
    public void putLong(int column, long v) {
        longs[column][row] = v;
    }

    /** The string in {@code bytes[offset, offset + length)}. */
    @Override
    public void putBytes(int column, byte[] bytes, int offset, int length) {
        Binary last = lastBinary[column];
        if (last == null
                || !(lastString[column] instanceof byte[] b
                        && Arrays.equals(b, 0, b.length, bytes, offset, offset + length))) {
            byte[] copy = Arrays.copyOfRange(bytes, offset, offset + length);
            lastString[column] = copy;
            lastBinary[column] = last = Binary.fromConstantByteArray(copy);
        }
        refs[column][row] = last;
    }

    void putString(int column, String v) {
        Binary last = lastBinary[column];
        if (last == null || !(lastString[column] instanceof String s && s.equals(v))) {
            lastString[column] = v;
            lastBinary[column] =
                    last =
                            Binary.fromConstantByteArray(
                                    (v == null ? "" : v).getBytes(StandardCharsets.UTF_8));
        }
        refs[column][row] = last;
    }

    /** An optional INT32 column: null leaves the slot null. */
    void putOptionalInt(int column, Integer v) {
        if (v == null) return;
        ints[column][row] = v;
        present[column][row] = true;
    }

    /** An optional FLOAT column: null leaves the slot null. */
    void putOptionalFloat(int column, Float v) {
        if (v == null) return;
        ints[column][row] = Float.floatToRawIntBits(v);
        present[column][row] = true;
    }

    /** An optional string column: null leaves the slot null. */
    void putOptionalString(int column, String v) {
        if (v != null) putString(column, v);
    }

    @Override
    public void add(int column, long v) {
        list(column).add(v);
    }

    /** The list in {@code column}, made on first use. */
    LongList list(int column) {
        Object[] page = refs[column];
        LongList list = (LongList) page[row];
        if (list == null) page[row] = list = new LongList();
        return list;
    }
}
