package io.actelemetry.job.sink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.parquet.io.api.Binary;

/**
 * One row of a table as one slot per leaf column, in schema order: numbers and flags as their raw bits in
 * {@link #bits} (floats and doubles as their bit patterns, booleans 0/1), strings as a {@link Binary} in
 * {@link #refs} (null is ""), list columns as a {@link LongList} in {@link #refs} (null is the empty list).
 * Reused from row to row by the writer: no allocation per value.
 */
public final class FlatRow {
    final long[] bits;
    final Object[] refs;

    FlatRow(int columns) {
        bits = new long[columns];
        refs = new Object[columns];
    }

    /** Every slot back to its default: 0, "" or the empty list. */
    void clear() {
        Arrays.fill(bits, 0L);
        Arrays.fill(refs, null);
    }

    void putLong(int column, long v) {
        bits[column] = v;
    }

    void putInt(int column, int v) {
        bits[column] = v;
    }

    void putFloat(int column, float v) {
        bits[column] = Float.floatToRawIntBits(v);
    }

    void putString(int column, String v) {
        refs[column] = v == null || v.isEmpty() ? null : Binary.fromConstantByteArray(v.getBytes(StandardCharsets.UTF_8));
    }
}
