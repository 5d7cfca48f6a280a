package io.actelemetry.job.sink;

import org.apache.parquet.io.api.RecordConsumer;

/** A table written record by record through parquet's record API: for the small tables. */
public interface RowWriter<T> extends TableLayout<T> {

    /** Writes {@code row} between startMessage and endMessage, every column in schema order. */
    void write(T row, RecordConsumer out);
}
