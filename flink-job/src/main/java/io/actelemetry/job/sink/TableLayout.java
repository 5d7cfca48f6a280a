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

    /**
     * Whether a session's rows all come while its frames do, none of them at the end of input (a
     * replay's last laps and its traces come then): the sink may then close a session's file once
     * rows of another session follow ({@link SessionFiles}).
     */
    default boolean rowsComeWithFrames() {
        return false;
    }
}
