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
 * length-delimited records. Unlike the original bridge it writes the file as blocks: each flush (at
 * least every {@link Options#flushInterval()} of writing, and once a block holds {@link
 * Options#blockBytes()}) ends a gzip member, and the next record starts another. The file stays
 * plain gzip (members concatenated, as {@code gzip -d} and every gzip library read them); a killed
 * process leaves every frame up to the last flush readable, damaged compressed data costs its block
 * alone, and a reader can start at any block. It can rotate to a new file by size or age.
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
     * @param append add to an existing file instead of replacing it
     * @param blockBytes end a block once it holds this many uncompressed bytes
     */
    public record Options(
            int level,
            Duration flushInterval,
            long rotateBytes,
            Duration rotateAfter,
            boolean append,
            int blockBytes) {

        /** A second of a 333 Hz bridge's full frames fits in one block. */
        public static final int DEFAULT_BLOCK_BYTES = 1 << 20;

        public static Options defaults() {
            return new Options(
                    6, Duration.ofSeconds(1), 0, Duration.ZERO, false, DEFAULT_BLOCK_BYTES);
        }

        public Options withLevel(int newLevel) {
            return new Options(
                    newLevel, flushInterval, rotateBytes, rotateAfter, append, blockBytes);
        }

        public Options withFlushInterval(Duration interval) {
            return new Options(level, interval, rotateBytes, rotateAfter, append, blockBytes);
        }

        public Options withRotation(long maxBytes, Duration maxAge) {
            return new Options(level, flushInterval, maxBytes, maxAge, append, blockBytes);
        }

        public Options withAppend(boolean appendToExisting) {
            return new Options(
                    level, flushInterval, rotateBytes, rotateAfter, appendToExisting, blockBytes);
        }

        public Options withBlockBytes(int bytes) {
            return new Options(level, flushInterval, rotateBytes, rotateAfter, append, bytes);
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
    private Blocks blocks;
    private CodedOutputStream out;
    private long fileOpenedNanos;

    /** When the oldest frame not yet flushed was written; meaningful while dirty. */
    private long dirtySinceNanos;

    private boolean dirty;
    private long frames;

    /** Record bytes the current file had when its last block ended. */
    private long flushedRecordBytes;

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
        if (out.getTotalBytesWritten() - flushedRecordBytes >= options.blockBytes()) {
            flush();
        } else {
            flushIfDue();
        }
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

    /** Pushes every frame written so far to the file, decodable by a reader: ends the block. */
    @Override
    public void flush() throws IOException {
        if (closed) {
            return;
        }
        out.flush();
        flushedRecordBytes = out.getTotalBytesWritten();
        blocks.end();
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
        blocks = new Blocks(file, options.level());
        out = CodedOutputStream.newInstance(blocks, BUFFER_BYTES);
        flushedRecordBytes = 0;
        files.add(next);
        fileOpenedNanos = nanoClock.getAsLong();
    }

    private void closeCurrent() throws IOException {
        out.flush();
        blocks.end();
        file.close();
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

    /**
     * The records' bytes, into one gzip member per block: a member starts with the first byte after
     * {@link #end()}. An empty block writes nothing.
     */
    private static final class Blocks extends OutputStream {
        private final OutputStream file;
        private final int level;
        private GZIPOutputStream member;

        Blocks(OutputStream file, int level) {
            this.file = file;
            this.level = level;
        }

        @Override
        public void write(int b) throws IOException {
            member().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            member().write(b, off, len);
        }

        private GZIPOutputStream member() throws IOException {
            if (member == null) {
                member =
                        new GZIPOutputStream(new Unclosable(file), BUFFER_BYTES) {
                            {
                                def.setLevel(level);
                            }
                        };
            }
            return member;
        }

        /** Writes the block's trailer and frees its deflater; the file stays open. */
        void end() throws IOException {
            if (member != null) {
                member.close();
                member = null;
            }
            file.flush();
        }
    }

    /** Lets a member's stream close (freeing its deflater) without closing the file under it. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
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
