package io.actelemetry.job.sink;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.actelemetry.job.frame.FlatMessage;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The {@code frames} table: one row per frame. First the original export's columns, so existing
 * notebooks keep working ({@code t_ns} = monotonic_ns, {@code session}, {@code ax_g/ay_g/az_g} =
 * acc_g x/y/z, {@code lap} = completed_laps, {@code pos} = position; gear and steer in conventional
 * units, also for original-bridge recordings), then {@code event_time_ms} (the job's event time, to
 * join with laps), then every field of the TelemetryFrame as received, flattened ({@link
 * FlatMessage}).
 */
public final class FrameRows implements FlatRows<Frame> {
    private static final long serialVersionUID = 1L;

    private static final String[] EXPORT = {
        "t_ns",
        "game",
        "session",
        "speed_kmh",
        "gas",
        "brake",
        "gear",
        "steer",
        "rpm",
        "ax_g",
        "ay_g",
        "az_g",
        "lap",
        "pos",
        "event_time_ms"
    };

    private transient FlatMessage flat;
    private transient MessageType schema;

    private FlatMessage flat() {
        if (flat == null) flat = new FlatMessage(TelemetryFrame.getDescriptor(), Set.of(EXPORT));
        return flat;
    }

    /** Frames are written as they come, so a session's frames file closes when it is over. */
    @Override
    public boolean rowsComeWithFrames() {
        return true;
    }

    @Override
    public MessageType schema() {
        if (schema == null) {
            Types.MessageTypeBuilder b = Types.buildMessage();
            b.addField(Types.required(PrimitiveTypeName.INT64).named("t_ns"));
            b.addField(string("game"));
            b.addField(string("session"));
            for (String f : new String[] {"speed_kmh", "gas", "brake"})
                b.addField(Types.required(PrimitiveTypeName.FLOAT).named(f));
            b.addField(Types.required(PrimitiveTypeName.INT32).named("gear"));
            for (String f : new String[] {"steer", "rpm", "ax_g", "ay_g", "az_g"})
                b.addField(Types.required(PrimitiveTypeName.FLOAT).named(f));
            b.addField(Types.required(PrimitiveTypeName.INT32).named("lap"));
            b.addField(Types.required(PrimitiveTypeName.INT32).named("pos"));
            b.addField(Types.required(PrimitiveTypeName.INT64).named("event_time_ms"));
            for (FlatMessage.Column c : flat().columns()) {
                PrimitiveTypeName p = parquetType(c);
                LogicalTypeAnnotation logical =
                        c.type() == FieldDescriptor.Type.STRING
                                ? LogicalTypeAnnotation.stringType()
                                : null;
                b.addField(
                        c.repeated()
                                ? Types.requiredList()
                                        .requiredElement(p)
                                        .as(logical)
                                        .named(c.name())
                                : Types.required(p).as(logical).named(c.name()));
            }
            schema = b.named("frame");
        }
        return schema;
    }

    /** The Parquet type holding a column's values as {@link FlatMessage} puts them in the slots. */
    private static PrimitiveTypeName parquetType(FlatMessage.Column c) {
        return switch (c.type()) {
            case FLOAT -> PrimitiveTypeName.FLOAT;
            case DOUBLE -> PrimitiveTypeName.DOUBLE;
            case BOOL -> PrimitiveTypeName.BOOLEAN;
            case STRING, BYTES -> PrimitiveTypeName.BINARY;
            default ->
                    c.wide()
                            ? PrimitiveTypeName.INT64
                            : PrimitiveTypeName.INT32; // unsigned 32-bit values do not fit INT32
        };
    }

    private static org.apache.parquet.schema.Type string(String name) {
        return Types.required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named(name);
    }

    @Override
    public String sessionId(Frame row) {
        return row.sessionId;
    }

    @Override
    public void fill(Frame f, FlatRow out) {
        int i = 0;
        out.putLong(i++, f.monotonicNs);
        out.putString(i++, f.game);
        out.putString(i++, f.sessionId);
        out.putFloat(i++, f.speedKmh);
        out.putFloat(i++, f.gas);
        out.putFloat(i++, f.brake);
        out.putInt(i++, f.gear);
        out.putFloat(i++, f.steer);
        out.putFloat(i++, f.rpm);
        out.putFloat(i++, f.accLatG);
        out.putFloat(i++, f.accVertG);
        out.putFloat(i++, f.accLonG);
        out.putInt(i++, f.completedLaps);
        out.putInt(i++, f.position);
        out.putLong(i++, f.eventTimeMs);
        try {
            flat().read(f.raw, out, i);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "frame " + f + " no longer parses", e); // it parsed at the source
        }
    }
}
