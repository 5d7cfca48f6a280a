package io.actelemetry.job.sink;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/** Parquet's write hook around a {@link RowWriter}. */
final class TableWriteSupport<T> extends WriteSupport<T> {
    private final RowWriter<T> rows;
    private RecordConsumer out;

    TableWriteSupport(RowWriter<T> rows) {
        this.rows = rows;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return context();
    }

    /**
     * Also overridden: the default turns the configuration into a Hadoop one first, which parses
     * Hadoop's XML.
     */
    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return context();
    }

    private WriteContext context() {
        return new WriteContext(rows.schema(), Map.of("writer", "ac-telemetry flink-job"));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(T record) {
        out.startMessage();
        rows.write(record, out);
        out.endMessage();
    }
}
