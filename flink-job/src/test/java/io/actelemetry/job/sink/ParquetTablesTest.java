package io.actelemetry.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.job.laps.LapRow;
import io.actelemetry.job.traces.TraceRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables written with the job's writers, read back with parquet's own reader. */
class ParquetTablesTest {

    @TempDir Path dir;

    /** Writes {@code values} as a sink's part file would be written, and reads them back. */
    static <T> List<Map<String, Object>> roundTrip(
            BulkWriter.Factory<T> writer, List<T> values, Path file) throws IOException {
        return roundTrip(writer, values, file, UnaryOperator.identity());
    }

    /** The same, with the part file's stream seen through {@code view}. */
    static <T> List<Map<String, Object>> roundTrip(
            BulkWriter.Factory<T> writer,
            List<T> values,
            Path file,
            UnaryOperator<FSDataOutputStream> view)
            throws IOException {
        try (FSDataOutputStream out =
                LocalFileSystem.getSharedInstance()
                        .create(
                                new org.apache.flink.core.fs.Path(file.toUri()),
                                WriteMode.OVERWRITE)) {
            BulkWriter<T> w = writer.create(view.apply(out));
            for (T v : values) w.addElement(v);
            w.finish();
        }
        return TableReader.rows(file);
    }

    @Test
    void framesKeepTheOriginalExportColumnsAndEveryChannelFlattened() throws IOException {
        Frame current = FrameConverter.convert(Frames.current("s1", "rig2", 42));
        Frame original = FrameConverter.convert(Frames.original("old", 7_000_000_000L));
        List<Map<String, Object>> rows =
                roundTrip(
                        FlatRowWriter.factory(new FrameRows()),
                        List.of(current, original),
                        dir.resolve("f.parquet"));

        Map<String, Object> r = rows.get(0);
        assertThat(List.copyOf(r.keySet()).subList(0, 14))
                .containsExactly(
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
                        "pos");
        assertThat(r)
                .containsEntry("t_ns", 5_000_000_000L + 42 * 3_000_000L)
                .containsEntry("game", "assetto_corsa")
                .containsEntry("session", "s1")
                .containsEntry("gear", 4)
                .containsEntry("steer", -0.25f)
                .containsEntry("ax_g", 1.2f)
                .containsEntry("az_g", -0.8f)
                .containsEntry("lap", 3)
                .containsEntry("pos", 2)
                .containsEntry("rpm", 7450f);
        // every channel of the contract, by its path
        assertThat(r)
                .containsEntry("session_id", "s1")
                .containsEntry("car_id", "rig2")
                .containsEntry("sequence", 42L)
                .containsEntry("format_version", 2L)
                .containsEntry("state", 1)
                .containsEntry("physics_tyre_temp_c_fl", 81f)
                .containsEntry("physics_tyre_temp_c_rr", 80.5f)
                .containsEntry("physics_tyre_pressure_psi_fr", 26.2f)
                .containsEntry("physics_acc_g_x", 1.2f)
                .containsEntry("physics_pit_limiter_on", true)
                .containsEntry("physics_number_of_tyres_out", 1)
                .containsEntry("physics_car_damage", List.of(0f, 12.5f, 0f, 0f, 3f))
                .containsEntry("physics_tyre_slip_fl", 0f) // unset: the proto3 default
                .containsEntry("graphics_tyre_compound", "Soft (S)")
                .containsEntry("graphics_car_coordinates_z", 877.25f)
                .containsEntry("graphics_is_in_pit_lane", true)
                .containsEntry("graphics_last_lap_ms", 91_234)
                .containsEntry("stat_car_model", "ks_mazda_mx5_cup")
                .containsEntry("stat_player_surname", "Lovelace")
                .containsEntry("stat_track_spline_length_m", 2507.5f);
        assertThat(r.keySet())
                .doesNotHaveDuplicates()
                .hasSizeGreaterThan(200)
                .allMatch(name -> name.matches("[a-z0-9_]+"), "snake_case");

        Map<String, Object> old = rows.get(1);
        assertThat(old)
                .containsEntry("gear", 1)
                .containsEntry("physics_gear", 2) // as received, beside the converted
                .containsEntry("steer", 90f)
                .containsEntry("event_time_ms", 7_000L)
                .containsEntry("physics_car_damage", List.of())
                .containsEntry("stat_car_model", "")
                .containsEntry("sequence", 0L);
        assertThat((float) old.get("physics_steer")).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void lapRowsBecomeSnakeCaseColumnsWithNullsAndLists() throws IOException {
        LapRow lap = new LapRow();
        lap.sessionId = "s1";
        lap.carId = "";
        lap.lapIndex = 3;
        lap.lapTimeMs = 89_343;
        lap.officialLapTimeMs = 89_343;
        lap.sectorTimesMs = new int[] {31_827, 33_741, 23_775};
        lap.lapClass = "flying";
        lap.valid = true;
        lap.tyreCoreTempAvgFlC = 81.5f;
        LapRow empty = new LapRow();
        List<Map<String, Object>> rows =
                roundTrip(
                        ParquetTables.writer(new PojoRows<>(LapRow.class, "sessionId")),
                        List.of(lap, empty),
                        dir.resolve("l.parquet"));

        assertThat(rows.get(0))
                .containsEntry("session_id", "s1")
                .containsEntry("lap_index", 3)
                .containsEntry("lap_time_ms", 89_343)
                .containsEntry("official_lap_time_ms", 89_343)
                .containsEntry("sector_times_ms", List.of(31_827, 33_741, 23_775))
                .containsEntry("lap_class", "flying")
                .containsEntry("valid", true)
                .containsEntry("tyre_core_temp_avg_fl_c", 81.5f)
                .containsEntry("delta_to_best_ms", null)
                .containsEntry("driver", null);
        assertThat(rows.get(1))
                .containsEntry("session_id", null)
                .containsEntry("sector_times_ms", null)
                .containsEntry("lap_index", 0);
    }

    @Test
    void aSmallTablesFileReachesItsStreamInAFewWrites() throws IOException {
        List<LapRow> laps = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            LapRow lap = new LapRow();
            lap.sessionId = "s1";
            lap.lapIndex = i;
            lap.lapTimeMs = 89_000 + i;
            lap.sectorTimesMs = new int[] {31_000, 33_000, 25_000 + i};
            laps.add(lap);
        }
        int[] writes = new int[1];
        List<Map<String, Object>> rows =
                roundTrip(
                        ParquetTables.writer(new PojoRows<>(LapRow.class, "sessionId")),
                        laps,
                        dir.resolve("l.parquet"),
                        out -> counting(out, writes));

        // parquet writes its footer a few bytes at a time: unbuffered, each was a system call
        assertThat(writes[0]).isLessThanOrEqualTo(2);
        assertThat(rows).hasSize(40);
        assertThat(rows.get(39))
                .containsEntry("lap_index", 39)
                .containsEntry("sector_times_ms", List.of(31_000, 33_000, 25_039));
    }

    /** {@code out}, counting the calls that write to it in {@code writes[0]}. */
    private static FSDataOutputStream counting(FSDataOutputStream out, int[] writes) {
        return new FSDataOutputStream() {
            @Override
            public long getPos() throws IOException {
                return out.getPos();
            }

            @Override
            public void write(int b) throws IOException {
                writes[0]++;
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes[0]++;
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void sync() throws IOException {
                out.sync();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    @Test
    void traceRowsKeepEveryValueWhereStringsRepeatChangeAndComeBack() throws IOException {
        String s1 = "2026-06-01 monza";
        List<TraceRow> points = new ArrayList<>();
        String[] sessions = {s1, s1, "2026-06-02 spa", new String(s1), null, s1};
        for (int i = 0; i < sessions.length; i++) {
            TraceRow p = new TraceRow();
            p.sessionId = sessions[i];
            p.carId = i < 3 ? "" : "car " + i;
            p.lapIndex = i;
            p.distanceM = 2f * i;
            p.elapsedMs = 40 * i;
            p.speedKmh = -0.0f + 100.5f * i;
            p.gear = i % 3;
            p.x = i == 2 ? null : 1.25f * i;
            p.deltaMs = i % 2 == 0 ? null : -15 * i;
            points.add(p);
        }
        List<Map<String, Object>> rows =
                roundTrip(FlatRowWriter.factory(new TraceRows()), points, dir.resolve("t.parquet"));
        // the same table as parquet's record writer gives from the same schema
        assertThat(rows)
                .isEqualTo(
                        roundTrip(
                                ParquetTables.writer(new PojoRows<>(TraceRow.class, "sessionId")),
                                points,
                                dir.resolve("records.parquet")));

        assertThat(rows).hasSize(sessions.length);
        for (int i = 0; i < sessions.length; i++) {
            assertThat(rows.get(i))
                    .as("row %d", i)
                    .containsEntry("session_id", sessions[i])
                    .containsEntry("car_id", i < 3 ? "" : "car " + i)
                    .containsEntry("lap_index", i)
                    .containsEntry("distance_m", 2f * i)
                    .containsEntry("elapsed_ms", 40 * i)
                    .containsEntry("speed_kmh", 100.5f * i)
                    .containsEntry("gear", i % 3)
                    .containsEntry("x", i == 2 ? null : 1.25f * i)
                    .containsEntry("delta_ms", i % 2 == 0 ? null : -15 * i)
                    .containsEntry("reference_session_id", null);
        }
        // numbers PLAIN, as in the frames table; strings through a dictionary
        try (ParquetFileReader r =
                ParquetFileReader.open(new LocalInputFile(dir.resolve("t.parquet")))) {
            for (ColumnChunkMetaData c : r.getFooter().getBlocks().get(0).getColumns()) {
                String name = c.getPath().toDotString();
                if (c.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY)
                    assertThat(c.getEncodings())
                            .as(name)
                            .contains(Encoding.PLAIN)
                            .doesNotContain(Encoding.PLAIN_DICTIONARY);
                else if (!name.equals("reference_session_id")) // all null: no values at all
                assertThat(c.getEncodings()).as(name).contains(Encoding.PLAIN_DICTIONARY);
            }
        }
    }

    @Test
    void tracesOverManyPagesAndRowGroupsAreWhatParquetsRecordWriterGives() throws IOException {
        List<TraceRow> points = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            TraceRow p = new TraceRow();
            p.sessionId = i < 1_200 ? "s1" : "s2";
            p.carId = "";
            p.lapIndex = i / 400;
            p.distanceM = 2f * (i % 400);
            p.elapsedMs = 37 * i;
            p.speedKmh = i % 7 == 0 ? Float.NaN : 0.1f * i;
            p.throttle = (i % 100) / 100f;
            p.brake = 1 - p.throttle;
            p.gear = 1 + i % 6;
            p.steer = -0.01f * (i % 50);
            p.x = i >= 1_000 && i < 2_000 ? null : -0.5f * i; // a whole page without
            p.y = i % 3 == 0 ? null : 0.25f * i;
            p.deltaMs = i % 2 == 0 ? null : i - 1_250;
            p.referenceLapIndex = i < 2_000 ? null : 1;
            p.referenceSessionId = i < 2_000 ? null : "2026-05-30 monza"; // nulls, then a value
            points.add(p);
        }
        // pages of 1,000 rows, row groups of 2 pages: the first group's reference columns all null
        List<Map<String, Object>> rows =
                roundTrip(
                        FlatRowWriter.factory(new TraceRows(), 1_000, 2),
                        points,
                        dir.resolve("t.parquet"));
        List<Map<String, Object>> records =
                roundTrip(
                        ParquetTables.writer(new PojoRows<>(TraceRow.class, "sessionId")),
                        points,
                        dir.resolve("records.parquet"));

        assertThat(rows).hasSize(points.size()).isEqualTo(records);
        assertThat(rows.get(1_501)).containsEntry("x", null).containsEntry("delta_ms", 251);
        assertThat(rows.get(2_400))
                .containsEntry("reference_session_id", "2026-05-30 monza")
                .containsEntry("y", null)
                .containsEntry("throttle", 0f)
                .containsEntry("brake", 1f)
                .containsEntry("gear", 1)
                .containsEntry("steer", -0f);
    }

    @Test
    void sessionsGetTheirOwnSafeFolder() {
        assertThat(ParquetTables.partition("e0e6d2a0-a137-3476"))
                .isEqualTo("session_key=e0e6d2a0-a137-3476");
        assertThat(ParquetTables.partition("../x y")).isEqualTo("session_key=.._x_y");
        assertThat(ParquetTables.partition("")).isEqualTo("session_key=unknown");
    }
}
