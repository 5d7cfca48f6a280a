package io.actelemetry.job.sink;

/**
 * A table written column by column ({@link FlatRowWriter}): every row is given as one slot per leaf
 * column. Columns are scalars, required or optional (null), or lists of required scalars. For wide,
 * high-rate tables.
 */
public interface FlatRows<T> extends TableLayout<T> {

    /**
     * Puts {@code row}'s values into {@code out}, slot i for the schema's leaf column i (unset: the
     * default).
     */
    void fill(T row, FlatRow out);

    /**
     * Rows a page: {@link FlatRowWriter#PAGE_ROWS}, small enough for a wide table's open files; a
     * narrow table packs better in longer pages.
     */
    default int pageRows() {
        return FlatRowWriter.PAGE_ROWS;
    }
}
