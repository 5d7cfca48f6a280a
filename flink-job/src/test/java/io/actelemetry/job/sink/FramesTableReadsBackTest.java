package io.actelemetry.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.job.frame.FrameSerializer;
import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.Physics;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.proto.v1.Vec3f;
import io.actelemetry.proto.v1.Wheel4f;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code frames} table as the job writes it, read back by two readers that share no code with
 * its writer, and checked row by row and column by column against what protobuf's own parser makes
 * of the bytes each frame arrived as.
 *
 * <p>The write path is the job's: the source's {@link FrameConverter} (one per task, as the source
 * keeps it), the keyed hand-over's {@link FrameSerializer}, and {@link FlatRowWriter} with the
 * frames table's {@link FrameRows} and its default pages and row groups (what {@link
 * ParquetTables#sink} gives the table). The frames are a simulated session with, every 97 frames,
 * one of the awkward frames a producer can send: original-bridge frames, frames without physics,
 * graphics or static page, with single channels missing, the empty message, odd strings, NaNs with
 * payloads and negative zeros, extreme and unknown numbers, lists of 0 to 17 elements, unknown
 * fields of a newer producer, a delta frame concatenated onto a full one (protobuf merges them),
 * and a hand-encoded frame with unpacked list elements and explicitly encoded defaults.
 *
 * <p>The expected row is {@code TelemetryFrame.parseFrom} of those bytes: the export columns by
 * {@link FrameRows}' rules from the generated getters, then every field by its flattened name
 * (protobuf's field getters, nested messages as prefixes). Floats are compared by their bits. No
 * column of the frames table is nullable: an absent channel reads as its proto3 default, which is
 * also what protobuf's getters return for it, and a null from either reader fails the row.
 */
class FramesTableReadsBackTest {
    private static final int SIMULATED = 10_000;
    private static final int ODD_EVERY = 97;

    /**
     * The columns {@link FrameRows} puts first, in order; the flattened field of the same name is
     * left out.
     */
    private static final List<String> EXPORT =
            List.of(
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
                    "event_time_ms");

    @TempDir static Path dir;

    /** A frame as it arrived: what kind of frame it is, and its bytes. */
    private record Wire(String kind, byte[] bytes) {}

    /** A float by its bits: NaN payloads, signalling NaNs and -0.0 all differ. */
    private record FloatBits(int bits) {
        static FloatBits of(float v) {
            return new FloatBits(Float.floatToRawIntBits(v));
        }

        @Override
        public String toString() {
            return String.format("%s (0x%08x)", Float.intBitsToFloat(bits), bits);
        }
    }

    private record DoubleBits(long bits) {
        @Override
        public String toString() {
            return String.format("%s (0x%016x)", Double.longBitsToDouble(bits), bits);
        }
    }

    private static List<Wire> frames;
    private static Path file;

    @BeforeAll
    static void writeTheFramesAsTheJobDoes() throws IOException {
        frames = frames();
        file = dir.resolve("frames.parquet");
        FrameConverter source = new FrameConverter();
        FrameSerializer handOver = new FrameSerializer();
        DataOutputSerializer wire = new DataOutputSerializer(1024);
        DataInputDeserializer received = new DataInputDeserializer();
        BulkWriter.Factory<Frame> table = FlatRowWriter.factory(new FrameRows());
        try (FSDataOutputStream out =
                LocalFileSystem.getSharedInstance()
                        .create(
                                new org.apache.flink.core.fs.Path(file.toUri()),
                                WriteMode.NO_OVERWRITE)) {
            BulkWriter<Frame> writer = table.create(out);
            for (Wire w : frames) {
                wire.clear();
                handOver.serialize(source.convert(w.bytes()), wire);
                received.setBuffer(wire.getSharedBuffer(), 0, wire.length());
                writer.addElement(handOver.deserialize(received));
            }
            writer.finish();
        }
    }

    @Test
    void theFileHoldsEveryFrameInTheContractsColumnsNoneNullable() throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            assertThat(r.getRecordCount()).isEqualTo(frames.size());
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            assertThat(schema).isEqualTo(new FrameRows().schema());
            assertThat(schema.getFields())
                    .extracting(Type::getName)
                    .containsExactlyElementsOf(expected(frames.get(0)).keySet());
            assertThat(schema.getFields())
                    .allMatch(f -> f.isRepetition(Type.Repetition.REQUIRED), "required");
            // more than one page of the default 8,192 rows
            assertThat(frames.size()).isGreaterThan(FlatRowWriter.PAGE_ROWS);
        }
    }

    @Test
    void parquetsOwnRecordReaderReadsWhatProtobufParses() throws IOException {
        int i = 0;
        try (ParquetReader<Group> r = new GroupReader(new LocalInputFile(file)).build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                if (i == frames.size()) fail("more rows than frames");
                assertSameRow(i, "parquet", row(g), expected(frames.get(i)));
                i++;
            }
        }
        assertThat(i).as("rows").isEqualTo(frames.size());
    }

    @Test
    void duckDbReadsWhatProtobufParses() throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            try (ResultSet n =
                    s.executeQuery("SELECT count(*) FROM read_parquet('" + file + "')")) {
                assertThat(n.next()).isTrue();
                assertThat(n.getLong(1)).as("count(*)").isEqualTo(frames.size());
            }
            try (ResultSet r =
                    s.executeQuery(
                            "SELECT * FROM read_parquet('"
                                    + file
                                    + "', file_row_number = true) ORDER BY file_row_number")) {
                ResultSetMetaData meta = r.getMetaData();
                int columns = meta.getColumnCount() - 1; // file_row_number comes last
                assertThat(meta.getColumnName(columns + 1)).isEqualTo("file_row_number");
                int i = 0;
                while (r.next()) {
                    assertThat(r.getLong(columns + 1)).isEqualTo(i);
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int k = 1; k <= columns; k++)
                        row.put(meta.getColumnName(k), jdbc(r.getObject(k)));
                    assertSameRow(i, "DuckDB", row, expected(frames.get(i)));
                    i++;
                }
                assertThat(i).as("rows").isEqualTo(frames.size());
            }
        }
    }

    /**
     * What the two tests above rely on: the awkward frames are there, and bits tell floats apart.
     */
    @Test
    void theFramesAreAsAwkwardAsClaimed() throws IOException {
        Map<String, Long> kinds =
                frames.stream().collect(Collectors.groupingBy(Wire::kind, Collectors.counting()));
        assertThat(kinds.keySet())
                .containsExactlyInAnyOrder(
                        "simulated",
                        "original bridge",
                        "fixture",
                        "identity only",
                        "empty",
                        "channels missing",
                        "strings",
                        "special floats",
                        "extreme numbers",
                        "original bridge, extreme",
                        "long list",
                        "one-element list",
                        "newer producer",
                        "delta concatenated",
                        "hand-encoded");
        assertThat(kinds.values()).allMatch(n -> n >= 6);
        List<TelemetryFrame> parsed = new ArrayList<>();
        for (Wire w : frames) parsed.add(TelemetryFrame.parseFrom(w.bytes()));
        assertThat(parsed).anyMatch(m -> !m.hasPhysics() && !m.hasGraphics() && !m.hasStat());
        assertThat(parsed).anyMatch(m -> m.hasPhysics() && !m.getPhysics().hasTyreTempC());
        assertThat(parsed).anyMatch(m -> !m.getUnknownFields().asMap().isEmpty());
        assertThat(parsed)
                .anyMatch(m -> Float.floatToRawIntBits(m.getPhysics().getSpeedKmh()) == 0x7fc00123);
        assertThat(parsed).anyMatch(m -> m.getPhysics().getCarDamageCount() == 17);
        assertThat(parsed)
                .anyMatch(m -> m.getPhysics().getCarDamageList().equals(List.of(1f, 2f, 3f)));
        assertThat(FloatBits.of(-0f)).isNotEqualTo(FloatBits.of(0f));
        assertThat(FloatBits.of(Float.intBitsToFloat(0x7fc00123)))
                .isNotEqualTo(FloatBits.of(Float.NaN));
    }

    /** Parquet's example reader: rows as {@link Group}s, through parquet's record assembly. */
    private static final class GroupReader extends ParquetReader.Builder<Group> {
        GroupReader(InputFile file) {
            super(file, new PlainParquetConfiguration());
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }

    private static void assertSameRow(
            int i, String reader, Map<String, Object> read, Map<String, Object> expected) {
        if (read.equals(expected)) return;
        Set<String> names = new LinkedHashSet<>(expected.keySet());
        names.addAll(read.keySet());
        Map<String, String> differences = new TreeMap<>();
        for (String name : names) {
            Object want = expected.get(name);
            Object got = read.get(name);
            if (!Objects.equals(want, got) || expected.containsKey(name) != read.containsKey(name))
                differences.put(
                        name, "protobuf " + describe(want) + ", " + reader + " " + describe(got));
        }
        fail(
                "row %d (a %s frame) as %s reads it differs from protobuf's parse in %d columns:"
                        + " %s",
                i, frames.get(i).kind(), reader, differences.size(), differences);
    }

    private static String describe(Object v) {
        return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
    }

    // ---- the expected row: protobuf's parse --------------------------------------------------

    private static Map<String, Object> expected(Wire w) throws InvalidProtocolBufferException {
        TelemetryFrame m = TelemetryFrame.parseFrom(w.bytes());
        Physics p = m.getPhysics();
        Graphics g = m.getGraphics();
        // original-bridge frames: raw game gear (offset by one), steer divided by 180
        boolean original = m.getFormatVersion() == FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("t_ns", m.getMonotonicNs());
        row.put("game", m.getGame());
        row.put("session", m.getSessionId());
        row.put("speed_kmh", FloatBits.of(p.getSpeedKmh()));
        row.put("gas", FloatBits.of(p.getGas()));
        row.put("brake", FloatBits.of(p.getBrake()));
        row.put("gear", original ? p.getGear() - 1 : p.getGear());
        row.put("steer", FloatBits.of(original ? p.getSteer() * 180f : p.getSteer()));
        row.put("rpm", FloatBits.of(p.getEngineRpm()));
        row.put("ax_g", FloatBits.of(p.getAccG().getX()));
        row.put("ay_g", FloatBits.of(p.getAccG().getY()));
        row.put("az_g", FloatBits.of(p.getAccG().getZ()));
        row.put("lap", g.getCompletedLaps());
        row.put("pos", g.getPosition());
        row.put(
                "event_time_ms",
                m.getCaptureUnixNs() != 0
                        ? m.getCaptureUnixNs() / 1_000_000L
                        : Long.divideUnsigned(m.getMonotonicNs(), 1_000_000L));
        assertThat(row.keySet()).containsExactlyElementsOf(EXPORT);
        flatten(m, "", row);
        return row;
    }

    /** Every field by its flattened name ({@code physics_acc_g_x}), in declaration order. */
    private static void flatten(Message m, String prefix, Map<String, Object> row) {
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            String name = prefix + f.getName();
            Object v = m.getField(f);
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (f.isRepeated())
                    throw new AssertionError("no repeated message in the contract: " + name);
                flatten((Message) v, name + "_", row);
            } else if (!EXPORT.contains(name)) {
                row.put(
                        name,
                        f.isRepeated()
                                ? ((List<?>) v).stream().map(e -> value(f, e)).toList()
                                : value(f, v));
            }
        }
    }

    /** A field's value as the table types it: enums by number, unsigned 32-bit as a long. */
    private static Object value(FieldDescriptor f, Object v) {
        return switch (f.getType()) {
            case FLOAT -> FloatBits.of((Float) v);
            case DOUBLE -> new DoubleBits(Double.doubleToRawLongBits((Double) v));
            case ENUM -> ((EnumValueDescriptor) v).getNumber();
            case UINT32, FIXED32 -> Integer.toUnsignedLong((Integer) v);
            case BYTES -> List.of(((ByteString) v).toByteArray());
            default -> v; // Integer, Long, Boolean, String
        };
    }

    // ---- the rows as the readers give them ---------------------------------------------------

    private static Map<String, Object> row(Group g) {
        Map<String, Object> row = new LinkedHashMap<>();
        GroupType type = g.getType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type f = type.getType(i);
            Object v;
            if (g.getFieldRepetitionCount(i) == 0) v = null;
            else if (f.isPrimitive()) v = scalar(g, i, 0, f.asPrimitiveType());
            else v = list(g.getGroup(i, 0));
            row.put(f.getName(), v);
        }
        return row;
    }

    /** A LIST column: {@code group (LIST) { repeated group list { required element } }}. */
    private static List<Object> list(Group list) {
        List<Object> values = new ArrayList<>();
        for (int k = 0; k < list.getFieldRepetitionCount(0); k++) {
            Group element = list.getGroup(0, k);
            values.add(scalar(element, 0, 0, element.getType().getType(0).asPrimitiveType()));
        }
        return values;
    }

    private static Object scalar(Group g, int field, int index, PrimitiveType type) {
        return switch (type.getPrimitiveTypeName()) {
            case INT32 -> g.getInteger(field, index);
            case INT64 -> g.getLong(field, index);
            case FLOAT -> FloatBits.of(g.getFloat(field, index));
            case DOUBLE -> new DoubleBits(Double.doubleToRawLongBits(g.getDouble(field, index)));
            case BOOLEAN -> g.getBoolean(field, index);
            case BINARY ->
                    type.getLogicalTypeAnnotation()
                                    instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                            ? g.getString(field, index)
                            : List.of(g.getBinary(field, index).getBytes());
            default -> throw new AssertionError("not a type of the frames table: " + type);
        };
    }

    private static Object jdbc(Object v) throws SQLException {
        if (v instanceof Float f) return FloatBits.of(f);
        if (v instanceof Double d) return new DoubleBits(Double.doubleToRawLongBits(d));
        if (v instanceof Array a) {
            List<Object> values = new ArrayList<>();
            for (Object e : (Object[]) a.getArray()) values.add(jdbc(e));
            return values;
        }
        return v;
    }

    // ---- the frames --------------------------------------------------------------------------

    private static List<Wire> frames() throws IOException {
        List<Wire> all = new ArrayList<>();
        try (Stream<TelemetryFrame> session = SimulatedSession.frames(Scenario.laps(1, 23))) {
            int i = 0;
            for (TelemetryFrame f : (Iterable<TelemetryFrame>) session.limit(SIMULATED)::iterator) {
                all.add(new Wire("simulated", f.toByteArray()));
                if (i % ODD_EVERY == ODD_EVERY - 1) all.add(odd(i / ODD_EVERY, f));
                i++;
            }
        }
        return all;
    }

    /** One of the awkward frames, made from the simulated frame {@code f}. */
    private static Wire odd(int k, TelemetryFrame f) throws IOException {
        Physics p = f.getPhysics();
        Graphics g = f.getGraphics();
        Static s = f.getStat();
        return switch (k % 14) {
            case 0 ->
                    k % 28 == 0
                            ? wire(
                                    "original bridge",
                                    Frames.original("old-" + k, f.getMonotonicNs()))
                            : wire("fixture", Frames.current("fixture-" + k, "rig " + k, k));
            case 1 ->
                    wire(
                            "identity only",
                            TelemetryFrame.newBuilder()
                                    .setSessionId(f.getSessionId())
                                    .setSequence(f.getSequence())
                                    .setMonotonicNs(f.getMonotonicNs())
                                    .build());
            case 2 -> new Wire("empty", new byte[0]);
            case 3 ->
                    wire(
                            "channels missing",
                            f.toBuilder()
                                    .clearStat()
                                    .clearGraphics()
                                    .clearCarId()
                                    .setPhysics(
                                            p.toBuilder()
                                                    .clearTyreTempC()
                                                    .clearAccG()
                                                    .clearCarDamage()
                                                    .clearSpeedKmh()
                                                    .clearPitLimiterOn()
                                                    .setVelocity(Vec3f.newBuilder().setY(-2.5f)))
                                    .build());
            case 4 ->
                    wire(
                            "strings",
                            f.toBuilder()
                                    .setCarId("rïg ✓ \uD83C\uDFCE\uFE0F")
                                    .setGame("")
                                    .setGraphics(g.toBuilder().setTyreCompound("Medium (M) – 中"))
                                    .setStat(
                                            s.toBuilder()
                                                    .setPlayerName("  Zoë\t")
                                                    .setPlayerSurname("")
                                                    .setTrack("a\u0000b")
                                                    .setCarSkin(
                                                            "skin-" + k + "-" + "x".repeat(5000)))
                                    .build());
            case 5 ->
                    wire(
                            "special floats",
                            f.toBuilder()
                                    .setPhysics(
                                            p.toBuilder()
                                                    .setSpeedKmh(Float.intBitsToFloat(0x7fc00123))
                                                    .setGas(-0f)
                                                    .setBrake(Float.intBitsToFloat(0xffc00000))
                                                    .setSteer(Float.POSITIVE_INFINITY)
                                                    .setEngineRpm(Float.NEGATIVE_INFINITY)
                                                    .setAccG(
                                                            Vec3f.newBuilder()
                                                                    .setX(Float.MIN_VALUE)
                                                                    .setY(-Float.MAX_VALUE)
                                                                    .setZ(-0f))
                                                    .setTyreSlip(
                                                            Wheel4f.newBuilder()
                                                                    .setFl(
                                                                            Float.intBitsToFloat(
                                                                                    0x7f800001))
                                                                    .setRr(Float.MIN_NORMAL))
                                                    .clearCarDamage()
                                                    .addCarDamage(Float.intBitsToFloat(0x7fc0beef))
                                                    .addCarDamage(-0f)
                                                    .addCarDamage(-Float.MIN_VALUE)
                                                    .addCarDamage(Float.POSITIVE_INFINITY))
                                    .build());
            case 6 ->
                    wire(
                            "extreme numbers",
                            f.toBuilder()
                                    .setFormatVersion(-1) // uint32: 4,294,967,295
                                    .setMonotonicNs(-1L) // uint64: 2^64 - 1
                                    .setCaptureUnixNs(0)
                                    .setSequence(Long.MIN_VALUE)
                                    .setStateValue(99) // a state this build does not know
                                    .setPhysics(
                                            p.toBuilder()
                                                    .setGear(Integer.MIN_VALUE)
                                                    .setPacketId(Integer.MAX_VALUE)
                                                    .setCurrentMaxRpm(-1))
                                    .setGraphics(
                                            g.toBuilder()
                                                    .setSessionType(-1)
                                                    .setFlag(6)
                                                    .setCompletedLaps(-5)
                                                    .setPosition(Integer.MAX_VALUE))
                                    .setStat(s.toBuilder().setMaxRpm(Integer.MIN_VALUE))
                                    .build());
            case 7 -> {
                TelemetryFrame old = Frames.original("old-extreme-" + k, Long.MIN_VALUE + k);
                yield wire(
                        "original bridge, extreme",
                        old.toBuilder()
                                .setPhysics(
                                        old.getPhysics().toBuilder()
                                                .setGear(Integer.MIN_VALUE)
                                                .setSteer(Float.intBitsToFloat(0x7fc0abcd)))
                                .build());
            }
            case 8 -> {
                Physics.Builder damage = p.toBuilder().clearCarDamage();
                for (int d = 0; d < 17; d++) damage.addCarDamage(d * 0.5f - 3f);
                yield wire("long list", f.toBuilder().setPhysics(damage).build());
            }
            case 9 ->
                    wire(
                            "one-element list",
                            f.toBuilder()
                                    .setPhysics(p.toBuilder().clearCarDamage().addCarDamage(42f))
                                    .build());
            case 10 ->
                    wire(
                            "newer producer",
                            f.toBuilder()
                                    .setUnknownFields(
                                            UnknownFieldSet.newBuilder()
                                                    .addField(
                                                            99,
                                                            UnknownFieldSet.Field.newBuilder()
                                                                    .addVarint(7)
                                                                    .build())
                                                    .addField(
                                                            100,
                                                            UnknownFieldSet.Field.newBuilder()
                                                                    .addLengthDelimited(
                                                                            ByteString.copyFromUtf8(
                                                                                    "a channel of"
                                                                                        + " tomorrow"))
                                                                    .build())
                                                    .build())
                                    .setPhysics(
                                            p.toBuilder()
                                                    .setUnknownFields(
                                                            UnknownFieldSet.newBuilder()
                                                                    .addField(
                                                                            200,
                                                                            UnknownFieldSet.Field
                                                                                    .newBuilder()
                                                                                    .addFixed32(
                                                                                            0x3f800000)
                                                                                    .build())
                                                                    .build()))
                                    .build());
            case 11 -> {
                // protobuf merges concatenated messages: scalars and strings of the second win,
                // lists are appended
                TelemetryFrame delta =
                        TelemetryFrame.newBuilder()
                                .setSequence(f.getSequence() + 1)
                                .setPhysics(Physics.newBuilder().setSpeedKmh(1.5f).addCarDamage(9f))
                                .setGraphics(Graphics.newBuilder().setTyreCompound("Hard (H)"))
                                .build();
                ByteArrayOutputStream both = new ByteArrayOutputStream();
                f.writeTo(both);
                delta.writeTo(both);
                yield new Wire("delta concatenated", both.toByteArray());
            }
            case 12 -> new Wire("hand-encoded", handEncoded(f));
            default ->
                    k % 28 == 13
                            ? wire("original bridge", Frames.original("old-" + k, 3_000_000L * k))
                            : wire("fixture", Frames.current("fixture-" + k, "", k));
        };
    }

    private static Wire wire(String kind, TelemetryFrame f) {
        return new Wire(kind, f.toByteArray());
    }

    /**
     * {@code f} as another encoder may write it: the physics message with its car damage unpacked
     * (one tag per element, which every parser accepts), a gear of 0 encoded although it is the
     * default, and an empty game string after the frame's own, which it overrides (the last value
     * of a field wins).
     */
    private static byte[] handEncoded(TelemetryFrame f) throws IOException {
        ByteArrayOutputStream physics = new ByteArrayOutputStream();
        CodedOutputStream p = CodedOutputStream.newInstance(physics);
        f.getPhysics().toBuilder().clearCarDamage().clearGear().build().writeTo(p);
        p.writeInt32(Physics.GEAR_FIELD_NUMBER, 0);
        for (float d : new float[] {1f, 2f, 3f}) p.writeFloat(Physics.CAR_DAMAGE_FIELD_NUMBER, d);
        p.flush();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(frame);
        f.toBuilder().clearPhysics().build().writeTo(out);
        out.writeString(TelemetryFrame.GAME_FIELD_NUMBER, "");
        out.writeByteArray(TelemetryFrame.PHYSICS_FIELD_NUMBER, physics.toByteArray());
        out.flush();
        return frame.toByteArray();
    }
}
