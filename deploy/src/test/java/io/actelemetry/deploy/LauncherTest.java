package io.actelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flink-job/bin/ac-telemetry, run as a user runs it on the job's built jar: the first replay leaves
 * a class-data sharing archive in the cache, the next ones load the job's classes from it, every
 * run is quiet and gives the same rows.
 */
class LauncherTest {
    static final Path LAUNCHER = ClusterScript.DEPLOY.resolve("../flink-job/bin/ac-telemetry");

    @TempDir static Path dir;
    static Path recording;

    @BeforeAll
    static void record() throws IOException {
        recording = Recordings.write(Recordings.session(1, 7), dir.resolve("in"), "one-lap");
    }

    record Run(int code, String out, String err, Path classLog) {}

    private static Run replay(Path cache, String name, String... env) throws Exception {
        Path classLog = dir.resolve(name + "-classes.log");
        List<String> command =
                List.of(
                        "sh",
                        LAUNCHER.toString(),
                        "replay",
                        recording.toString(),
                        "--out",
                        dir.resolve(name).toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        for (int i = 0; i < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("replay ends").isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                classLog);
    }

    /** Classes of the job and of Flink the JVM took from the archive rather than the jar. */
    private static long sharedJobClasses(Run run) throws IOException {
        try (Stream<String> lines = Files.lines(run.classLog())) {
            return lines.filter(
                            l -> l.contains(" org.apache.flink.") || l.contains(" io.actelemetry."))
                    .filter(l -> l.contains("source: shared objects file (top)"))
                    .count();
        }
    }

    private static List<String> archives(Path cache) throws IOException {
        Path folder = cache.resolve("ac-telemetry");
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            // the local cluster's copy of Flink's RPC jar lives there too
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> !f.startsWith("flink-rpc-akka-"))
                    .sorted()
                    .toList();
        }
    }

    private static void assertQuiet(Run run) {
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Replayed ").contains("to the first frame");
        assertThat(run.err()).doesNotContain("WARN", "ERROR", "Exception", "[warning]");
    }

    @Test
    void firstReplayMakesTheArchiveTheNextOnesUseIt() throws Exception {
        Path cache = dir.resolve("cache");
        // an archive an earlier build of the jar left, and a file of someone else's
        Path stale = cache.resolve("ac-telemetry/ac-telemetry-flink-job-0.1.0-SNAPSHOT-1.jsa");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "an earlier build's archive");
        Files.writeString(cache.resolve("ac-telemetry/notes.txt"), "not an archive");
        Run first = replay(cache, "first");
        assertQuiet(first);
        assertThat(sharedJobClasses(first)).isZero();
        List<String> made = archives(cache);
        assertThat(made).as("the stale archive removed").hasSize(2).contains("notes.txt");
        assertThat(made)
                .filteredOn(f -> f.endsWith(".jsa"))
                .singleElement()
                .isNotEqualTo(stale.getFileName().toString());

        Run second = replay(cache, "second");
        assertQuiet(second);
        assertThat(archives(cache)).isEqualTo(made);
        // the job, the runtime and the mini-cluster come from the archive: thousands of classes
        assertThat(sharedJobClasses(second)).isGreaterThan(3_000);

        Run plain = replay(cache, "plain", "AC_TELEMETRY_CDS", "off");
        assertQuiet(plain);
        assertThat(sharedJobClasses(plain)).isZero();

        for (String table : ParquetTables.ALL)
            assertThat(rows("second", table)).as(table).isEqualTo(rows("first", table));
        // the local cluster's RPC jar: one copy, kept for every run
        try (Stream<Path> files = Files.list(cache.resolve("ac-telemetry"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .filteredOn(f -> f.startsWith("flink-rpc-akka-"))
                    .singleElement()
                    .asString()
                    .endsWith(".jar");
        }
    }

    @Test
    void otherCommandsMakeNoArchive() throws Exception {
        Path cache = dir.resolve("cache-laps");
        ProcessBuilder pb =
                new ProcessBuilder("sh", LAUNCHER.toString(), "laps", recording.toString());
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("frames");
        assertThat(archives(cache)).isEmpty();
    }

    private static List<Map<String, Object>> rows(String out, String table) throws IOException {
        return TableReader.rows(dir.resolve(out), table);
    }
}
