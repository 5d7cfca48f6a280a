package io.actelemetry.job.bench;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.laps.RealLog;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A replay against the original project's converter and against the floor of the same work, each
 * run as a fresh child process, as a user runs it. Not a test:
 *
 * <pre>{@code
 * ./mvnw -q -B install -DskipTests && ./mvnw -q -B -Pbench -pl flink-job verify -Dbench.converter.skip=false -Dbench.replay.skip=true -Dbench.live.skip=true
 * }</pre>
 *
 * ({@code -Dbench.converter.rounds=N}, default 3; {@code -Dbench.python=PATH} for a Python of your
 * choice, else the first of {@code python3} and {@code /usr/bin/python3} with pandas and protobuf.)
 *
 * <p>Two inputs, made once and kept under the work folder: the demo's recording (what {@code java
 * -jar ... demo} records: the same scenario, seed and writer; 226,645 full frames), and about 1.56
 * million sparse frames, copies of a real 10 Hz log (the Monza fixture of {@code real-sessions/}),
 * one after another, twelve to a session (45 sessions of about an hour). On each, every round runs
 * in turn:
 *
 * <ul>
 *   <li>the converter: {@code converter.py}, our re-implementation of the original export short of
 *       writing Parquet (gzip, {@code ParseFromString}, 14 columns into a pandas DataFrame);
 *       skipped when the Python lacks pandas or protobuf;
 *   <li>the floor: {@link FramesFloor}, the least work of the replay's frames table, on all cores;
 *   <li>the replay: {@code java -jar JAR replay FILE --out DIR --overwrite}, every table written;
 *   <li>the same through the launcher, {@code bin/ac-telemetry} ({@code -Dbench.launcher}), with
 *       its class archive in a cache of the benchmark's own: its first run makes the archive, so
 *       the median of three rounds or more is of runs that use it.
 * </ul>
 *
 * Wall time is the child's, from its start to its exit; CPU is the user + system time of it and its
 * own children, which the kernel adds to this process's {@code cutime} and {@code cstime} once they
 * are waited for. The medians of the rounds are printed with the goals: a replay at least 2x (full
 * frames) or 5x (sparse) faster than the converter or, where even the floor cannot reach that ratio
 * on this machine, at least 80 % of the floor's speed.
 */
public final class ConverterBenchmark {
    private static final String REAL_LOG = "alvaro-monza-sf15t-10hz";
    private static final long SPARSE_FRAMES = 1_560_000;

    /** Copies of the 287 s real log a session of the sparse input: 57 minutes. */
    private static final int COPIES_A_SESSION = 12;

    /** The demo's default {@code --seed}. */
    private static final long DEMO_SEED = 1;

    /** {@code /proc} counts CPU time in clock ticks of 1/100 s on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private static final double FLOOR_GOAL = 0.80;

    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    /** What a child is, and where its output says how many frames it took. */
    private enum Kind {
        CONVERTER("(?m)^rows (\\d+)$"),
        FLOOR("(?m)^frames (\\d+) in"),
        /**
         * {@code Replayed N frames in X s (Y s to start the job, then Z frames/s)}: the start-up is
         * the figure before " s to ", whatever the words after it.
         */
        REPLAY("Replayed ([\\d,.\\s]+?) frames in [\\d.,]+ s \\(([\\d.,]+) s to ");

        final Pattern count;

        Kind(String count) {
            this.count = Pattern.compile(count);
        }
    }

    private record Contender(String name, Kind kind, List<String> command) {}

    /** A recording and the ratio to the converter that a replay of it should reach. */
    private record Input(String tag, String name, Path file, double ratioGoal) {}

    /** One child's run; {@code startup} only for a replay. */
    private record Run(double wall, double cpu, long peakRssKb, long frames, double startup) {}

    /** What the children are given. */
    private record Tools(
            Path jar, Path launcher, String python, Path converter, Path descriptors) {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        int rounds = Integer.parseInt(args[2]);
        Path launcher =
                Path.of(
                        System.getProperty(
                                "bench.launcher",
                                jar.resolveSibling("../bin/ac-telemetry").toString()));
        String python = python(System.getProperty("bench.python", ""));

        Path converter = work.resolve("converter.py");
        try (InputStream in = ConverterBenchmark.class.getResourceAsStream("/bench/converter.py")) {
            Files.copy(in, converter, StandardCopyOption.REPLACE_EXISTING);
        }
        Path descriptors = work.resolve("telemetry.desc");
        writeDescriptorSet(descriptors);
        boolean withConverter = python != null;
        if (!withConverter)
            System.out.println(
                    "converter rows skipped: no python3 here imports pandas and google.protobuf"
                            + " (Debian: apt-get install -y python3-pandas python3-protobuf; or"
                            + " -Dbench.python=PATH)");
        if (!Files.exists(launcher)) System.out.printf("launcher rows skipped: no %s%n", launcher);
        Tools tools =
                new Tools(
                        jar,
                        Files.exists(launcher) ? launcher : null,
                        withConverter ? python : null,
                        converter,
                        descriptors);

        List<Input> inputs =
                List.of(
                        new Input("full", "full frames (the demo's recording)", demo(work), 2),
                        new Input(
                                "sparse",
                                "sparse frames (a real 10 Hz log, copied)",
                                sparse(work),
                                5));
        System.out.printf(
                "%d cores, %s %s; median of %d rounds, each child a fresh process, in turn%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                rounds);
        for (Input input : inputs) {
            System.out.printf("%n%s%n", input.name());
            Map<Contender, Run> medians =
                    measure(input, contenders(input, tools, work.resolve("out")), rounds, work);
            report(input, medians);
        }
    }

    private static List<Contender> contenders(Input input, Tools tools, Path out) {
        String file = input.file().toString();
        List<Contender> contenders = new ArrayList<>();
        if (tools.python() != null)
            contenders.add(
                    new Contender(
                            "converter (Python, pandas)",
                            Kind.CONVERTER,
                            List.of(
                                    tools.python(),
                                    tools.converter().toString(),
                                    tools.descriptors().toString(),
                                    file)));
        contenders.add(
                new Contender(
                        "floor (FramesFloor: frames table, all cores)",
                        Kind.FLOOR,
                        List.of(
                                java(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                FramesFloor.class.getName(),
                                file,
                                out.resolve("floor").toString())));
        contenders.add(
                new Contender(
                        "replay, java -jar",
                        Kind.REPLAY,
                        List.of(
                                java(),
                                "-jar",
                                tools.jar().toString(),
                                "replay",
                                file,
                                "--out",
                                out.resolve("replay").toString(),
                                "--overwrite")));
        if (tools.launcher() != null)
            contenders.add(
                    new Contender(
                            "replay, launcher",
                            Kind.REPLAY,
                            List.of(
                                    "sh",
                                    tools.launcher().toString(),
                                    "replay",
                                    file,
                                    "--out",
                                    out.resolve("launcher").toString(),
                                    "--overwrite")));
        return contenders;
    }

    /** Every contender once a round, in turn; the median of each. */
    private static Map<Contender, Run> measure(
            Input input, List<Contender> contenders, int rounds, Path work) throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        double load = OS.getSystemLoadAverage();
        Map<Contender, List<Run>> runs = new LinkedHashMap<>();
        long frames = -1;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < contenders.size(); k++) {
                Contender c = contenders.get(k);
                Run run = run(c, logs.resolve(input.tag() + "-" + k + "-round" + r + ".log"));
                System.out.printf(
                        "  round %d, %s: %.1f s wall, %.1f s CPU%n",
                        r + 1, c.name(), run.wall(), run.cpu());
                // the same work or no comparison: every child must take every frame
                if (frames < 0) frames = run.frames();
                if (run.frames() != frames)
                    throw new IllegalStateException(
                            c.name() + " took " + run.frames() + " frames, not " + frames);
                runs.computeIfAbsent(c, x -> new ArrayList<>()).add(run);
            }
        }
        System.out.printf(
                "  load average %.1f before, %.1f after%n", load, OS.getSystemLoadAverage());
        Map<Contender, Run> medians = new LinkedHashMap<>();
        runs.forEach((c, list) -> medians.put(c, median(list)));
        return medians;
    }

    /** Runs one child to its end, its output into {@code log}. */
    private static Run run(Contender c, Path log) throws IOException, InterruptedException {
        long ticks0 = childrenCpuTicks();
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(c.command());
        // the launcher's class archive in a cache of the benchmark's own: made by its first run
        pb.environment().put("XDG_CACHE_HOME", log.getParent().resolveSibling("cache").toString());
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long peakRssKb = 0;
        long deadline = t0 + TimeUnit.MINUTES.toNanos(30);
        // VmHWM is a high-water mark: the last sample before the exit misses little of it
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            peakRssKb = Math.max(peakRssKb, peakRssKb(p.toHandle()));
            if (System.nanoTime() > deadline) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(
                        c.name() + " hung: killed after 30 min, see " + log);
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (childrenCpuTicks() - ticks0) / TICKS_PER_SECOND;
        String out = Files.readString(log);
        if (p.exitValue() != 0)
            throw new IllegalStateException(
                    c.name() + " ended with " + p.exitValue() + ", see " + log + ":\n" + out);
        Matcher m = c.kind().count.matcher(out);
        if (!m.find()) throw new IllegalStateException(c.name() + " printed no count, see " + log);
        long frames = Long.parseLong(m.group(1).replaceAll("\\D", ""));
        double startup =
                c.kind() == Kind.REPLAY ? Double.parseDouble(m.group(2).replace(',', '.')) : 0;
        return new Run(wall, cpu, peakRssKb, frames, startup);
    }

    /**
     * User + system time of this process's children that have been waited for, and of theirs
     * ({@code cutime} and {@code cstime}, fields 16 and 17 of {@code /proc/self/stat}).
     */
    private static long childrenCpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // the fields from the third on, after the command name, which may hold spaces
        String[] f = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
        return Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** The largest peak RSS of a child and its descendants (a launcher's JVM), in kB. */
    private static long peakRssKb(ProcessHandle child) {
        return Stream.concat(Stream.of(child), child.descendants())
                .mapToLong(ConverterBenchmark::ownPeakRssKb)
                .max()
                .orElse(0);
    }

    private static long ownPeakRssKb(ProcessHandle process) {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(0);
        } catch (IOException ended) {
            return 0; // it ended between the listing and the read
        }
    }

    /** The median of each figure over the rounds. */
    private static Run median(List<Run> runs) {
        return new Run(
                median(runs.stream().mapToDouble(Run::wall).toArray()),
                median(runs.stream().mapToDouble(Run::cpu).toArray()),
                (long) median(runs.stream().mapToDouble(Run::peakRssKb).toArray()),
                runs.get(0).frames(),
                median(runs.stream().mapToDouble(Run::startup).toArray()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void report(Input input, Map<Contender, Run> runs) throws IOException {
        Run converter = null;
        Run floor = null;
        for (Map.Entry<Contender, Run> e : runs.entrySet()) {
            if (e.getKey().kind() == Kind.CONVERTER) converter = e.getValue();
            if (e.getKey().kind() == Kind.FLOOR) floor = e.getValue();
        }
        long frames = floor.frames();
        System.out.printf(
                "%n%s: %s, %,d frames, %.1f MB%n%n"
                        + "| | wall s | CPU s | CPU µs a frame | peak RSS MB | start-up s |"
                        + " converter wall / this | %% of floor |%n"
                        + "|---|---|---|---|---|---|---|---|%n",
                input.name(), input.file().getFileName(), frames, Files.size(input.file()) / 1e6);
        for (Map.Entry<Contender, Run> e : runs.entrySet()) {
            Kind kind = e.getKey().kind();
            Run r = e.getValue();
            System.out.printf(
                    "| %s | %.1f | %.1f | %.1f | %,.0f | %s | %s | %s |%n",
                    e.getKey().name(),
                    r.wall(),
                    r.cpu(),
                    r.cpu() * 1e6 / frames,
                    r.peakRssKb() / 1024.0,
                    kind == Kind.REPLAY ? String.format("%.1f", r.startup()) : "",
                    converter != null && kind != Kind.CONVERTER
                            ? String.format("%.2fx", converter.wall() / r.wall())
                            : "",
                    kind == Kind.REPLAY
                            ? String.format("%.0f %%", 100 * floor.wall() / r.wall())
                            : "");
        }
        System.out.println();
        for (Map.Entry<Contender, Run> e : runs.entrySet()) {
            if (e.getKey().kind() == Kind.REPLAY)
                System.out.printf(
                        "verdict, %s, %s: %s%n",
                        input.tag(),
                        e.getKey().name(),
                        verdict(input, converter, floor, e.getValue()));
        }
    }

    /**
     * The ratio goal where the floor reaches it on this machine, else 80 % of the floor, and
     * whether the replay meets it.
     */
    private static String verdict(Input input, Run converter, Run floor, Run replay) {
        double ofFloor = floor.wall() / replay.wall();
        String floorGoal =
                String.format(
                        "%.0f %% of the floor (goal %.0f %%): %s",
                        100 * ofFloor, 100 * FLOOR_GOAL, ofFloor >= FLOOR_GOAL ? "met" : "not met");
        if (converter == null) return "no converter run, so the goal is " + floorGoal;
        double floorRatio = converter.wall() / floor.wall();
        if (floorRatio < input.ratioGoal())
            return String.format(
                    "even the floor is only %.2fx the converter here (goal %.0fx), so the goal is"
                            + " %s",
                    floorRatio, input.ratioGoal(), floorGoal);
        double ratio = converter.wall() / replay.wall();
        return String.format(
                "%.2fx the converter (goal %.0fx, the floor %.2fx): %s",
                ratio,
                input.ratioGoal(),
                floorRatio,
                ratio >= input.ratioGoal() ? "met" : "not met");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The contract's files, each after its dependencies, as a Python descriptor pool takes them.
     */
    private static void writeDescriptorSet(Path file) throws IOException {
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        add(TelemetryFrame.getDescriptor().getFile(), set, new HashSet<>());
        Files.write(file, set.build().toByteArray());
    }

    private static void add(FileDescriptor file, FileDescriptorSet.Builder set, Set<String> added) {
        if (!added.add(file.getName())) return;
        for (FileDescriptor d : file.getDependencies()) add(d, set, added);
        set.addFile(file.toProto());
    }

    /**
     * The interpreter that has the converter's libraries: the one given, else python3 on the PATH,
     * else the system's (another python3, a pyenv one say, often comes first on the PATH).
     */
    private static String python(String given) throws InterruptedException {
        List<String> candidates =
                given.isEmpty() ? List.of("python3", "/usr/bin/python3") : List.of(given);
        for (String candidate : candidates) if (hasPandasAndProtobuf(candidate)) return candidate;
        return null;
    }

    private static boolean hasPandasAndProtobuf(String python) throws InterruptedException {
        try {
            return new ProcessBuilder(python, "-c", "import pandas, google.protobuf")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException noPython) {
            return false;
        }
    }

    /** The recording {@code demo} makes: its scenario and default seed, through the same writer. */
    private static Path demo(Path work) throws IOException {
        Path file = work.resolve("demo.pb.gz");
        if (Files.exists(file)) return file;
        Path partial = work.resolve("demo.pb.gz.partial");
        try (Stream<TelemetryFrame> session = SimulatedSession.frames(Scenario.demo(DEMO_SEED));
                RecordingWriter w = RecordingWriter.open(partial)) {
            for (TelemetryFrame f : (Iterable<TelemetryFrame>) session::iterator) w.write(f);
        }
        // moved into place only when whole, so that an interrupted run makes it again
        return Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Copies of the real log one after another until about {@link #SPARSE_FRAMES} frames, its clock
     * going on from the copy before; {@link #COPIES_A_SESSION} copies make a session (about an hour
     * of driving, restarted at each copy), as a real archive holds hour-long sessions.
     */
    private static Path sparse(Path work) throws IOException, ReflectiveOperationException {
        Path file = work.resolve("sparse-10hz-hours.pb.gz");
        if (Files.exists(file)) return file;
        Path partial = work.resolve("sparse-10hz-hours.pb.gz.partial");
        List<TelemetryFrame> log = RealLog.read(REAL_LOG, "", "ks_ferrari_sf15t", "monza").wire;
        long first = log.get(0).getMonotonicNs();
        long step = log.get(1).getMonotonicNs() - first;
        long span = log.get(log.size() - 1).getMonotonicNs() - first + step;
        try (RecordingWriter w = RecordingWriter.open(partial)) {
            for (int copy = 0; w.framesWritten() < SPARSE_FRAMES; copy++) {
                String session =
                        UUID.nameUUIDFromBytes(
                                        ("sparse-" + copy / COPIES_A_SESSION)
                                                .getBytes(StandardCharsets.UTF_8))
                                .toString();
                for (TelemetryFrame f : log)
                    w.write(
                            f.toBuilder()
                                    .setSessionId(session)
                                    .setMonotonicNs(f.getMonotonicNs() + copy * span)
                                    .build());
            }
        }
        return Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
