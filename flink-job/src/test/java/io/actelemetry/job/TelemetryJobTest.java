package io.actelemetry.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.cli.Replay;
import io.actelemetry.job.cli.TelemetryJobMain;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.job.source.recording.RecordingSource;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays of one folder holding what real inputs hold: a session split over two files with frames
 * re-sent across the split, a second car in the same session, a recording of the original bridge,
 * and a damaged file. Runs the real job in a mini-cluster, the first time through the command line,
 * and reads the tables back.
 */
class TelemetryJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(Replay.PIPELINED)
                            .build()); // the scheduler is the cluster's choice

    @TempDir static Path dir;

    static final String SESSION = SimulatedSession.sessionId(3);
    static final MemorySize SPLIT = MemorySize.parse("512kb");
    static Path input;
    static long uniqueFrames;
    static List<Integer> officialLapTimes;
    static List<Integer> officialLapTimesRig2;

    @BeforeAll
    static void recordings() throws IOException {
        input = Files.createDirectories(dir.resolve("in"));
        List<TelemetryFrame> player;
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(2, 3))) {
            player = s.toList();
        }
        int half = player.size() / 2;
        write(input.resolve("a-1.pb.gz"), player.subList(0, half));
        write(
                input.resolve("a-2.pb.gz"),
                player.subList(half - 500, player.size())); // 500 re-sent after a reconnect
        officialLapTimes = lapTimes(player);

        List<TelemetryFrame> rig2 = new ArrayList<>();
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(2, 4))) {
            s.forEach(f -> rig2.add(f.toBuilder().setSessionId(SESSION).setCarId("rig2").build()));
        }
        write(input.resolve("b-rig2.pb.gz"), rig2);
        officialLapTimesRig2 = lapTimes(rig2);

        List<TelemetryFrame> original = new ArrayList<>();
        for (int i = 0; i < 3000; i++)
            original.add(Frames.original("original-bridge", 1_000_000_000L + i * 3_000_000L));
        write(input.resolve("c-original.pb.gz"), original);

        byte[] a = bytes(range("damaged", 1, 500));
        byte[] b = bytes(range("damaged", 501, 900));
        byte[] c = bytes(range("damaged", 901, 1200));
        for (int i = b.length / 2; i < b.length / 2 + 16; i++) b[i] ^= (byte) 0x5a;
        ByteArrayOutputStream damaged = new ByteArrayOutputStream();
        damaged.writeBytes(a);
        damaged.writeBytes(b);
        damaged.writeBytes(c);
        Files.write(input.resolve("d-damaged.pb.gz"), damaged.toByteArray());

        uniqueFrames = player.size() + rig2.size() + original.size();
    }

    @Test
    void replaysEveryCarAndSessionOnceAndIdenticallyEachTime() throws Exception {
        Path first = dir.resolve("out1");
        Path second = dir.resolve("out2");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream was = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            exit =
                    TelemetryJobMain.run(
                            "replay",
                            input.toString(),
                            "--out",
                            first.toString(),
                            "-p",
                            "2",
                            "-D" + PipelineOptions.GENERIC_TYPES.key() + "=false");
        } finally {
            System.setOut(was);
        }
        String printed = stdout.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(exit).isZero();

        // frames: each once, damaged file's good members kept
        long damagedKept =
                TableReader.rows(partitionFile(first, ParquetTables.FRAMES, "damaged")).size();
        assertThat(damagedKept).isBetween(800L, 1200L);
        assertThat(TableReader.count(first, ParquetTables.FRAMES))
                .isEqualTo(uniqueFrames + damagedKept);

        // laps per car, official times as the game gave them
        List<Map<String, Object>> laps = TableReader.rows(first, ParquetTables.LAPS);
        assertThat(laps).noneMatch(l -> "original-bridge".equals(l.get("session_id")));
        List<Map<String, Object>> player = carLaps(laps, SESSION, "");
        List<Map<String, Object>> rig2 = carLaps(laps, SESSION, "rig2");
        assertThat(official(player)).isEqualTo(officialLapTimes);
        assertThat(official(rig2)).isEqualTo(officialLapTimesRig2);
        // rolling start: to the line, two timed laps, and the game exits on the third
        assertThat(player).extracting(l -> l.get("lap_index")).containsExactly(1, 2, 3, 4);
        assertThat(player)
                .extracting(l -> l.get("lap_class"))
                .containsExactly("out", "flying", "flying", "incomplete");
        assertThat(rig2)
                .extracting(l -> l.get("lap_class"))
                .containsExactly("out", "flying", "flying", "incomplete");
        Map<String, Object> flying =
                player.stream()
                        .filter(l -> "flying".equals(l.get("lap_class")))
                        .min(
                                (x, y) ->
                                        Integer.compare(
                                                (int) x.get("lap_time_ms"),
                                                (int) y.get("lap_time_ms")))
                        .orElseThrow();
        assertThat(flying)
                .containsEntry("valid", true)
                .containsEntry("personal_best", true)
                .containsEntry("lap_time_computed", false);
        assertThat((int) flying.get("computed_lap_time_ms"))
                .isCloseTo((int) flying.get("lap_time_ms"), within(20));

        // segments: a flying lap has every mini-sector and sector, adding up to the lap
        List<Map<String, Object>> segments =
                TableReader.rows(first, ParquetTables.SEGMENTS).stream()
                        .filter(
                                s ->
                                        SESSION.equals(s.get("session_id"))
                                                && "".equals(s.get("car_id"))
                                                && flying.get("lap_index")
                                                        .equals(s.get("lap_index")))
                        .toList();
        List<Map<String, Object>> minis =
                segments.stream().filter(s -> "mini".equals(s.get("kind"))).toList();
        List<Map<String, Object>> sectors =
                segments.stream().filter(s -> "sector".equals(s.get("kind"))).toList();
        assertThat(minis)
                .extracting(s -> s.get("segment_index"))
                .containsExactlyInAnyOrderElementsOf(range(0, LapOptions.defaults().miniSectors));
        assertThat(sectors).hasSize(3);
        assertThat(sectors.stream().mapToInt(s -> (int) s.get("time_ms")).sum())
                .isEqualTo(flying.get("lap_time_ms"));

        // traces and corners: each lap driven from line to line against the car's best lap
        for (List<Map<String, Object>> car : List.of(player, rig2)) {
            Map<String, Object> best =
                    car.stream()
                            .filter(l -> Boolean.TRUE.equals(l.get("personal_best")))
                            .reduce((a, b) -> b)
                            .orElseThrow();
            int bestMs = (int) best.get("lap_time_ms");
            List<Map<String, Object>> timed =
                    car.stream().filter(l -> "flying".equals(l.get("lap_class"))).toList();
            Set<Integer> corners = new TreeSet<>();
            for (Map<String, Object> lap : timed) {
                List<Map<String, Object>> points = lapRows(first, ParquetTables.TRACES, lap);
                points.sort(Comparator.comparingDouble(r -> (float) r.get("distance_m")));
                assertThat(points).hasSizeGreaterThan(500);
                Map<String, Object> line = points.get(points.size() - 1);
                int gap = (int) lap.get("lap_time_ms") - bestMs;
                assertThat(line)
                        .containsEntry("elapsed_ms", lap.get("lap_time_ms"))
                        .containsEntry("delta_ms", gap)
                        .containsEntry("reference_lap_index", best.get("lap_index"));
                assertThat(points.get(0)).containsEntry("delta_ms", 0);
                List<Map<String, Object>> parts = lapRows(first, ParquetTables.CORNERS, lap);
                assertThat(parts.stream().mapToInt(c -> (int) c.get("time_lost_ms")).sum())
                        .isEqualTo(gap);
                assertThat(parts.stream().mapToInt(c -> (int) c.get("time_ms")).sum())
                        .isEqualTo(lap.get("lap_time_ms"));
                corners.add(
                        (int) parts.stream().filter(c -> "corner".equals(c.get("kind"))).count());
            }
            assertThat(corners).as("the same corners on every flying lap").hasSize(1);
            assertThat(corners.iterator().next()).isPositive();
        }

        // what the user reads
        assertThat(printed).contains("lost most in").containsPattern("T\\d+ \\+\\d\\.\\d{3}");
        assertThat(printed)
                .contains("Session " + SESSION + " ·")
                .contains("Session " + SESSION + " car rig2")
                .contains(
                        "Session original-bridge: no usable lap data (the lap clock never ran in 9"
                                + " s of driving)")
                .contains(
                        String.format("%,d rows", TableReader.count(first, ParquetTables.FRAMES)));

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.setString("parallelism.default", "2");
        // read by two readers in splits of a few blocks each: the same rows all the same
        conf.set(Replay.READERS, 2);
        conf.set(Replay.SPLIT_BYTES, SPLIT);
        assertThat(Files.size(input.resolve("a-2.pb.gz"))).isGreaterThan(4 * SPLIT.getBytes());
        Replay.Result again =
                Replay.run(
                        List.of(input),
                        second,
                        conf,
                        LapOptions.defaults(),
                        null,
                        Duration.ofSeconds(5));
        // the job's start-up (cluster, deployment) is told apart from the time the frames took
        assertThat(again.framesRead())
                .isEqualTo(
                        TableReader.count(first, ParquetTables.FRAMES)
                                + 500); // the re-sent ones too
        assertThat(again.startup()).isPositive().isLessThan(again.elapsed());
        assertThat(again.framesPerSecondRunning()).isGreaterThan(again.framesPerSecond());
        assertThat(again.toString())
                .contains(
                        String.format(
                                "%.1f s to the first frame", again.startup().toMillis() / 1000.0));
        for (String table :
                List.of(
                        ParquetTables.FRAMES,
                        ParquetTables.LAPS,
                        ParquetTables.SEGMENTS,
                        ParquetTables.LAP_FIELDS,
                        ParquetTables.TRACES,
                        ParquetTables.CORNERS)) {
            assertThat(digests(second, table))
                    .as(table)
                    .isEqualTo(digests(first, table))
                    .isNotEmpty();
        }
    }

    @Test
    void comparesWithThePersonalBestOfAnEarlierOutput() throws Exception {
        Path earlier = dir.resolve("earlier");
        Path now = dir.resolve("against-earlier");
        assertThat(TelemetryJobMain.run("replay", input.toString(), "--out", earlier.toString()))
                .isZero();
        assertThat(
                        TelemetryJobMain.run(
                                "replay",
                                input.resolve("b-rig2.pb.gz").toString(),
                                "--out",
                                now.toString(),
                                "--reference-from",
                                earlier.toString()))
                .isZero();
        // both cars are the same model on the same layout: the faster car's best is the reference
        int pb = officialLapTimes.stream().min(Integer::compare).orElseThrow();
        assertThat(pb)
                .isLessThan(officialLapTimesRig2.stream().min(Integer::compare).orElseThrow());
        List<Map<String, Object>> laps =
                carLaps(TableReader.rows(now, ParquetTables.LAPS), SESSION, "rig2");
        for (Map<String, Object> lap : laps) {
            if (!"flying".equals(lap.get("lap_class"))) continue;
            List<Map<String, Object>> points = lapRows(now, ParquetTables.TRACES, lap);
            points.sort(Comparator.comparingDouble(r -> (float) r.get("distance_m")));
            assertThat(points.get(points.size() - 1))
                    .containsEntry("delta_ms", (int) lap.get("lap_time_ms") - pb)
                    .containsEntry("reference_lap_index", 2);
        }

        // the report command: one session's page, by its id; an unknown one is an error
        assertThat(TelemetryJobMain.run("report", now.toString(), "--session", SESSION)).isZero();
        Path page = now.resolve("reports").resolve(ParquetTables.sessionFolder(SESSION) + ".html");
        assertThat(Files.readString(page)).contains("uPlot").contains("\"car\":\"rig2\"");
        assertThat(TelemetryJobMain.run("report", now.toString(), "--session", "no-such")).isOne();
    }

    @Test
    void refusesToMixRunsOrToReplayNothing() throws Exception {
        Path used = Files.createDirectories(dir.resolve("used/laps"));
        Path empty = Files.createDirectories(dir.resolve("no-recordings"));
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream was = System.err;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            assertThat(
                            TelemetryJobMain.run(
                                    "replay",
                                    input.toString(),
                                    "--out",
                                    used.getParent().toString()))
                    .isEqualTo(1);
            assertThat(
                            TelemetryJobMain.run(
                                    "replay",
                                    empty.toString(),
                                    "--out",
                                    dir.resolve("none").toString()))
                    .isEqualTo(1);
        } finally {
            System.setErr(was);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains(
                        "already holds a 'laps' table: choose another --out, or --overwrite to"
                                + " replace it")
                .contains("no .pb.gz recordings in");
        assertThat(used).isEmptyDirectory();
    }

    @Test
    void theLapsCommandPrintsARecordingsSummary() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream was = System.out;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            assertThat(TelemetryJobMain.run("laps", input.resolve("c-original.pb.gz").toString()))
                    .isZero();
            assertThat(TelemetryJobMain.run("laps", input.resolve("b-rig2.pb.gz").toString()))
                    .isZero();
        } finally {
            System.setOut(was);
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8))
                .contains("frames     3,000")
                .contains("format     0, the original contract")
                .contains("session    " + SESSION + ", cars [rig2]")
                .contains("sim_ring (gp)")
                .contains("truncated  no");
    }

    @Test
    void watchesAFolderAndCommitsEachNewRecordingOnCheckpoints() throws Exception {
        Path watched = Files.createDirectories(dir.resolve("watched"));
        Path out = dir.resolve("out-watch");
        Path first = watched.resolve("w1.pb.gz");
        write(first, range("w1", 1, 3000));
        Files.setLastModifiedTime(
                first,
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));

        Configuration conf = new Configuration();
        conf.set(
                org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL,
                Duration.ofMillis(500));
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        TelemetryJob.build(
                RecordingSource.frames(
                        env,
                        RecordingSource.watching(
                                new org.apache.flink.core.fs.Path(watched.toUri()),
                                Duration.ofMillis(200),
                                Duration.ofSeconds(1)),
                        RecordingSource.watermarks(),
                        1),
                TelemetryJob.Sinks.parquet(out),
                LapOptions.defaults());
        JobClient job = env.executeAsync("watch");
        try {
            awaitFrames(out, 3000);
            write(
                    watched.resolve("w2.pb.gz"),
                    range("w2", 1, 2000)); // fresh: taken after the quiet period
            awaitFrames(out, 5000);
            Thread.sleep(1500); // more checkpoints commit nothing twice
            assertThat(TableReader.count(out, ParquetTables.FRAMES)).isEqualTo(5000);
        } finally {
            job.cancel().get();
        }
    }

    private static void awaitFrames(Path out, long frames) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (TableReader.count(out, ParquetTables.FRAMES) < frames) {
            assertThat(System.nanoTime())
                    .as("%d frames committed in time", frames)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static Path partitionFile(Path out, String table, String session) throws IOException {
        return TableReader.files(out, table).stream()
                .filter(
                        p ->
                                p.getParent()
                                        .getFileName()
                                        .toString()
                                        .equals(ParquetTables.partition(session)))
                .findFirst()
                .orElseThrow();
    }

    private static List<Map<String, Object>> carLaps(
            List<Map<String, Object>> laps, String session, String car) {
        return laps.stream()
                .filter(l -> session.equals(l.get("session_id")) && car.equals(l.get("car_id")))
                .sorted(
                        (x, y) ->
                                Integer.compare((int) x.get("lap_index"), (int) y.get("lap_index")))
                .toList();
    }

    /** The rows of {@code table} for the lap {@code lap} (a row of the laps table). */
    private static List<Map<String, Object>> lapRows(
            Path out, String table, Map<String, Object> lap) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> r : TableReader.rows(out, table)) {
            if (r.get("session_id").equals(lap.get("session_id"))
                    && r.get("car_id").equals(lap.get("car_id"))
                    && r.get("lap_index").equals(lap.get("lap_index"))) rows.add(r);
        }
        return rows;
    }

    private static List<Integer> official(List<Map<String, Object>> laps) {
        return laps.stream()
                .map(l -> (Integer) l.get("official_lap_time_ms"))
                .filter(t -> t != null)
                .toList();
    }

    /** The game's last-lap times in the order it reported them. */
    private static List<Integer> lapTimes(List<TelemetryFrame> frames) {
        LinkedHashSet<Integer> times = new LinkedHashSet<>();
        for (TelemetryFrame f : frames)
            if (f.getGraphics().getLastLapMs() > 0) times.add(f.getGraphics().getLastLapMs());
        return List.copyOf(times);
    }

    /**
     * Digests of the files of each partition (file names differ between runs by the sink's random
     * id only).
     */
    private static Map<String, List<String>> digests(Path out, String table) throws Exception {
        Map<String, List<String>> digests = new TreeMap<>();
        for (Path f : TableReader.files(out, table)) {
            String digest =
                    HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256")
                                            .digest(Files.readAllBytes(f)));
            digests.computeIfAbsent(f.getParent().getFileName().toString(), k -> new ArrayList<>())
                    .add(digest);
        }
        digests.values().forEach(java.util.Collections::sort);
        return digests;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i < to; i++) l.add(i);
        return l;
    }

    private static List<TelemetryFrame> range(String session, long from, long to) {
        List<TelemetryFrame> l = new ArrayList<>();
        for (long s = from; s <= to; s++) l.add(Frames.current(session, "", s));
        return l;
    }

    private static byte[] bytes(List<TelemetryFrame> frames) throws IOException {
        Path tmp = Files.createTempFile(dir, "part", ".pb.gz");
        write(tmp, frames);
        byte[] b = Files.readAllBytes(tmp);
        Files.delete(tmp);
        return b;
    }

    private static void write(Path file, List<TelemetryFrame> frames) throws IOException {
        // blocks of about a second of the bridge's frames, so the second replay splits files
        try (RecordingWriter w =
                RecordingWriter.open(
                        file, RecordingWriter.Options.defaults().withBlockBytes(256 * 1024))) {
            for (TelemetryFrame f : frames) w.write(f);
        }
    }
}
