package io.actelemetry.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.proto.v1.TelemetryFrame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary: the column-by-column writer gives the rows the record writer it replaces gave. */
class RecordPathComparisonTest {

    @TempDir
    Path dir;

    @Test
    void sameRowsAsTheRecordWriter() throws IOException {
        List<Frame> frames = new ArrayList<>();
        List<TelemetryFrame> sim = SimulatedSession.frames(Scenario.laps(2, 7)).limit(12_345).toList();
        for (int i = 0; i < sim.size(); i++) {
            TelemetryFrame f = sim.get(i);
            if (i % 997 == 5) f = Frames.original("old-" + i, 1_000_000L * i);
            if (i % 1009 == 9) f = Frames.current("s", "rig", i);
            if (i % 1013 == 11) f = f.toBuilder().setPhysics(f.getPhysics().toBuilder().setSpeedKmh(Float.NaN).clearCarDamage()
                    .addCarDamage(-0f).addCarDamage(Float.NEGATIVE_INFINITY)).setCarId("rïg ✓").build();
            if (i > 6000) f = f.toBuilder().setCarId("rig-" + i + "-" + "x".repeat(400)).build(); // a dictionary past 1 MB
            frames.add(FrameConverter.convert(f));
        }
        List<Map<String, Object>> before = ParquetTablesTest.roundTrip(ParquetTables.writer(new RecordFrameRows()), frames, dir.resolve("a.parquet"));
        List<Map<String, Object>> after = ParquetTablesTest.roundTrip(FlatRowWriter.factory(new FrameRows(), 1000, 4), frames, dir.resolve("b.parquet"));
        assertThat(after).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) assertThat(after.get(i)).as("row %d", i).isEqualTo(before.get(i));
    }

    /** The frames table as it was written before: record by record through parquet's record layer. */
    private static final class RecordFrameRows implements RowWriter<Frame> {
        private final FrameRows rows = new FrameRows();

        @Override
        public MessageType schema() {
            return rows.schema();
        }

        @Override
        public String sessionId(Frame row) {
            return row.sessionId;
        }

        @Override
        public void write(Frame f, RecordConsumer out) {
            MessageType schema = rows.schema();
            int n = schema.getFieldCount();
            int[][] ints = new int[n][1];
            long[][] longs = new long[n][1];
            Object[][] refs = new Object[n][1];
            rows.fill(f, new FlatRow(ints, longs, refs));
            for (int i = 0; i < schema.getFieldCount(); i++) {
                Type t = schema.getType(i);
                out.startField(t.getName(), i);
                if (t.isPrimitive()) {
                    value(out, t, ints[i][0] != 0 ? ints[i][0] : longs[i][0], refs[i][0]);
                } else {
                    LongList list = (LongList) refs[i][0];
                    Type element = t.asGroupType().getType(0).asGroupType().getType(0);
                    out.startGroup();
                    if (list != null && list.size > 0) {
                        out.startField("list", 0);
                        for (int k = 0; k < list.size; k++) {
                            out.startGroup();
                            out.startField("element", 0);
                            value(out, element, list.values[k], null);
                            out.endField("element", 0);
                            out.endGroup();
                        }
                        out.endField("list", 0);
                    }
                    out.endGroup();
                }
                out.endField(t.getName(), i);
            }
        }

        private static void value(RecordConsumer out, Type t, long v, Object ref) {
            switch (t.asPrimitiveType().getPrimitiveTypeName()) {
                case FLOAT -> out.addFloat(Float.intBitsToFloat((int) v));
                case DOUBLE -> out.addDouble(Double.longBitsToDouble(v));
                case INT32 -> out.addInteger((int) v);
                case BOOLEAN -> out.addBoolean(v != 0);
                case BINARY -> out.addBinary(ref == null ? Binary.EMPTY : (Binary) ref);
                default -> out.addLong(v);
            }
        }
    }
}
