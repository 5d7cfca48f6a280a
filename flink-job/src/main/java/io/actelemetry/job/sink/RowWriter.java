package io.actelemetry.job.sink;

import java.io.Serializable;

import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** How one table lays its rows out: the Parquet schema, and one row written against it. */
public interface RowWriter<T> extends Serializable {

    MessageType schema();

    /** The session a row belongs to: it picks the row's partition folder. */
    String sessionId(T row);

    /** Writes {@code row} between startMessage and endMessage, every column in schema order. */
    void write(T row, RecordConsumer out);
}
