package io.actelemetry.recording;

import com.google.protobuf.CodedOutputStream;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * Writes {@link TelemetryFrame}s in the original recording format: gzip, base-128 varint
 * length-delimited records. Unlike the original bridge it sync-flushes the gzip stream at least
 * every {@link Options#flushInterval()} of writing, so a killed process leaves a file whose every
 * frame up to the last flush is readable, and it can rotate to a new file by size or age.
 *
 * <p>Not thread-safe: one writer thread. Call {@link #flushIfDue()} when idle so the last frames
 * before a pause reach the disk too.
 */
public final class RecordingWriter implements Closeable, Flushable {

    /**
     * @param level gzip level, 6 like the original
     * @param flushInterval longest time written frames may sit in memory
     * @param rotateBytes start a new file once this many compressed bytes are written; 0 = never
     * @param rotateAfter start a new file once the current one is this old; zero = never
     * @param append add a new gzip member to an existing file instead of replacing it
     */
    public record Options(
            int level,
            Duration flushInterval,
            long rotateBytes,
            Duration rotateAfter,
            boolean append) {

        public static Options defaults() {
            return new Options(6, Duration.ofSeconds(1), 0, Duration.ZERO, false);
        }

        public Options withLevel(int newLevel) {
            return new Options(newLevel, flushInterval, rotateBytes, rotateAfter, append);
        }

        public Options withFlushInterval(Duration interval) {
            return new Options(level, interval, rotateBytes, rotateAfter, append);
        }

        public Options withRotation(long maxBytes, Duration maxAge) {
            return new Options(level, flushInterval, maxBytes, maxAge, append);
        }

        public Options withAppend(boolean appendToExisting) {
            return new Options(level, flushInterval, rotateBytes, rotateAfter, appendToExisting);
        }

        boolean rotates() {
            return rotateBytes > 0 || !rotateAfter.isZero();
        }
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;
    private final Options options;
    private final LongSupplier nanoClock;
    private final List<Path> files = new ArrayList<>();

    private CountingOutputStream file;
    private GZIPOutputStream gzip;
    private CodedOutputStream out;
    private long fileOpenedNanos;

    /** When the oldest frame not yet flushed was written; meaningful while dirty. */
    private long dirtySinceNanos;

    private boolean dirty;
    private long frames;
    private long bytesInClosedFiles;
    private boolean closed;

    private RecordingWriter(Path path, Options options, LongSupplier nanoClock) throws IOException {
        this.path = path;
        this.options = options;
        this.nanoClock = nanoClock;
        openNext();
    }

    public static RecordingWriter open(Path file) throws IOException {
        return open(file, Options.defaults());
    }

    /**
     * Opens {@code file} for writing. With rotation, the parts are named after it with a counter
     * ({@code session.pb.gz} gives {@code session-0001.pb.gz}, {@code session-0002.pb.gz}...), so
     * they sort in the order they were written.
     */
    public static RecordingWriter open(Path file, Options options) throws IOException {
        return new RecordingWriter(file, options, System::nanoTime);
    }

    static RecordingWriter open(Path file, Options options, LongSupplier nanoClock)
            throws IOException {
        return new RecordingWriter(file, options, nanoClock);
    }

    public void write(TelemetryFrame frame) throws IOException {
        beforeRecord();
        out.writeUInt32NoTag(frame.getSerializedSize());
        frame.writeTo(out);
        afterRecord();
    }

    /**
     * Writes one frame already serialized ({@code TelemetryFrame.toByteArray()}), for a caller that
     * serializes each frame once for several uses (the bridge streams the same bytes). The bytes
     * are written as they are, not checked: the record is what {@link #write(TelemetryFrame)}
     * writes for the frame they encode.
     */
    public void writeSerialized(byte[] frame) throws IOException {
        beforeRecord();
        out.writeUInt32NoTag(frame.length);
        out.writeRawBytes(frame);
        afterRecord();
    }

    private void beforeRecord() throws IOException {
        if (closed) {
            throw new IOException(currentFile() + ": recording already closed");
        }
        if (rotationDue()) {
            closeCurrent();
            openNext();
        }
    }

    private void afterRecord() throws IOException {
        frames++;
        if (!dirty) {
            dirty = true;
            dirtySinceNanos = nanoClock.getAsLong();
        }
        flushIfDue();
    }

    /**
     * Flushes when the oldest frame not yet flushed has waited for the flush interval; cheap to
     * call often. Timed from that frame, not from the last flush, so a burst written after a quiet
     * spell is not flushed right after its first frame.
     */
    public void flushIfDue() throws IOException {
        if (dirty && nanoClock.getAsLong() - dirtySinceNanos >= options.flushInterval().toNanos()) {
            flush();
        }
    }

    /** Pushes every frame written so far to the file, decodable by a reader (gzip sync flush). */
    @Override
    public void flush() throws IOException {
        if (closed) {
            return;
        }
        out.flush();
        gzip.flush();
        dirty = false;
    }

    public long framesWritten() {
        return frames;
    }

    /** Compressed bytes written to all files so far. */
    public long bytesWritten() {
        return bytesInClosedFiles + (file == null ? 0 : file.count);
    }

    public Path currentFile() {
        return files.get(files.size() - 1);
    }

    /** Every file this writer has written, oldest first. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closeCurrent();
        closed = true;
    }

    private boolean rotationDue() {
        if (!options.rotates() || frames == 0) {
            return false;
        }
        boolean bySize = options.rotateBytes() > 0 && file.count >= options.rotateBytes();
        boolean byAge =
                !options.rotateAfter().isZero()
                        && nanoClock.getAsLong() - fileOpenedNanos
                                >= options.rotateAfter().toNanos();
        return bySize || byAge;
    }

    private void openNext() throws IOException {
        Path next = options.rotates() ? part(files.size() + 1) : path;
        Path parent = next.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream raw =
                options.append()
                        ? Files.newOutputStream(
                                next, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                        : Files.newOutputStream(next);
        file = new CountingOutputStream(raw);
        int level = options.level();
        gzip =
                new GZIPOutputStream(file, BUFFER_BYTES, true) {
                    {
                        def.setLevel(level);
                    }
                };
        out = CodedOutputStream.newInstance(gzip, BUFFER_BYTES);
        files.add(next);
        fileOpenedNanos = nanoClock.getAsLong();
    }

    private void closeCurrent() throws IOException {
        out.flush();
        gzip.close();
        bytesInClosedFiles += file.count;
        file = null;
        dirty = false;
    }

    private Path part(int index) {
        String name = path.getFileName().toString();
        String stem =
                name.endsWith(RecordingFiles.SUFFIX)
                        ? name.substring(0, name.length() - RecordingFiles.SUFFIX.length())
                        : name;
        return path.resolveSibling(String.format("%s-%04d%s", stem, index, RecordingFiles.SUFFIX));
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
