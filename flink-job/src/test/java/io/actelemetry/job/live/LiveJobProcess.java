package io.actelemetry.job.live;

import io.actelemetry.job.cli.TelemetryJobMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code TelemetryJobMain live ...} in a JVM of its own, started as a user would start it (a local
 * mini-cluster), so a test can kill the whole process like a crash or a power cut does. Its stdout
 * and stderr go to a log file.
 */
public final class LiveJobProcess implements AutoCloseable {

    private final List<String> command;
    private final Path log;
    private Process process;

    private LiveJobProcess(List<String> command, Path log) {
        this.command = command;
        this.log = log;
    }

    /**
     * Starts {@code live} with {@code args}, logging to {@code log} (appended: one file tells a
     * run's story).
     */
    public static LiveJobProcess start(Path log, List<String> jvmOptions, List<String> args)
            throws IOException {
        return later(log, jvmOptions, args).start();
    }

    /** The same, to be started by {@link #start()}: a restart with the same command. */
    public static LiveJobProcess later(Path log, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TelemetryJobMain.class.getName());
        command.add("live");
        command.addAll(args);
        return new LiveJobProcess(List.copyOf(command), log);
    }

    public LiveJobProcess start() throws IOException {
        if (process != null) throw new IllegalStateException("already started");
        Files.writeString(
                log,
                "\n$ ... "
                        + String.join(" ", command.subList(command.indexOf("live"), command.size()))
                        + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        return this;
    }

    /** A port free right now, for the readers (subtask i on port + i). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Like a crash: SIGKILL, no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Like Ctrl-C: SIGTERM, the job stops with a savepoint; returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException(
                    "the live job did not stop within " + timeout + "; log: " + log);
        }
        return process.exitValue();
    }

    /** Everything the process (and its predecessors on the same log) printed. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) kill();
    }
}
