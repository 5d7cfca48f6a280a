package io.actelemetry.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingReader;
import io.actelemetry.recording.RecordingWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameRecorderTest {

    @TempDir Path dir;

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void recordingReplaysFrameForFrameAndIsNamedPerRun() throws IOException {
        String session = TestFrames.newSession();
        List<TelemetryFrame> frames = TestFrames.frames(session, 1, 2000);
        Path folder = dir.resolve("recordings");
        FrameRecorder recorder =
                FrameRecorder.open(folder, RecordingWriter.Options.defaults(), events::add);
        frames.forEach(recorder::write);
        recorder.close();
        assertThat(recorder.frames()).isEqualTo(2000);
        assertThat(recorder.dropped()).isZero();
        try (var files = Files.list(folder)) {
            List<Path> written = files.toList();
            assertThat(written)
                    .singleElement()
                    .satisfies(
                            file ->
                                    assertThat(file.getFileName().toString())
                                            .matches(
                                                    "\\d{8}-\\d{6}_"
                                                            + session.substring(0, 8)
                                                            + "\\.pb\\.gz"));
            assertThat(readAll(written.get(0))).containsExactlyElementsOf(frames);
        }
        assertThat(events).anyMatch(e -> e.startsWith("Recording to "));
    }

    @Test
    void nothingIsCreatedBeforeTheFirstFrame() {
        Path folder = dir.resolve("recordings");
        FrameRecorder.open(folder, RecordingWriter.Options.defaults(), events::add).close();
        assertThat(folder).doesNotExist();
    }

    @Test
    void idleRecordingIsFlushedSoACrashLosesAboutASecond() throws Exception {
        Path file = dir.resolve("run.pb.gz");
        List<TelemetryFrame> frames = TestFrames.frames(TestFrames.newSession(), 1, 300);
        FrameRecorder recorder =
                FrameRecorder.open(file, RecordingWriter.Options.defaults(), events::add);
        try {
            long start = System.nanoTime();
            frames.forEach(recorder::write);
            // No more frames (the game paused); the background tick must still push them to disk.
            Eventually.await(
                    "the idle flush", Duration.ofSeconds(5), () -> readQuietly(file).size() == 300);
            // One wake-up (a second) and the writing, with room for a slow machine; not a second
            // one.
            assertThat(System.nanoTime() - start).isLessThan(Duration.ofMillis(1800).toNanos());
            assertThat(readAll(file)).containsExactlyElementsOf(frames);
        } finally {
            recorder.close();
        }
    }

    @Test
    void rotationSplitsTheRecordingAndLosesNothing() throws IOException {
        List<TelemetryFrame> frames = TestFrames.frames(TestFrames.newSession(), 1, 3000);
        FrameRecorder recorder =
                FrameRecorder.open(
                        dir.resolve("run.pb.gz"),
                        RecordingWriter.Options.defaults().withRotation(64 * 1024, Duration.ZERO),
                        events::add);
        frames.forEach(recorder::write);
        recorder.close();
        assertThat(recorder.files()).hasSizeGreaterThan(1);
        List<TelemetryFrame> replayed = new ArrayList<>();
        for (Path part : recorder.files()) {
            replayed.addAll(readAll(part));
        }
        assertThat(replayed).containsExactlyElementsOf(frames);
    }

    @Test
    void unwritableTargetIsReportedOnceAndNeverThrowsAtTheSampler() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        FrameRecorder recorder =
                FrameRecorder.open(
                        blocker.resolve("sub"), RecordingWriter.Options.defaults(), events::add);
        TestFrames.frames(TestFrames.newSession(), 1, 10).forEach(recorder::write);
        recorder.close();
        assertThat(recorder.frames()).isZero();
        assertThat(events)
                .singleElement()
                .asString()
                .startsWith("Recording stopped: cannot write")
                .contains("not-a-folder");
    }

    static List<TelemetryFrame> readAll(Path file) throws IOException {
        List<TelemetryFrame> out = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) {
                out.add(f);
            }
        }
        return out;
    }

    private static List<TelemetryFrame> readQuietly(Path file) {
        try {
            return Files.exists(file) ? readAll(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
