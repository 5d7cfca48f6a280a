package io.actelemetry.bridge.delivery;

import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes every frame to a {@code .pb.gz} recording. The file is opened at the first frame, so a
 * bridge that never saw the game leaves no empty file; when given a folder, the file is named
 * {@code <yyyyMMdd-HHmmss>_<first 8 of session id>.pb.gz} so runs never overwrite each other.
 *
 * <p>A background tick flushes the gzip stream at least every ~second even while no frames come
 * (pause, menus), so a crash loses about a second at most. A disk error is reported once and
 * stops the recording; it never stops the sampler or the stream.
 */
public final class FrameRecorder implements AutoCloseable {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault());

    private final Path target;
    private final RecordingWriter.Options options;
    private final Consumer<String> events;
    private final ScheduledExecutorService ticker;
    private RecordingWriter writer;
    private boolean failed;
    private boolean closed;
    private volatile long bytes;
    private volatile long frames;

    private FrameRecorder(Path target, RecordingWriter.Options options, Consumer<String> events) {
        this.target = target;
        this.options = options;
        this.events = events;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ac-bridge-recording-flush");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::flushIfDue, 200, 200, TimeUnit.MILLISECONDS);
    }

    /**
     * @param target a {@code .pb.gz} file, or a folder (existing, or a path without that suffix)
     *               in which each run gets its own file
     */
    public static FrameRecorder open(Path target, RecordingWriter.Options options, Consumer<String> events) {
        return new FrameRecorder(target, options, events);
    }

    /** The file for a run that starts now with this session: {@code target} itself unless it is a folder. */
    static Path fileFor(Path target, TelemetryFrame first) {
        if (target.getFileName() != null && target.getFileName().toString().endsWith(".gz") && !Files.isDirectory(target)) {
            return target;
        }
        String session = first.getSessionId().replace("-", "");
        String tag = session.isEmpty() ? "nosession" : session.substring(0, Math.min(8, session.length()));
        return target.resolve(STAMP.format(Instant.now()) + "_" + tag + ".pb.gz");
    }

    public synchronized void write(TelemetryFrame frame) {
        if (failed || closed) {
            return;
        }
        try {
            if (writer == null) {
                writer = RecordingWriter.open(fileFor(target, frame), options);
                events.accept("Recording to " + writer.currentFile().toAbsolutePath());
            }
            writer.write(frame);
            frames = writer.framesWritten();
            bytes = writer.bytesWritten();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Frames recorded so far. */
    public long frames() {
        return frames;
    }

    /** Compressed bytes on disk so far. */
    public long bytes() {
        return bytes;
    }

    /** The files written so far (more than one with rotation); empty before the first frame. */
    public synchronized List<Path> files() {
        return writer == null ? List.of() : writer.files();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.shutdownNow();
        if (writer != null && !failed) {
            try {
                writer.close();
                bytes = writer.bytesWritten();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    private synchronized void flushIfDue() {
        if (writer == null || failed || closed) {
            return;
        }
        try {
            writer.flushIfDue();
            bytes = writer.bytesWritten();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Exception e) {
        failed = true;
        String where = writer == null ? target.toString() : writer.currentFile().toString();
        events.accept("Recording stopped: cannot write " + where + " (" + e + "). Streaming continues.");
    }
}
