package io.actelemetry.job.sink;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.proto.v1.TelemetryFrame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The {@code frames} table: one row per frame. First the original export's columns, so existing notebooks keep
 * working ({@code t_ns} = monotonic_ns, {@code session}, {@code ax_g/ay_g/az_g} = acc_g x/y/z, {@code lap} =
 * completed_laps, {@code pos} = position; gear and steer in conventional units, also for original-bridge
 * recordings), then {@code event_time_ms} (the job's event time, to join with laps), then every field of the
 * TelemetryFrame as received, flattened ({@link FlatMessage}).
 */
public final class FrameRows implements RowWriter<Frame> {
    private static final long serialVersionUID = 1L;

    private static final String[] EXPORT = {"t_ns", "game", "session", "speed_kmh", "gas", "brake", "gear",
        "steer", "rpm", "ax_g", "ay_g", "az_g", "lap", "pos", "event_time_ms"};

    private transient FlatMessage flat;
    private transient MessageType schema;

    private FlatMessage flat() {
        if (flat == null) flat = new FlatMessage(TelemetryFrame.getDescriptor(), Set.of(EXPORT));
        return flat;
    }

    @Override
    public MessageType schema() {
        if (schema == null) {
            Types.MessageTypeBuilder b = Types.buildMessage();
            b.addField(Types.required(PrimitiveTypeName.INT64).named("t_ns"));
            b.addField(string("game"));
            b.addField(string("session"));
            for (String f : new String[] {"speed_kmh", "gas", "brake"}) b.addField(Types.required(PrimitiveTypeName.FLOAT).named(f));
            b.addField(Types.required(PrimitiveTypeName.INT32).named("gear"));
            for (String f : new String[] {"steer", "rpm", "ax_g", "ay_g", "az_g"}) b.addField(Types.required(PrimitiveTypeName.FLOAT).named(f));
            b.addField(Types.required(PrimitiveTypeName.INT32).named("lap"));
            b.addField(Types.required(PrimitiveTypeName.INT32).named("pos"));
            b.addField(Types.required(PrimitiveTypeName.INT64).named("event_time_ms"));
            flat().addFields(b);
            schema = b.named("frame");
        }
        return schema;
    }

    private static org.apache.parquet.schema.Type string(String name) {
        return Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
    }

    @Override
    public String sessionId(Frame row) {
        return row.sessionId;
    }

    @Override
    public void write(Frame f, RecordConsumer out) {
        FlatMessage fields = flat();
        try {
            fields.read(f.raw);
        } catch (IOException e) {
            throw new UncheckedIOException("frame " + f + " no longer parses", e); // it parsed at the source
        }
        int i = 0;
        int64(out, i++, "t_ns", f.monotonicNs);
        string(out, i++, "game", f.game);
        string(out, i++, "session", f.sessionId);
        float32(out, i++, "speed_kmh", f.speedKmh);
        float32(out, i++, "gas", f.gas);
        float32(out, i++, "brake", f.brake);
        int32(out, i++, "gear", f.gear);
        float32(out, i++, "steer", f.steer);
        float32(out, i++, "rpm", f.rpm);
        float32(out, i++, "ax_g", f.accLatG);
        float32(out, i++, "ay_g", f.accVertG);
        float32(out, i++, "az_g", f.accLonG);
        int32(out, i++, "lap", f.completedLaps);
        int32(out, i++, "pos", f.position);
        int64(out, i++, "event_time_ms", f.eventTimeMs);
        fields.write(out, i);
    }

    private static void int64(RecordConsumer out, int i, String name, long v) {
        out.startField(name, i);
        out.addLong(v);
        out.endField(name, i);
    }

    private static void int32(RecordConsumer out, int i, String name, int v) {
        out.startField(name, i);
        out.addInteger(v);
        out.endField(name, i);
    }

    private static void float32(RecordConsumer out, int i, String name, float v) {
        out.startField(name, i);
        out.addFloat(v);
        out.endField(name, i);
    }

    private static void string(RecordConsumer out, int i, String name, String v) {
        out.startField(name, i);
        out.addBinary(Binary.fromString(v == null ? "" : v));
        out.endField(name, i);
    }
}
