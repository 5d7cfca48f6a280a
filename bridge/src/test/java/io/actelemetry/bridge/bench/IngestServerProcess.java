package io.actelemetry.bridge.bench;

import io.actelemetry.bridge.delivery.LoopbackIngestServer;
import io.actelemetry.bridge.delivery.LoopbackIngestServer.Behaviour;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A loopback ingest server in a JVM of its own, so that a benchmark's process CPU time is the
 * bridge's alone. The child prints its port, serves until its stdin closes, then prints what it
 * got.
 */
public final class IngestServerProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;
    private final String target;

    private IngestServerProcess(int commitEvery) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process =
                new ProcessBuilder(
                                java.toString(),
                                "-Xmx512m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                IngestServerProcess.class.getName(),
                                Integer.toString(commitEvery))
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        output =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = output.readLine();
        if (first == null || !first.startsWith("TARGET ")) {
            process.destroyForcibly();
            throw new IOException("the ingest server process did not start: " + first);
        }
        target = first.substring("TARGET ".length());
    }

    /**
     * Starts a server that commits every {@code commitEvery} frames and every second, like a
     * checkpoint.
     */
    public static IngestServerProcess launch(int commitEvery) throws IOException {
        return new IngestServerProcess(commitEvery);
    }

    public String target() {
        return target;
    }

    /** Stops the server; returns its last words (frames received and committed). */
    public String stop() throws IOException, InterruptedException {
        process.getOutputStream().close();
        String last = output.readLine();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return last == null ? "(no report)" : last;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    public static void main(String[] args) throws Exception {
        try (LoopbackIngestServer server =
                LoopbackIngestServer.start(
                        0,
                        Behaviour.committing(Integer.parseInt(args[0]))
                                .withCommitIntervalMillis(1000),
                        new LoopbackIngestServer.Store(false))) {
            System.out.println("TARGET " + server.target());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our stdin
            }
            var os =
                    (com.sun.management.OperatingSystemMXBean)
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            System.out.println(
                    "server received "
                            + server.received()
                            + " frames, committed "
                            + server.store().committedCount()
                            + ", server process CPU "
                            + os.getProcessCpuTime() / 1_000_000
                            + " ms");
            System.out.flush();
        }
    }
}
