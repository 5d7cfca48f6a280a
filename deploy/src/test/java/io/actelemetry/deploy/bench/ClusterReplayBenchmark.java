package io.actelemetry.deploy.bench;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.deploy.ClusterScript;
import io.actelemetry.deploy.Recordings;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.laps.LapTrackingFunction;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;

/**
 * Replay on the standalone cluster of deploy/standalone, from 1 to 2 source slots: the cluster
 * jar's {@code replay} of a folder of {@code bench.clusterReplay.sessions} simulated recordings
 * (each session its own {@code .pb.gz}, together {@code bench.clusterReplay.frames} frames, spread
 * evenly over the keyed subtasks; made once and kept under the work folder) submitted attached with
 * {@code flink run} at parallelism 2, with {@code --readers 1} and {@code --readers 2} in turn,
 * {@code bench.rounds} rounds, on one cluster whose TaskManager has 2 slots, after one replay not
 * measured (1 reader: it warms the TaskManager, and its tables are the reference). For each run:
 * the job's wall time from the REST API (the job's {@code duration}), the frames it replayed, the
 * TaskManager process's CPU over the run (from /proc/PID/stat), each vertex's parallelism and each
 * subtask's busy share; and whether every table holds the same rows as the reference (a digest of
 * each table's rows, partition included, in any file order; a difference fails the benchmark).
 * Prints a table of the runs and the medians per number of readers.
 *
 * <pre>
 * ./mvnw -q -B install -DskipTests &amp;&amp; ./mvnw -q -B -Pbench -pl flink-job,deploy verify -Dbench.replay.skip=true -Dbench.live.skip=true -Dbench.clusterLive.skip=true -Dbench.clusterReplay.skip=false
 * </pre>
 *
 * Properties: {@code bench.clusterReplay.frames} (1000000), {@code bench.clusterReplay.sessions}
 * (4), {@code bench.rounds} (2), {@code bench.tmMemory} (the TaskManager's process memory, 2g if
 * not given).
 */
public final class ClusterReplayBenchmark {
    private static final int PARALLELISM = 2;
    private static final List<Integer> READERS = List.of(1, 2);
    private static final Pattern REPLAYED = Pattern.compile("Replayed ([\\d,]+) frames");
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long frames = Long.getLong("bench.clusterReplay.frames", 1_000_000);
    private final int sessions = Integer.getInteger("bench.clusterReplay.sessions", 4);
    private final int rounds = Integer.getInteger("bench.rounds", 2);
    private final String tmMemory =
            System.getProperty("bench.tmMemory", "").isBlank()
                    ? "2g"
                    : System.getProperty("bench.tmMemory").trim();
    private final Path work =
            Path.of(System.getProperty("work.dir", "target/bench-cluster-replay")).toAbsolutePath();
    private final HttpClient http = HttpClient.newHttpClient();
    private final long ticksPerSecond = ticksPerSecond();

    /** One vertex of a finished job: per subtask its busy and back-pressured share, records out. */
    private record Vertex(
            String name, int parallelism, double[] busy, double[] backpressured, long[] out) {
        boolean isSource() {
            return name.contains("recordings in");
        }

        double meanBusy() {
            double sum = 0;
            for (double b : busy) sum += b;
            return sum / busy.length;
        }
    }

    /** One replay on the cluster. */
    private record Run(
            int round,
            int readers,
            String job,
            double wallSeconds,
            long frames,
            double tmCpuSeconds,
            List<Vertex> vertices,
            boolean rowsIdentical,
            boolean filesIdentical,
            double load) {
        double framesPerSecond() {
            return frames / wallSeconds;
        }

        double cores() {
            return tmCpuSeconds / wallSeconds;
        }

        double cpuMicrosPerFrame() {
            return tmCpuSeconds * 1e6 / frames;
        }

        Vertex source() {
            return vertices.stream().filter(Vertex::isSource).findFirst().orElseThrow();
        }
    }

    public static void main(String[] args) throws Exception {
        new ClusterReplayBenchmark().run();
    }

    private void run() throws Exception {
        Path input = recordings();
        ClusterScript cluster = new ClusterScript(work.resolve("cluster"));
        cluster.run(Duration.ofMinutes(1), "stop").ok(); // what an interrupted earlier run left
        System.out.printf(
                Locale.ROOT,
                "replay on the standalone cluster: %,d frames in %d recordings (%s), parallelism"
                        + " %d, readers %s, %d rounds, TaskManager %s with %d slots; %d cores, load"
                        + " average %.1f%n",
                frames,
                sessions,
                input,
                PARALLELISM,
                READERS,
                rounds,
                tmMemory,
                PARALLELISM,
                Runtime.getRuntime().availableProcessors(),
                load());
        cluster.start("--slots", PARALLELISM, "--tm-memory", tmMemory).ok();
        List<Run> runs = new ArrayList<>();
        try {
            long taskManager = cluster.pid("taskmanager");
            // not measured: the TaskManager's first job warms Flink's own code (the job's classes
            // come with each job); its tables are what every run must give
            Path reference = work.resolve("out-warmup");
            System.out.printf(
                    "%nwarm-up (not measured): %s%n",
                    replayedLine(replay(cluster, input, 1, reference)));
            Map<String, String> rows = rowDigests(reference);
            Map<String, Map<String, List<String>>> files = fileDigests(reference);
            for (int round = 1; round <= rounds; round++) {
                for (int readers : READERS) {
                    Path out = work.resolve("out-readers" + readers + "-round" + round);
                    long cpu0 = cpuTicks(taskManager);
                    ClusterScript.Result submitted = replay(cluster, input, readers, out);
                    double cpu = (cpuTicks(taskManager) - cpu0) / (double) ticksPerSecond;
                    Map<String, String> rowDigests = rowDigests(out);
                    Run run =
                            measured(
                                    cluster,
                                    submitted,
                                    round,
                                    readers,
                                    out,
                                    cpu,
                                    rowDigests.equals(rows),
                                    fileDigests(out).equals(files));
                    runs.add(run);
                    print(run, submitted);
                    if (!run.rowsIdentical()) differences(rows, rowDigests);
                }
            }
        } finally {
            cluster.run(Duration.ofMinutes(1), "stop").ok();
        }
        summary(runs);
        List<String> problems = new ArrayList<>();
        for (Run r : runs) {
            if (!r.rowsIdentical())
                problems.add("round " + r.round() + ", " + r.readers() + " readers: other rows");
            if (r.source().parallelism() != r.readers())
                problems.add(
                        "round "
                                + r.round()
                                + ": the source ran "
                                + r.source().parallelism()
                                + " subtasks for "
                                + r.readers()
                                + " readers");
        }
        if (!problems.isEmpty())
            throw new AssertionError("the benchmark failed: " + String.join("; ", problems));
    }

    /**
     * The input: {@code sessions} recordings of the simulated game, one session each, {@code
     * frames} frames together; written once, then reused.
     */
    private Path recordings() throws Exception {
        Path folder = work.resolve("recordings-" + frames + "-" + sessions);
        List<Long> seeds = balancedSeeds();
        List<String> names = new ArrayList<>();
        for (int s = 0; s < sessions; s++)
            names.add(
                    String.format(Locale.ROOT, "session-%02d-seed-%d.pb.gz", s + 1, seeds.get(s)));
        if (Files.isDirectory(folder)) { // the replay reads the whole folder: nothing else in it
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f :
                        files.filter(f -> !names.contains(f.getFileName().toString())).toList())
                    Files.delete(f);
            }
        }
        for (int s = 0; s < sessions; s++) {
            String name = names.get(s).substring(0, names.get(s).length() - ".pb.gz".length());
            if (Files.exists(folder.resolve(names.get(s)))) continue;
            long n = frames / sessions + (s < frames % sessions ? 1 : 0);
            int laps = (int) (n / 29_000) + 2; // about 30,000 frames a lap at 333 Hz
            long t0 = System.nanoTime();
            try (Stream<TelemetryFrame> session =
                    SimulatedSession.frames(Scenario.laps(laps, seeds.get(s))).limit(n)) {
                Path file = Recordings.write(session::iterator, folder, name);
                System.out.printf(
                        Locale.ROOT,
                        "simulated %s: %,d frames, %,.1f MB (%.0f s)%n",
                        file.getFileName(),
                        n,
                        Files.size(file) / 1e6,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        return folder;
    }

    /**
     * Seeds of the simulated sessions (1, 2, ... as they come) such that the job's keyed stage at
     * {@link #PARALLELISM} gets as many sessions on each subtask: Flink's own assignment of the
     * job's own key (session and car) at the default max parallelism. Seeds 1 to 4 would put three
     * sessions on one subtask, and that subtask would be the limit whatever the readers.
     */
    private List<Long> balancedSeeds() throws Exception {
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(PARALLELISM);
        int each = (sessions + PARALLELISM - 1) / PARALLELISM;
        int[] taken = new int[PARALLELISM];
        List<Long> seeds = new ArrayList<>();
        for (long seed = 1; seeds.size() < sessions; seed++) {
            Frame f = new Frame();
            f.sessionId = SimulatedSession.sessionId(seed);
            f.carId = "";
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            LapTrackingFunction.KEY.getKey(f), maxParallelism, PARALLELISM);
            if (taken[subtask] < each) {
                taken[subtask]++;
                seeds.add(seed);
            }
        }
        return seeds;
    }

    /**
     * {@code replay} of {@code input} submitted attached ({@code flink run}) at {@link
     * #PARALLELISM}, from the cluster jar of {@code -Dcluster.jar}.
     */
    private static ClusterScript.Result replay(
            ClusterScript cluster, Path input, int readers, Path out) {
        return cluster.run(
                        JOB_TIMEOUT,
                        "submit",
                        "-p",
                        PARALLELISM,
                        ClusterScript.JAR,
                        "--",
                        "replay",
                        input,
                        "--out",
                        out,
                        "--overwrite",
                        "--readers",
                        readers)
                .ok();
    }

    private static String replayedLine(ClusterScript.Result submitted) {
        Matcher line = Pattern.compile("Replayed [^\\n]*").matcher(submitted.output());
        return line.find() ? line.group() : "?";
    }

    /** A finished replay's figures, from what it printed and the cluster's REST API. */
    private Run measured(
            ClusterScript cluster,
            ClusterScript.Result submitted,
            int round,
            int readers,
            Path out,
            double cpuSeconds,
            boolean rowsIdentical,
            boolean filesIdentical)
            throws Exception {
        String job = submitted.jobId();
        Matcher replayed = REPLAYED.matcher(submitted.output());
        if (!replayed.find())
            throw new AssertionError("the replay printed no frame count:\n" + submitted.output());
        long n = Long.parseLong(replayed.group(1).replace(",", ""));
        long written = TableReader.count(out, ParquetTables.FRAMES);
        if (n != frames || written != frames)
            throw new AssertionError(
                    "the replay read " + n + " frames and wrote " + written + " of " + frames);
        JsonNode details = rest(cluster, "/jobs/" + job);
        if (!"FINISHED".equals(details.path("state").asText()))
            throw new AssertionError("job " + job + " is " + details.path("state").asText());
        double wall = details.path("duration").asLong() / 1000.0;
        List<Vertex> vertices = new ArrayList<>();
        for (JsonNode v : details.path("vertices")) {
            JsonNode subtasks =
                    rest(cluster, "/jobs/" + job + "/vertices/" + v.path("id").asText())
                            .path("subtasks");
            int p = subtasks.size();
            double[] busy = new double[p];
            double[] backpressured = new double[p];
            long[] recordsOut = new long[p];
            for (int i = 0; i < p; i++) {
                JsonNode s = subtasks.get(i);
                JsonNode m = s.path("metrics");
                double duration = Math.max(1, s.path("duration").asLong());
                busy[i] = m.path("accumulated-busy-time").asDouble() / duration;
                backpressured[i] = m.path("accumulated-backpressured-time").asDouble() / duration;
                recordsOut[i] = m.path("write-records").asLong();
            }
            vertices.add(
                    new Vertex(
                            v.path("name").asText(),
                            v.path("parallelism").asInt(),
                            busy,
                            backpressured,
                            recordsOut));
        }
        return new Run(
                round,
                readers,
                job,
                wall,
                n,
                cpuSeconds,
                vertices,
                rowsIdentical,
                filesIdentical,
                load());
    }

    private void print(Run r, ClusterScript.Result submitted) {
        System.out.printf(
                Locale.ROOT,
                "%nround %d, %d reader%s: job %s %.1f s on the cluster, %,.0f frames/s; TaskManager"
                        + " %.2f cores, %.1f us a frame; rows as the warm-up's (1 reader) run: %s"
                        + " (files byte for byte: %s); load average %.1f%n  the client: %s%n",
                r.round(),
                r.readers(),
                r.readers() == 1 ? "" : "s",
                r.job(),
                r.wallSeconds(),
                r.framesPerSecond(),
                r.cores(),
                r.cpuMicrosPerFrame(),
                r.rowsIdentical() ? "yes" : "NO",
                r.filesIdentical() ? "yes" : "no",
                r.load(),
                replayedLine(submitted));
        for (Vertex v : r.vertices()) {
            List<String> subtasks = new ArrayList<>();
            for (int i = 0; i < v.busy().length; i++)
                subtasks.add(
                        String.format(
                                Locale.ROOT,
                                "busy %.0f%% backpressured %.0f%% out %,d",
                                100 * v.busy()[i],
                                100 * v.backpressured()[i],
                                v.out()[i]));
            System.out.printf(
                    Locale.ROOT,
                    "  [p%d] %s: %s%n",
                    v.parallelism(),
                    v.name(),
                    String.join(" | ", subtasks));
        }
    }

    /**
     * The table: each run, its scaling against the 1-reader run of the same round (they ran next to
     * each other, under much the same load from the rest of the machine), then the medians.
     */
    private static void summary(List<Run> runs) {
        System.out.printf(
                "%n| round | readers (source slots) | wall s | frames/s | scaling vs 1 reader |"
                        + " TaskManager CPU cores | CPU µs a frame | source busy | load average |"
                        + " identical output |%n");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Run r : runs)
            row(
                    String.valueOf(r.round()),
                    r.readers(),
                    List.of(r),
                    List.of(scaling(runs, r)),
                    r.rowsIdentical());
        for (int readers : READERS) {
            List<Run> these = runs.stream().filter(r -> r.readers() == readers).toList();
            row(
                    "median",
                    readers,
                    these,
                    these.stream().map(r -> scaling(runs, r)).toList(),
                    these.stream().allMatch(Run::rowsIdentical));
        }
    }

    private static void row(
            String round, int readers, List<Run> runs, List<Double> scaling, boolean identical) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.1f | %,.0f | %.2fx | %.2f | %.1f | %.0f %% | %.1f | %s |%n",
                round,
                readers,
                median(runs.stream().map(Run::wallSeconds).toList()),
                median(runs.stream().map(Run::framesPerSecond).toList()),
                median(scaling),
                median(runs.stream().map(Run::cores).toList()),
                median(runs.stream().map(Run::cpuMicrosPerFrame).toList()),
                100 * median(runs.stream().map(r -> r.source().meanBusy()).toList()),
                median(runs.stream().map(Run::load).toList()),
                identical ? "yes" : "no");
    }

    /** Frames/s of {@code r} against the 1-reader run of its round. */
    private static double scaling(List<Run> runs, Run r) {
        return runs.stream()
                .filter(o -> o.round() == r.round() && o.readers() == 1)
                .findFirst()
                .map(o -> r.framesPerSecond() / o.framesPerSecond())
                .orElse(Double.NaN);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Which tables differ from the reference. */
    private static void differences(Map<String, String> reference, Map<String, String> other) {
        for (String table : ParquetTables.ALL)
            if (!reference.get(table).equals(other.get(table)))
                System.out.printf(
                        "  %s differs: %s, expected %s%n",
                        table, other.get(table), reference.get(table));
    }

    /**
     * Per table, its row count and a digest of its rows, each with its partition, in any order: the
     * rows hashed one by one (streamed by {@link TableReader#forEachRow}: a frames file holds more
     * than a heap takes as maps), the hashes sorted and hashed.
     */
    private static Map<String, String> rowDigests(Path out) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        MessageDigest sha = sha256();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream row = new DataOutputStream(bytes);
        for (String table : ParquetTables.ALL) {
            List<String> hashes = new ArrayList<>();
            for (Path file : TableReader.files(out, table)) {
                String partition = file.getParent().getFileName().toString();
                TableReader.forEachRow(
                        file,
                        g -> {
                            try {
                                bytes.reset();
                                row.writeUTF(partition);
                                write(g, row);
                                row.flush();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            hashes.add(HexFormat.of().formatHex(sha.digest(bytes.toByteArray())));
                        });
            }
            Collections.sort(hashes);
            for (String h : hashes) sha.update(h.getBytes(StandardCharsets.US_ASCII));
            digests.put(table, hashes.size() + " rows, " + HexFormat.of().formatHex(sha.digest()));
        }
        return digests;
    }

    /** A row's values in column order, lists and nulls told apart. */
    private static void write(Group g, DataOutputStream out) throws IOException {
        GroupType type = g.getType();
        for (int f = 0; f < type.getFieldCount(); f++) {
            int n = g.getFieldRepetitionCount(f);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                if (type.getType(f).isPrimitive()) out.writeUTF(g.getValueToString(f, i));
                else write(g.getGroup(f, i), out);
            }
        }
    }

    /**
     * Per table and partition, the sorted digests of its files (their names differ between runs by
     * the sink's random id only): whether the output is the same byte for byte, as flink-job's
     * TelemetryJobTest compares two replays.
     */
    private static Map<String, Map<String, List<String>>> fileDigests(Path out) throws IOException {
        Map<String, Map<String, List<String>>> digests = new TreeMap<>();
        for (String table : ParquetTables.ALL) {
            Map<String, List<String>> partitions = new TreeMap<>();
            for (Path f : TableReader.files(out, table))
                partitions
                        .computeIfAbsent(
                                f.getParent().getFileName().toString(), k -> new ArrayList<>())
                        .add(HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(f))));
            partitions.values().forEach(Collections::sort);
            digests.put(table, partitions);
        }
        return digests;
    }

    private JsonNode rest(ClusterScript cluster, String path) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + cluster.restPort + path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    /** User and system CPU of a process so far, in clock ticks (/proc/PID/stat, fields 14, 15). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (p.waitFor() == 0) return Long.parseLong(out.trim());
        } catch (IOException | NumberFormatException e) {
            // below: Linux reports user time to programs in hundredths of a second
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
