package io.actelemetry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** deploy/standalone/flink-cluster.sh, run as a user runs it, on a cluster folder of its own. */
public final class ClusterScript {
    static final Path DEPLOY = Path.of(System.getProperty("deploy.dir", "."));
    static final Path SCRIPT = DEPLOY.resolve("standalone/flink-cluster.sh");
    public static final Path JAR =
            Path.of(
                    System.getProperty(
                            "cluster.jar",
                            "../flink-job/target/ac-telemetry-flink-job-0.1.0-SNAPSHOT-cluster.jar"));

    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    /** What a command printed (stdout and stderr together) and how it ended. */
    public record Result(List<String> command, int exitCode, String output) {
        public Result ok() {
            if (exitCode != 0)
                throw new AssertionError(
                        String.join(" ", command)
                                + " failed with exit code "
                                + exitCode
                                + ":\n"
                                + output);
            return this;
        }

        public String jobId() {
            return find(JOB_ID, "a job id");
        }

        public String savepoint() {
            return find(SAVEPOINT, "a savepoint path");
        }

        private String find(Pattern p, String what) {
            Matcher m = p.matcher(output);
            if (!m.find())
                throw new AssertionError(
                        String.join(" ", command) + " printed no " + what + ":\n" + output);
            return m.group(1);
        }
    }

    final Path dir;
    public final int restPort;
    private final int rpcPort;

    public ClusterScript(Path dir) {
        this.dir = dir;
        this.restPort = freePort();
        this.rpcPort = freePort();
    }

    /**
     * Starts a session cluster with small memory settings: a loaded 2-core machine must carry it;
     * {@code options} are more of the script's start options ({@code --s3}, {@code -D KEY=VALUE}).
     */
    public Result start(Object... options) {
        List<Object> args =
                new ArrayList<>(
                        List.of(
                                "start",
                                "--port",
                                restPort,
                                "--rpc-port",
                                rpcPort,
                                "--slots",
                                2,
                                "--tm-memory",
                                "1024m",
                                "--jm-memory",
                                "768m"));
        args.addAll(List.of(options));
        return run(Duration.ofMinutes(4), args.toArray());
    }

    /** Starts an application cluster running the cluster jar with {@code jobArgs}. */
    Result application(String... jobArgs) {
        List<Object> args =
                new ArrayList<>(
                        List.of(
                                "application",
                                "--port",
                                restPort,
                                "--rpc-port",
                                rpcPort,
                                "--slots",
                                2,
                                "--tm-memory",
                                "1024m",
                                "--jm-memory",
                                "768m",
                                JAR,
                                "--"));
        args.addAll(List.of(jobArgs));
        return run(Duration.ofMinutes(4), args.toArray());
    }

    public Result run(Duration timeout, Object... args) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        for (Object a : args) command.add(a.toString());
        try {
            Files.createDirectories(dir);
            Path log = Files.createTempFile(dir, "script-", ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            pb.environment().put("FLINK_CLUSTER_DIR", dir.toString());
            pb.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new AssertionError(
                        String.join(" ", command)
                                + " did not finish within "
                                + timeout
                                + ":\n"
                                + Files.readString(log));
            }
            return new Result(
                    command, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pids the script wrote for the processes it started. */
    List<Long> pids() {
        Path run = dir.resolve("run");
        if (!Files.isDirectory(run)) return List.of();
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(f -> f.toString().endsWith(".pid"))
                    .map(ClusterScript::readPid)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid of one of the script's processes: jobmanager or taskmanager. */
    public long pid(String name) {
        return readPid(dir.resolve("run").resolve(name + ".pid"));
    }

    /** The tail of the cluster's logs, for a failure message. */
    String logs() {
        return run(Duration.ofSeconds(30), "logs").output();
    }

    private static long readPid(Path f) {
        try {
            return Long.parseLong(Files.readString(f).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first of {@code n} consecutive free ports (a live job's readers listen on PORT to
     * PORT+n-1).
     */
    public static int freePorts(int n) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = freePort();
            boolean all = true;
            for (int i = 1; i < n && all; i++) all = isFree(first + i);
            if (all) return first;
        }
        throw new IllegalStateException("no " + n + " consecutive free ports");
    }

    private static boolean isFree(int port) {
        try {
            new ServerSocket(port).close();
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
