package io.actelemetry.job.sink;

import java.util.Arrays;

/** The values of a list column in one row, as raw bits (as in {@link FlatRow}). */
final class LongList {
    long[] values = new long[8];
    int size;

    void add(long v) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = v;
    }
}
