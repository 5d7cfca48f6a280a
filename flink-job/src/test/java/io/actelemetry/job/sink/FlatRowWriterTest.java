package io.actelemetry.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frames table written column by column, read back by parquet's own reader and by DuckDB,
 * against rows made independently from the protobuf messages (the generated getters): a simulated
 * session across several pages and row groups, original-bridge frames with their unset fields, odd
 * floats, and a string column whose dictionary outgrows its limit.
 */
class FlatRowWriterTest {
    private static final int PAGE_ROWS = 1000;
    private static final int GROUP_PAGES = 4;

    @TempDir static Path dir;

    private static List<TelemetryFrame> messages;
    private static List<Frame> frames;
    private static Path file;
    private static List<Map<String, Object>> written;

    @BeforeAll
    static void write() throws IOException {
        messages = new ArrayList<>();
        List<TelemetryFrame> sim =
                SimulatedSession.frames(Scenario.laps(2, 7)).limit(9_500).toList();
        for (int i = 0; i < sim.size(); i++) {
            TelemetryFrame f = sim.get(i);
            if (i % 997 == 5) f = Frames.original("old-" + i, 1_000_000L * i);
            if (i % 1009 == 9) f = Frames.current("s", "rig", i);
            if (i % 1013 == 11) {
                f =
                        f.toBuilder()
                                .setCarId("rïg ✓")
                                .setPhysics(
                                        f.getPhysics().toBuilder()
                                                .setSpeedKmh(Float.NaN)
                                                .setGas(-0f)
                                                .clearCarDamage()
                                                .addCarDamage(Float.NEGATIVE_INFINITY)
                                                .addCarDamage(Float.MIN_VALUE))
                                .build();
            }
            if (i > 4_000)
                f =
                        f.toBuilder()
                                .setCarId("rig-" + i + "-" + "x".repeat(400))
                                .build(); // a dictionary past 1 MB
            messages.add(f);
        }
        frames = messages.stream().map(FrameConverter::convert).toList();
        file = dir.resolve("frames.parquet");
        written =
                ParquetTablesTest.roundTrip(
                        FlatRowWriter.factory(new FrameRows(), PAGE_ROWS, GROUP_PAGES),
                        frames,
                        file);
    }

    @Test
    void everyRowIsTheFrameAsTheGeneratedGettersSeeIt() {
        assertThat(written).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertThat(written.get(i))
                    .as("row %d", i)
                    .isEqualTo(expected(frames.get(i), messages.get(i)));
        }
        assertThat(written.get(5))
                .containsEntry("physics_car_damage", List.of())
                .containsEntry("stat_car_model", "");
        assertThat((Float) written.get(11).get("speed_kmh")).isNaN();
    }

    @Test
    void pagesRowGroupsAndEncodingsAreParquetsOwn() throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            List<BlockMetaData> groups = r.getFooter().getBlocks();
            assertThat(groups)
                    .extracting(BlockMetaData::getRowCount)
                    .containsExactly(4000L, 4000L, 1500L);
            assertThat(r.getFooter().getFileMetaData().getKeyValueMetaData())
                    .containsEntry("writer", "ac-telemetry flink-job");
            ColumnChunkMetaData speed = column(groups.get(0), "speed_kmh");
            assertThat(groups)
                    .flatExtracting(BlockMetaData::getColumns)
                    .extracting(ColumnChunkMetaData::getCodec)
                    .containsOnly(CompressionCodecName.ZSTD);
            assertThat(speed.getEncodings())
                    .contains(Encoding.PLAIN)
                    .doesNotContain(Encoding.PLAIN_DICTIONARY);
            ColumnChunkMetaData rpm = column(groups.get(1), "rpm");
            assertThat(rpm.getStatistics().genericGetMin())
                    .isEqualTo(
                            frames.subList(4000, 8000).stream()
                                    .map(f -> f.rpm)
                                    .min(Float::compare)
                                    .orElseThrow());
            assertThat(rpm.getStatistics().genericGetMax())
                    .isEqualTo(
                            frames.subList(4000, 8000).stream()
                                    .map(f -> f.rpm)
                                    .max(Float::compare)
                                    .orElseThrow());
            assertThat(column(groups.get(2), "t_ns").getStatistics().genericGetMin())
                    .isEqualTo(
                            frames.subList(8000, 9500).stream()
                                    .mapToLong(f -> f.monotonicNs)
                                    .min()
                                    .orElseThrow());
            assertThat(column(groups.get(0), "session").getEncodings())
                    .contains(Encoding.PLAIN_DICTIONARY);
            // the long car ids outgrow the dictionary in the second row group: its later pages are
            // plain
            assertThat(column(groups.get(1), "car_id").getEncodings())
                    .contains(Encoding.PLAIN_DICTIONARY, Encoding.PLAIN);
            assertThat(r.readColumnIndex(rpm).getMinValues())
                    .hasSize(GROUP_PAGES); // page statistics, for readers that skip pages
        }
    }

    @Test
    void aFileAfterAnotherFillsItsPageArraysAndKeepsNothingOfIt() throws IOException {
        FlatRowWriter.Factory<Frame> writers =
                new FlatRowWriter.Factory<>(new FrameRows(), PAGE_ROWS, GROUP_PAGES);
        List<Integer> capacities = new ArrayList<>();
        BulkWriter.Factory<Frame> counted =
                out -> {
                    FlatRowWriter<Frame> w = writers.create(out);
                    capacities.add(w.capacity());
                    return w;
                };
        // every channel set in the first file; in the second, frames of the original bridge
        // (unset fields, empty lists) between current ones: a value left over would show in them
        ParquetTablesTest.roundTrip(counted, frames, dir.resolve("first.parquet"));
        List<TelemetryFrame> next = new ArrayList<>();
        for (int i = 0; i < 1_500; i++)
            next.add(
                    i % 3 == 0
                            ? Frames.current("s2", "rig", i)
                            : Frames.original("old", 1_000_000L * i));
        List<Frame> nextFrames = next.stream().map(FrameConverter::convert).toList();
        List<Map<String, Object>> rows =
                ParquetTablesTest.roundTrip(counted, nextFrames, dir.resolve("second.parquet"));

        assertThat(capacities).containsExactly(FlatRowWriter.FIRST_PAGE_ROWS, PAGE_ROWS);
        assertThat(writers.spares().size()).isEqualTo(1);
        assertThat(rows).hasSize(next.size());
        for (int i = 0; i < next.size(); i++)
            assertThat(rows.get(i))
                    .as("row %d", i)
                    .isEqualTo(expected(nextFrames.get(i), next.get(i)));
    }

    @Test
    void statisticsAreWhatParquetsOwnPerValueUpdatesGive() throws IOException {
        float[] speeds = {
            -3.5f,
            -0f,
            0f,
            2.5f,
            Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            7f,
            0f,
            -0f
        };
        List<Frame> rows = new ArrayList<>();
        for (int i = 0; i < speeds.length; i++) {
            TelemetryFrame m = Frames.current("s", "", i);
            rows.add(
                    FrameConverter.convert(
                            m.toBuilder()
                                    .setPhysics(
                                            m.getPhysics().toBuilder()
                                                    .setSpeedKmh(speeds[i])
                                                    .setPitLimiterOn(i % 3 == 0))
                                    .build()));
        }
        Path small = dir.resolve("stats.parquet");
        ParquetTablesTest.roundTrip(FlatRowWriter.factory(new FrameRows(), 4, 2), rows, small);
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(small))) {
            for (String name : List.of("speed_kmh", "physics_pit_limiter_on", "t_ns", "gear")) {
                int first = 0;
                for (BlockMetaData group : r.getFooter().getBlocks()) {
                    ColumnChunkMetaData chunk = column(group, name);
                    Statistics<?> expected = Statistics.createStats(chunk.getPrimitiveType());
                    for (Map<String, Object> row :
                            TableReader.rows(small)
                                    .subList(first, first + (int) group.getRowCount())) {
                        Object v = row.get(name);
                        if (v instanceof Float x) expected.updateStats(x);
                        else if (v instanceof Boolean x) expected.updateStats(x);
                        else if (v instanceof Long x) expected.updateStats(x);
                        else expected.updateStats((Integer) v);
                    }
                    assertThat(chunk.getStatistics().genericGetMin())
                            .as(name)
                            .isEqualTo(expected.genericGetMin());
                    assertThat(chunk.getStatistics().genericGetMax())
                            .as(name)
                            .isEqualTo(expected.genericGetMax());
                    first += (int) group.getRowCount();
                }
            }
            ColumnChunkMetaData speed = column(r.getFooter().getBlocks().get(0), "speed_kmh");
            assertThat(speed.getStatistics().genericGetMin()).isEqualTo(Float.NEGATIVE_INFINITY);
            assertThat(speed.getStatistics().genericGetMax()).isEqualTo(7f);
            assertThat(r.readColumnIndex(speed).getMinValues()).hasSize(2);
        }
    }

    @Test
    void duckDbReadsTheSameRows() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
            int columns = r.getMetaData().getColumnCount();
            assertThat(columns).isEqualTo(written.get(0).size());
            int i = 0;
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int k = 1; k <= columns; k++)
                    row.put(r.getMetaData().getColumnName(k), plain(r.getObject(k)));
                assertThat(row).as("row %d", i).isEqualTo(written.get(i));
                i++;
            }
            assertThat(i).isEqualTo(written.size());
        }
    }

    private static ColumnChunkMetaData column(BlockMetaData group, String name) {
        return group.getColumns().stream()
                .filter(c -> c.getPath().toDotString().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** A JDBC value as TableReader gives it: lists as lists. */
    private static Object plain(Object v) throws SQLException {
        return v instanceof Array a ? Arrays.asList((Object[]) a.getArray()) : v;
    }

    /**
     * The export columns from the converted frame, then every field of the message by its flattened
     * name.
     */
    private static Map<String, Object> expected(Frame f, TelemetryFrame m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("t_ns", f.monotonicNs);
        row.put("game", f.game);
        row.put("session", f.sessionId);
        row.put("speed_kmh", f.speedKmh);
        row.put("gas", f.gas);
        row.put("brake", f.brake);
        row.put("gear", f.gear);
        row.put("steer", f.steer);
        row.put("rpm", f.rpm);
        row.put("ax_g", f.accLatG);
        row.put("ay_g", f.accVertG);
        row.put("az_g", f.accLonG);
        row.put("lap", f.completedLaps);
        row.put("pos", f.position);
        row.put("event_time_ms", f.eventTimeMs);
        flatten(m, "", row, new TreeSet<>(row.keySet()));
        return row;
    }

    private static void flatten(
            Message m, String prefix, Map<String, Object> row, TreeSet<String> export) {
        for (FieldDescriptor fd : m.getDescriptorForType().getFields()) {
            String name = prefix + fd.getName();
            if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                flatten((Message) m.getField(fd), name + "_", row, export);
            } else if (!export.contains(name)) {
                Object v = m.getField(fd);
                row.put(
                        name,
                        fd.isRepeated()
                                ? ((List<?>) v).stream().map(e -> value(fd, e)).toList()
                                : value(fd, v));
            }
        }
    }

    private static Object value(FieldDescriptor fd, Object v) {
        if (v instanceof EnumValueDescriptor e) return e.getNumber();
        if (fd.getType() == FieldDescriptor.Type.UINT32) return Integer.toUnsignedLong((Integer) v);
        return v;
    }
}
