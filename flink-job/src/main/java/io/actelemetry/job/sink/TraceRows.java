package io.actelemetry.job.sink;

import io.actelemetry.job.traces.TraceRow;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The {@code traces} table written column by column: a point every few metres of every lap, so more
 * rows than a sparse recording has frames, too many for parquet's record writer ({@link PojoRows},
 * which gives the schema, so both write the same table). Slots in {@link TraceRow}'s field order.
 */
public final class TraceRows implements FlatRows<TraceRow> {
    private static final long serialVersionUID = 1L;

    /** The slots {@link #fill} puts, in order: a field added to TraceRow must be added to both. */
    private static final List<String> COLUMNS =
            List.of(
                    "session_id",
                    "car_id",
                    "lap_index",
                    "distance_m",
                    "elapsed_ms",
                    "speed_kmh",
                    "throttle",
                    "brake",
                    "gear",
                    "steer",
                    "x",
                    "y",
                    "delta_ms",
                    "reference_lap_index",
                    "reference_session_id");

    private final PojoRows<TraceRow> layout = new PojoRows<>(TraceRow.class, "sessionId");

    public TraceRows() {
        List<String> names =
                layout.schema().getFields().stream()
                        .map(Type::getName)
                        .collect(Collectors.toList());
        if (!names.equals(COLUMNS))
            throw new IllegalStateException(
                    "TraceRow's columns are " + names + ": TraceRows fills " + COLUMNS);
    }

    @Override
    public MessageType schema() {
        return layout.schema();
    }

    @Override
    public String sessionId(TraceRow row) {
        return row.sessionId;
    }

    /**
     * Fifteen columns: a page of 65,536 rows is still only 256 KB of a float column, and ZSTD packs
     * pages that long far better than the frames table's.
     */
    @Override
    public int pageRows() {
        return 65_536;
    }

    @Override
    public void fill(TraceRow p, FlatRow out) {
        out.putOptionalString(0, p.sessionId);
        out.putOptionalString(1, p.carId);
        out.putInt(2, p.lapIndex);
        out.putFloat(3, p.distanceM);
        out.putInt(4, p.elapsedMs);
        out.putFloat(5, p.speedKmh);
        out.putFloat(6, p.throttle);
        out.putFloat(7, p.brake);
        out.putInt(8, p.gear);
        out.putFloat(9, p.steer);
        out.putOptionalFloat(10, p.x);
        out.putOptionalFloat(11, p.y);
        out.putOptionalInt(12, p.deltaMs);
        out.putOptionalInt(13, p.referenceLapIndex);
        out.putOptionalString(14, p.referenceSessionId);
    }
}
