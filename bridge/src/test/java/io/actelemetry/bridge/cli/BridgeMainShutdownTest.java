package io.actelemetry.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.delivery.Eventually;
import io.actelemetry.recording.RecordingReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the bridge from outside (Ctrl+C, a closed console, a service stop) runs the shutdown
 * hook: the recording is closed properly, with its gzip trailer, and the summary is printed. Runs
 * the bridge in its own JVM and stops it with SIGTERM, which takes the same path as Ctrl+C.
 */
class BridgeMainShutdownTest {

    @TempDir Path dir;

    @Test
    void terminationClosesTheRecordingCompletely() throws Exception {
        Path file = dir.resolve("run.pb.gz");
        Path log = dir.resolve("out.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process bridge =
                new ProcessBuilder(
                                java.toString(),
                                "-Xmx64m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                BridgeMain.class.getName(),
                                "127.0.0.1:1",
                                "--source",
                                "sim:seed=2",
                                "--record",
                                file.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            Eventually.await(
                    "the bridge recording",
                    Duration.ofSeconds(30),
                    () -> Files.exists(file) && read(log).contains("Live: sampling"));
            Thread.sleep(1500);
            bridge.destroy(); // SIGTERM
            assertThat(bridge.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            bridge.destroyForcibly();
        }
        String out = read(log);
        assertThat(out).contains("Stopping: sending what is left, closing the recording", "Done: ");
        try (RecordingReader reader = RecordingReader.open(file)) {
            long frames = 0;
            while (reader.next() != null) {
                frames++;
            }
            assertThat(frames).isGreaterThan(100);
            assertThat(reader.truncation()).as("a closed file has its gzip trailer").isEmpty();
            assertThat(out)
                    .contains("Done: " + frames + " frames sampled, " + frames + " recorded");
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
