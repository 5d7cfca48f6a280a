package io.actelemetry.job.bench;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.frame.FlatMessage;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.job.frame.FrameSerializer;
import io.actelemetry.job.sink.FlatRowWriter;
import io.actelemetry.job.sink.FrameRows;
import io.actelemetry.job.sink.OneRow;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.RowWriter;
import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.Physics;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The job's two hand-written codecs against the libraries they stand in for, not a test: {@code
 * ./mvnw -q -B -Pbench -pl flink-job verify -Dbench.codec.skip=false} (docs/performance.md,
 * "Hand-written codecs"). The project's rule: where a library path comes within 10 % of the
 * hand-written one, the library is preferred and the code deleted.
 *
 * <p>On the same simulated frames (default 100,000), serialized as the bridge sends them, in one
 * JVM; in each comparison the paths run in turn, warm-up rounds first, and the median of five
 * rounds is reported:
 *
 * <ul>
 *   <li>decode at the source, bytes to {@link Frame}: {@link FrameConverter} ({@link FlatMessage})
 *       against {@code TelemetryFrame.parseFrom} and the generated getters of the same fields;
 *   <li>decode for the frames table, bytes to every leaf column: {@link FlatMessage} against {@code
 *       parseFrom} and protobuf's field getters by descriptor ({@code getField}: a table that gains
 *       a column with every new channel, without code, needs them);
 *   <li>write the frames table, ZSTD: {@link FlatRowWriter} (the job's path) against parquet's
 *       {@link ParquetWriter} with a {@link WriteSupport} writing the same columns, once with
 *       parquet's defaults ({@link ParquetTables#writer}, the job's record path for its small
 *       tables) and once in FlatRowWriter's layout (dictionaries for strings only, 8,192-row
 *       pages), and against {@link ExampleParquetWriter} ({@link Group}s) in that layout. Every
 *       path writes the same {@link Frame}s through a Flink {@link BulkWriter} onto a local file,
 *       and every path's column values come from {@link FrameRows} (so from {@link FlatMessage}):
 *       what differs is the writer. The files are checked to hold the same rows, schema and column
 *       statistics.
 * </ul>
 *
 * Both decoders of each decode comparison are checked to agree on every frame before anything is
 * timed.
 */
public final class CodecBenchmark {
    private static final int ROUNDS = 5;
    private static final int DECODE_WARMUP_ROUNDS = 5;
    private static final int WRITE_WARMUP_ROUNDS = 2;

    /** A library path within this of the hand-written one replaces it. */
    private static final double WITHIN = 0.10;

    /** FlatRowWriter's page size in rows. */
    private static final int PAGE_ROWS = 8192;

    /** One pass over all frames; what it returns keeps its work from being optimised away. */
    private interface Pass {
        long run() throws Exception;
    }

    private record Candidate(String name, Pass pass) {}

    /** The first candidate is the hand-written one. */
    private record Comparison(String what, int warmupRounds, List<Candidate> candidates) {}

    private record Result(
            String what, String handWritten, double handRate, String library, double libraryRate) {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work =
                Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/bench-codec"));
        byte[][] wire = simulate(count);
        System.out.printf(
                "%,d simulated frames, %.0f bytes a frame serialized; median of %d rounds after"
                        + " warm-up, the paths of a comparison in turn; %d cores, %s %s%n",
                count,
                Arrays.stream(wire).mapToLong(w -> w.length).average().orElseThrow(),
                ROUNDS,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));

        FrameConverter converter = new FrameConverter(); // one per task, as the source keeps it
        ProtobufFrames protobuf = new ProtobufFrames();
        FlatMessage flat = new FlatMessage(TelemetryFrame.getDescriptor(), Set.of());
        ByDescriptor byDescriptor = new ByDescriptor(TelemetryFrame.getDescriptor(), flat);
        Columns flatColumns = new Columns(flat);
        Columns protobufColumns = new Columns(flat);
        checkDecodersAgree(wire, converter, protobuf, flat, byDescriptor);

        Frame[] frames = new Frame[count];
        for (int i = 0; i < count; i++) frames[i] = converter.convert(wire[i]);
        FrameRows table = new FrameRows();
        MessageType schema = table.schema();
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : List.of("flat-row-writer", "defaults", "same-layout", "group"))
            files.put(name, work.resolve(name + ".parquet"));
        OneRow<Frame> groupRow = new OneRow<>(table);
        ColumnsOut groupColumns = new ColumnsOut(schema);

        List<Comparison> comparisons =
                List.of(
                        new Comparison(
                                "decode at the source: bytes -> Frame",
                                DECODE_WARMUP_ROUNDS,
                                List.of(
                                        new Candidate(
                                                "FlatMessage (FrameConverter, the job's)",
                                                () -> {
                                                    long sum = 0;
                                                    for (byte[] w : wire)
                                                        sum += digest(converter.convert(w));
                                                    return sum;
                                                }),
                                        new Candidate(
                                                "TelemetryFrame.parseFrom + generated getters",
                                                () -> {
                                                    long sum = 0;
                                                    for (byte[] w : wire)
                                                        sum += digest(protobuf.convert(w));
                                                    return sum;
                                                }))),
                        new Comparison(
                                "decode for the frames table: bytes -> all "
                                        + flat.size()
                                        + " leaf columns",
                                DECODE_WARMUP_ROUNDS,
                                List.of(
                                        new Candidate(
                                                "FlatMessage (the frames table's)",
                                                () -> {
                                                    long sum = 0;
                                                    for (byte[] w : wire) {
                                                        flatColumns.reset();
                                                        flat.read(w, flatColumns, 0);
                                                        sum += flatColumns.digest();
                                                    }
                                                    return sum;
                                                }),
                                        new Candidate(
                                                "TelemetryFrame.parseFrom + getField by descriptor",
                                                () -> {
                                                    long sum = 0;
                                                    for (byte[] w : wire) {
                                                        protobufColumns.reset();
                                                        byDescriptor.read(
                                                                TelemetryFrame.parseFrom(w),
                                                                protobufColumns);
                                                        sum += protobufColumns.digest();
                                                    }
                                                    return sum;
                                                }))),
                        new Comparison(
                                "write the frames table, ZSTD: Frame -> Parquet file",
                                WRITE_WARMUP_ROUNDS,
                                List.of(
                                        new Candidate(
                                                "FlatRowWriter (the job's)",
                                                () ->
                                                        write(
                                                                FlatRowWriter.factory(table),
                                                                frames,
                                                                f -> f,
                                                                files.get("flat-row-writer"))),
                                        new Candidate(
                                                "ParquetWriter + WriteSupport, parquet's defaults",
                                                () ->
                                                        write(
                                                                ParquetTables.writer(
                                                                        new RecordColumns(table)),
                                                                frames,
                                                                f -> f,
                                                                files.get("defaults"))),
                                        new Candidate(
                                                "ParquetWriter + WriteSupport, FlatRowWriter's"
                                                        + " layout",
                                                () ->
                                                        write(
                                                                new ParquetWriterFactory<Frame>(
                                                                        out ->
                                                                                inFlatRowWritersLayout(
                                                                                                new SupportBuilder(
                                                                                                        out,
                                                                                                        new ColumnsSupport(
                                                                                                                table)),
                                                                                                schema)
                                                                                        .build()),
                                                                frames,
                                                                f -> f,
                                                                files.get("same-layout"))),
                                        new Candidate(
                                                "ExampleParquetWriter (Group), FlatRowWriter's"
                                                        + " layout",
                                                () ->
                                                        write(
                                                                new ParquetWriterFactory<Group>(
                                                                        out ->
                                                                                inFlatRowWritersLayout(
                                                                                                ExampleParquetWriter
                                                                                                        .builder(
                                                                                                                out)
                                                                                                        .withType(
                                                                                                                schema),
                                                                                                schema)
                                                                                        .build()),
                                                                frames,
                                                                f -> {
                                                                    groupRow.fill(f);
                                                                    return groupColumns.group(
                                                                            groupRow);
                                                                },
                                                                files.get("group"))))));

        List<Result> results = new ArrayList<>();
        for (Comparison c : comparisons) results.addAll(measure(c, count));
        checkFilesAgree(files, count, schema);

        System.out.printf(
                "%n| | hand-written | frames/s | library | frames/s | library / hand-written |"
                        + " within 10 %% |%n|---|---|---|---|---|---|---|%n");
        for (Result r : results) {
            double ratio = r.libraryRate() / r.handRate();
            System.out.printf(
                    "| %s | %s | %,.0f | %s | %,.0f | %.0f %% | %s |%n",
                    r.what(),
                    r.handWritten(),
                    r.handRate(),
                    r.library(),
                    r.libraryRate(),
                    100 * ratio,
                    ratio >= 1 - WITHIN ? "yes: prefer the library" : "no: keep the hand-written");
        }
    }

    /** Runs a comparison's paths in turn, warm-up rounds first; the median of each path. */
    private static List<Result> measure(Comparison c, int frames) throws Exception {
        System.out.printf("%n%s%n", c.what());
        List<Candidate> paths = c.candidates();
        long keep = 0;
        for (int r = 0; r < c.warmupRounds(); r++) {
            for (Candidate p : paths) keep += p.pass().run();
        }
        double[][] rates = new double[paths.size()][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int k = 0; k < paths.size(); k++) {
                System.gc(); // the last path's garbage is not this one's to collect
                long t0 = System.nanoTime();
                keep += paths.get(k).pass().run();
                rates[k][r] = frames / ((System.nanoTime() - t0) / 1e9);
            }
        }
        double hand = median(rates[0]);
        List<Result> results = new ArrayList<>();
        for (int k = 0; k < paths.size(); k++) {
            double m = median(rates[k]);
            double[] sorted = rates[k].clone();
            Arrays.sort(sorted);
            System.out.printf(
                    "  %-55s %,10.0f frames/s (rounds %,.0f to %,.0f)%s%n",
                    paths.get(k).name(),
                    m,
                    sorted[0],
                    sorted[ROUNDS - 1],
                    k == 0
                            ? ""
                            : String.format(
                                    ": %.0f %% of the hand-written, %s",
                                    100 * m / hand,
                                    m >= (1 - WITHIN) * hand ? "within 10 %" : "not within 10 %"));
            if (k > 0)
                results.add(
                        new Result(c.what(), paths.get(0).name(), hand, paths.get(k).name(), m));
        }
        if (keep == 42) System.out.print(""); // keeps the work alive
        return results;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long digest(Frame f) {
        return f.sequence
                + Float.floatToRawIntBits(f.speedKmh)
                + f.driver.length()
                + f.currentLapMs
                + Float.floatToRawIntBits(f.tyrePressurePsi[3]);
    }

    /** A simulated session's first {@code count} frames, serialized. */
    private static byte[][] simulate(int count) {
        byte[][] wire = new byte[count][];
        int laps = count / 29_000 + 2; // about 30,000 frames a lap at 333 Hz
        try (Stream<TelemetryFrame> session = SimulatedSession.frames(Scenario.laps(laps, 1))) {
            Iterator<TelemetryFrame> it = session.iterator();
            for (int i = 0; i < count; i++) wire[i] = it.next().toByteArray();
        }
        return wire;
    }

    private interface Rows<T> {
        T of(Frame f);
    }

    /** Writes the frames as a sink's part file is written; returns the file's size. */
    private static <T> long write(
            BulkWriter.Factory<T> files, Frame[] frames, Rows<T> rows, Path file)
            throws IOException {
        try (FSDataOutputStream out =
                LocalFileSystem.getSharedInstance()
                        .create(
                                new org.apache.flink.core.fs.Path(file.toUri()),
                                WriteMode.OVERWRITE)) {
            BulkWriter<T> w = files.create(out);
            for (Frame f : frames) w.addElement(rows.of(f));
            w.finish();
        }
        return Files.size(file);
    }

    /**
     * FlatRowWriter's layout and settings: ZSTD, dictionaries for the strings only, 8,192-row
     * pages, no size statistics, parquet's own configuration rather than Hadoop's.
     */
    private static <B extends ParquetWriter.Builder<?, B>> B inFlatRowWritersLayout(
            B builder, MessageType schema) {
        builder.withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withSizeStatisticsEnabled(false)
                .withPageRowCountLimit(PAGE_ROWS)
                .withDictionaryEncoding(false);
        for (ColumnDescriptor c : schema.getColumns()) {
            if (c.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY)
                builder.withDictionaryEncoding(String.join(".", c.getPath()), true);
        }
        return builder;
    }

    // ---- the checks ---------------------------------------------------------------------------

    /** Each decode comparison's two paths give the same values for every frame. */
    private static void checkDecodersAgree(
            byte[][] wire,
            FrameConverter converter,
            ProtobufFrames protobuf,
            FlatMessage flat,
            ByDescriptor byDescriptor)
            throws IOException {
        FrameSerializer serializerA = new FrameSerializer();
        FrameSerializer serializerB = new FrameSerializer();
        DataOutputSerializer a = new DataOutputSerializer(1024);
        DataOutputSerializer b = new DataOutputSerializer(1024);
        Columns flatColumns = new Columns(flat);
        Columns protobufColumns = new Columns(flat);
        for (int i = 0; i < wire.length; i++) {
            a.clear();
            b.clear();
            serializerA.serialize(converter.convert(wire[i]), a);
            serializerB.serialize(protobuf.convert(wire[i]), b);
            if (!Arrays.equals(a.getCopyOfBuffer(), b.getCopyOfBuffer()))
                throw new IllegalStateException("the two Frame decoders differ on frame " + i);
            flatColumns.reset();
            flat.read(wire[i], flatColumns, 0);
            protobufColumns.reset();
            byDescriptor.read(TelemetryFrame.parseFrom(wire[i]), protobufColumns);
            String difference = flatColumns.difference(protobufColumns);
            if (difference != null)
                throw new IllegalStateException(
                        "the two column decoders differ on frame " + i + ": " + difference);
        }
    }

    /**
     * The written files hold the same rows: same count and schema, and per column the same value
     * count, minimum and maximum.
     */
    private static void checkFilesAgree(Map<String, Path> files, int count, MessageType schema)
            throws IOException {
        System.out.println();
        Map<String, String> reference = null;
        for (Map.Entry<String, Path> e : files.entrySet()) {
            try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(e.getValue()))) {
                if (r.getRecordCount() != count)
                    throw new IllegalStateException(
                            e.getKey() + ": " + r.getRecordCount() + " rows");
                if (!r.getFooter().getFileMetaData().getSchema().equals(schema))
                    throw new IllegalStateException(e.getKey() + ": another schema");
                Map<String, Statistics<?>> stats = new LinkedHashMap<>();
                Map<String, Long> values = new LinkedHashMap<>();
                for (BlockMetaData group : r.getFooter().getBlocks()) {
                    for (ColumnChunkMetaData chunk : group.getColumns()) {
                        String name = chunk.getPath().toDotString();
                        stats.computeIfAbsent(
                                        name, n -> Statistics.createStats(chunk.getPrimitiveType()))
                                .mergeStatistics(chunk.getStatistics());
                        values.merge(name, chunk.getValueCount(), Long::sum);
                    }
                }
                Map<String, String> columns = new LinkedHashMap<>();
                for (String name : stats.keySet()) {
                    Statistics<?> s = stats.get(name);
                    columns.put(
                            name,
                            values.get(name)
                                    + " values, "
                                    + (s.hasNonNullValue()
                                            ? s.minAsString() + ".." + s.maxAsString()
                                            : "no min/max")
                                    + ", "
                                    + s.getNumNulls()
                                    + " nulls");
                }
                if (reference == null) reference = columns;
                else if (!columns.equals(reference)) {
                    for (String name : reference.keySet()) {
                        if (!reference.get(name).equals(columns.get(name)))
                            throw new IllegalStateException(
                                    e.getKey()
                                            + ", column "
                                            + name
                                            + ": "
                                            + columns.get(name)
                                            + ", FlatRowWriter's: "
                                            + reference.get(name));
                    }
                }
                System.out.printf(
                        "%-16s %,6.1f MB, %d row group(s), same rows and column statistics as"
                                + " FlatRowWriter's%n",
                        e.getKey(),
                        Files.size(e.getValue()) / 1e6,
                        r.getFooter().getBlocks().size());
            }
        }
    }

    // ---- protobuf's paths ---------------------------------------------------------------------

    /**
     * {@link FrameConverter}'s work done with the generated message: the same fields, the same
     * conversions (original-bridge gear and steer, lap times from the seconds when the integer
     * field is unset, the driver's name), the driver's name made again only when its parts change.
     */
    static final class ProtobufFrames {
        private String lastName;
        private String lastSurname;
        private String lastNick;
        private String lastDriver;

        Frame convert(byte[] raw) throws InvalidProtocolBufferException {
            TelemetryFrame m = TelemetryFrame.parseFrom(raw);
            Physics p = m.getPhysics();
            Graphics g = m.getGraphics();
            Static s = m.getStat();
            Frame o = new Frame();
            o.sessionId = m.getSessionId();
            o.carId = m.getCarId();
            o.game = m.getGame();
            o.sequence = m.getSequence();
            o.monotonicNs = m.getMonotonicNs();
            o.captureUnixNs = m.getCaptureUnixNs();
            o.eventTimeMs =
                    o.captureUnixNs != 0
                            ? o.captureUnixNs / 1_000_000L
                            : Long.divideUnsigned(o.monotonicNs, 1_000_000L);
            o.formatVersion = m.getFormatVersion();
            o.state = m.getStateValue();
            boolean legacy = o.formatVersion == FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE;

            o.carModel = s.getCarModel();
            o.track = s.getTrack();
            o.trackConfiguration = s.getTrackConfiguration();
            o.driver = driver(s.getPlayerName(), s.getPlayerSurname(), s.getPlayerNick());
            o.sectorCount = s.getSectorCount();
            o.trackSplineLengthM = s.getTrackSplineLengthM();
            o.maxFuelL = s.getMaxFuelL();

            o.status = g.getStatus();
            o.sessionType = g.getSessionType();
            o.completedLaps = g.getCompletedLaps();
            o.position = g.getPosition();
            o.currentLapMs = ms(g.getCurrentLapMs(), g.getICurrentTimeS());
            o.lastLapMs = ms(g.getLastLapMs(), g.getILastTimeS());
            o.bestLapMs = ms(g.getBestLapMs(), g.getIBestTimeS());
            o.currentSectorIndex = g.getCurrentSectorIndex();
            o.lastSectorTimeMs = g.getLastSectorTimeMs();
            o.flag = g.getFlag();
            o.normalizedCarPos = g.getNormalizedCarPos();
            o.distanceTraveledM = g.getDistanceTraveledM();
            o.inPit = g.getIsInPit();
            o.inPitLane = g.getIsInPitLane();
            o.posX = g.getCarCoordinates().getX();
            o.posY = g.getCarCoordinates().getY();
            o.posZ = g.getCarCoordinates().getZ();

            o.packetId = p.getPacketId();
            o.gear = legacy ? p.getGear() - 1 : p.getGear();
            o.speedKmh = p.getSpeedKmh();
            o.gas = p.getGas();
            o.brake = p.getBrake();
            o.clutch = p.getClutch();
            o.steer = legacy ? p.getSteer() * 180f : p.getSteer();
            o.rpm = p.getEngineRpm();
            o.accLatG = p.getAccG().getX();
            o.accVertG = p.getAccG().getY();
            o.accLonG = p.getAccG().getZ();
            o.fuelL = p.getFuelL();
            o.tyresOut = p.getNumberOfTyresOut();
            o.aiControlled = p.getIsAiControlled();
            o.pitLimiterOn = p.getPitLimiterOn();
            o.tyreCoreTempC =
                    new float[] {
                        p.getTyreTempC().getFl(),
                        p.getTyreTempC().getFr(),
                        p.getTyreTempC().getRl(),
                        p.getTyreTempC().getRr()
                    };
            o.tyrePressurePsi =
                    new float[] {
                        p.getTyrePressurePsi().getFl(),
                        p.getTyrePressurePsi().getFr(),
                        p.getTyrePressurePsi().getRl(),
                        p.getTyrePressurePsi().getRr()
                    };
            o.raw = raw;
            return o;
        }

        private String driver(String name, String surname, String nick) {
            if (lastDriver == null
                    || !name.equals(lastName)
                    || !surname.equals(lastSurname)
                    || !nick.equals(lastNick)) {
                lastName = name;
                lastSurname = surname;
                lastNick = nick;
                String full = (name.strip() + " " + surname.strip()).strip();
                lastDriver = !full.isEmpty() ? full : nick.strip();
            }
            return lastDriver;
        }

        private static int ms(int ms, float seconds) {
            if (ms != 0) return ms;
            if (Float.isNaN(seconds)) return -1;
            return (int)
                    Math.max(
                            Integer.MIN_VALUE,
                            Math.min(Integer.MAX_VALUE, Math.round(seconds * 1000.0)));
        }
    }

    /**
     * A parsed message's fields into {@link FlatMessage}'s slots through protobuf's reflection
     * ({@code getField}), the walk worked out once from the descriptor.
     */
    static final class ByDescriptor {
        private static final int CHILD = 0;
        private static final int FLOAT = 1;
        private static final int INT = 2;
        private static final int ENUM = 3;
        private static final int UNSIGNED_INT = 4;
        private static final int LONG = 5;
        private static final int BOOL = 6;
        private static final int STRING = 7;
        private static final int DOUBLE = 8;

        private final FieldDescriptor[] fields;
        private final int[] kinds;
        private final boolean[] repeated;
        private final int[] slots;
        private final ByDescriptor[] children;

        ByDescriptor(Descriptor type, FlatMessage flat) {
            this(type, "", flat);
        }

        private ByDescriptor(Descriptor type, String prefix, FlatMessage flat) {
            List<FieldDescriptor> all = type.getFields();
            fields = all.toArray(new FieldDescriptor[0]);
            kinds = new int[fields.length];
            repeated = new boolean[fields.length];
            slots = new int[fields.length];
            children = new ByDescriptor[fields.length];
            for (int i = 0; i < fields.length; i++) {
                FieldDescriptor f = fields[i];
                String name = prefix + f.getName();
                repeated[i] = f.isRepeated();
                if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    if (f.isRepeated())
                        throw new IllegalArgumentException("no repeated message: " + name);
                    children[i] = new ByDescriptor(f.getMessageType(), name + "_", flat);
                    kinds[i] = CHILD;
                    continue;
                }
                slots[i] = flat.index(name);
                kinds[i] =
                        switch (f.getType()) {
                            case FLOAT -> FLOAT;
                            case DOUBLE -> DOUBLE;
                            case INT32, SINT32, SFIXED32 -> INT;
                            case ENUM -> ENUM;
                            case UINT32, FIXED32 -> UNSIGNED_INT;
                            case INT64, UINT64, SINT64, FIXED64, SFIXED64 -> LONG;
                            case BOOL -> BOOL;
                            case STRING -> STRING;
                            default ->
                                    throw new IllegalArgumentException("not in the contract: " + f);
                        };
            }
        }

        void read(Message m, Columns out) {
            for (int i = 0; i < fields.length; i++) {
                FieldDescriptor f = fields[i];
                int kind = kinds[i];
                if (kind == CHILD) {
                    children[i].read((Message) m.getField(f), out);
                } else if (repeated[i]) {
                    int n = m.getRepeatedFieldCount(f);
                    for (int k = 0; k < n; k++)
                        out.add(slots[i], bits(kind, m.getRepeatedField(f, k)));
                } else if (kind == STRING) {
                    out.putString(slots[i], (String) m.getField(f));
                } else if (kind == UNSIGNED_INT || kind == LONG || kind == DOUBLE) {
                    out.putLong(slots[i], bits(kind, m.getField(f)));
                } else {
                    out.putInt(slots[i], (int) bits(kind, m.getField(f)));
                }
            }
        }

        private static long bits(int kind, Object v) {
            return switch (kind) {
                case FLOAT -> Float.floatToRawIntBits((Float) v);
                case DOUBLE -> Double.doubleToRawLongBits((Double) v);
                case INT -> (Integer) v;
                case ENUM -> ((EnumValueDescriptor) v).getNumber();
                case UNSIGNED_INT -> Integer.toUnsignedLong((Integer) v);
                case LONG -> (Long) v;
                case BOOL -> (Boolean) v ? 1 : 0;
                default -> throw new IllegalStateException("not a number: " + kind);
            };
        }
    }

    /**
     * A decoded row of every leaf column: numbers as raw bits, strings, lists. A string that
     * repeats the previous row's is not copied again, as in the frames table's rows.
     */
    static final class Columns implements FlatMessage.Slots {
        private final long[] values;
        private final Object[] strings; // byte[] from FlatMessage, String from protobuf, null = ""
        private final byte[][] lastBytes;
        private final long[][] lists;
        private final int[] sizes;

        Columns(FlatMessage flat) {
            int n = flat.size();
            values = new long[n];
            strings = new Object[n];
            lastBytes = new byte[n][];
            lists = new long[n][];
            sizes = new int[n];
            for (FlatMessage.Column c : flat.columns()) {
                if (c.repeated()) lists[c.index()] = new long[8];
            }
        }

        void reset() {
            Arrays.fill(values, 0);
            Arrays.fill(strings, null);
            Arrays.fill(sizes, 0);
        }

        long digest() {
            return values[0] + values[values.length - 1] + sizes[sizes.length / 2];
        }

        @Override
        public void putInt(int slot, int v) {
            values[slot] = v;
        }

        @Override
        public void putLong(int slot, long v) {
            values[slot] = v;
        }

        @Override
        public void putBytes(int slot, byte[] bytes, int offset, int length) {
            byte[] last = lastBytes[slot];
            if (last == null
                    || !Arrays.equals(last, 0, last.length, bytes, offset, offset + length))
                lastBytes[slot] = last = Arrays.copyOfRange(bytes, offset, offset + length);
            strings[slot] = last;
        }

        void putString(int slot, String v) {
            strings[slot] = v;
        }

        @Override
        public void add(int slot, long v) {
            if (sizes[slot] == lists[slot].length)
                lists[slot] = Arrays.copyOf(lists[slot], 2 * sizes[slot]);
            lists[slot][sizes[slot]++] = v;
        }

        /** Where the two rows differ, or null. */
        String difference(Columns other) {
            for (int s = 0; s < values.length; s++) {
                if (values[s] != other.values[s]) return "slot " + s + ": numbers";
                if (!string(strings[s]).equals(string(other.strings[s])))
                    return "slot " + s + ": strings";
                if (sizes[s] != other.sizes[s]
                        || (sizes[s] > 0
                                && !Arrays.equals(
                                        lists[s], 0, sizes[s], other.lists[s], 0, sizes[s])))
                    return "slot " + s + ": lists";
            }
            return null;
        }

        private static String string(Object v) {
            if (v == null) return "";
            return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) v;
        }
    }

    // ---- parquet's paths ----------------------------------------------------------------------

    /**
     * The frames table's columns, as {@link FrameRows} fills them into a row, written through
     * parquet's record API or put into a {@link Group}.
     */
    static final class ColumnsOut {
        private final MessageType schema;
        private final String[] names;
        private final PrimitiveTypeName[] types;
        private final boolean[] lists;

        ColumnsOut(MessageType schema) {
            this.schema = schema;
            List<ColumnDescriptor> columns = schema.getColumns();
            names = new String[columns.size()];
            types = new PrimitiveTypeName[columns.size()];
            lists = new boolean[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                ColumnDescriptor d = columns.get(c);
                names[c] = d.getPath()[0];
                types[c] = d.getPrimitiveType().getPrimitiveTypeName();
                lists[c] = d.getMaxRepetitionLevel() > 0;
            }
        }

        /** Every column of the row, in schema order: between startMessage and endMessage. */
        void write(OneRow<Frame> row, RecordConsumer out) {
            for (int c = 0; c < names.length; c++) {
                out.startField(names[c], c);
                if (lists[c]) {
                    out.startGroup();
                    int n = row.listSize(c);
                    if (n > 0) {
                        out.startField("list", 0);
                        for (int k = 0; k < n; k++) {
                            out.startGroup();
                            out.startField("element", 0);
                            add(out, types[c], row.listValue(c, k));
                            out.endField("element", 0);
                            out.endGroup();
                        }
                        out.endField("list", 0);
                    }
                    out.endGroup();
                } else if (types[c] == PrimitiveTypeName.BINARY) {
                    out.addBinary(row.binary(c));
                } else {
                    add(out, types[c], wide(types[c]) ? row.longValue(c) : row.intValue(c));
                }
                out.endField(names[c], c);
            }
        }

        private static void add(RecordConsumer out, PrimitiveTypeName type, long bits) {
            switch (type) {
                case INT32 -> out.addInteger((int) bits);
                case FLOAT -> out.addFloat(Float.intBitsToFloat((int) bits));
                case BOOLEAN -> out.addBoolean(bits != 0);
                case INT64 -> out.addLong(bits);
                case DOUBLE -> out.addDouble(Double.longBitsToDouble(bits));
                default -> throw new IllegalStateException("not a number: " + type);
            }
        }

        Group group(OneRow<Frame> row) {
            Group g = new SimpleGroup(schema);
            for (int c = 0; c < names.length; c++) {
                if (lists[c]) {
                    Group list = g.addGroup(c);
                    for (int k = 0; k < row.listSize(c); k++)
                        add(list.addGroup(0), 0, types[c], row.listValue(c, k));
                } else if (types[c] == PrimitiveTypeName.BINARY) {
                    g.add(c, row.binary(c));
                } else {
                    add(g, c, types[c], wide(types[c]) ? row.longValue(c) : row.intValue(c));
                }
            }
            return g;
        }

        private static void add(Group g, int field, PrimitiveTypeName type, long bits) {
            switch (type) {
                case INT32 -> g.add(field, (int) bits);
                case FLOAT -> g.add(field, Float.intBitsToFloat((int) bits));
                case BOOLEAN -> g.add(field, bits != 0);
                case INT64 -> g.add(field, bits);
                case DOUBLE -> g.add(field, Double.longBitsToDouble(bits));
                default -> throw new IllegalStateException("not a number: " + type);
            }
        }

        private static boolean wide(PrimitiveTypeName type) {
            return type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.DOUBLE;
        }
    }

    /** The frames table for {@link ParquetTables#writer}: the job's record path. */
    static final class RecordColumns implements RowWriter<Frame> {
        private static final long serialVersionUID = 1L;
        private final FrameRows table;
        private transient OneRow<Frame> row;
        private transient ColumnsOut columns;

        RecordColumns(FrameRows table) {
            this.table = table;
        }

        @Override
        public MessageType schema() {
            return table.schema();
        }

        @Override
        public String sessionId(Frame f) {
            return f.sessionId;
        }

        @Override
        public void write(Frame f, RecordConsumer out) {
            if (row == null) {
                row = new OneRow<>(table);
                columns = new ColumnsOut(table.schema());
            }
            row.fill(f);
            columns.write(row, out);
        }
    }

    /** Parquet's write hook for the frames table's columns. */
    static final class ColumnsSupport extends WriteSupport<Frame> {
        private final FrameRows table;
        private final OneRow<Frame> row;
        private final ColumnsOut columns;
        private RecordConsumer out;

        ColumnsSupport(FrameRows table) {
            this.table = table;
            row = new OneRow<>(table);
            columns = new ColumnsOut(table.schema());
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(table.schema(), Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(table.schema(), Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            out = recordConsumer;
        }

        @Override
        public void write(Frame f) {
            row.fill(f);
            out.startMessage();
            columns.write(row, out);
            out.endMessage();
        }
    }

    private static final class SupportBuilder extends ParquetWriter.Builder<Frame, SupportBuilder> {
        private final WriteSupport<Frame> support;

        SupportBuilder(OutputFile file, WriteSupport<Frame> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected SupportBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<Frame> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Frame> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }
}
