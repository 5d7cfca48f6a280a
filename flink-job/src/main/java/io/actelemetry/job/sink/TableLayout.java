package io.actelemetry.job.sink;

import java.io.Serializable;
import org.apache.parquet.schema.MessageType;

/**
 * What every table tells the sink: its Parquet schema, and which session (partition folder) a row
 * goes to.
 */
public interface TableLayout<T> extends Serializable {

    MessageType schema();

    /** The session a row belongs to: it picks the row's partition folder. */
    String sessionId(T row);
}
