package io.actelemetry.job.sink;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Parquet's view of a sink's part file. Closing it only flushes: the file sink closes (and commits)
 * the stream itself after the writer has finished.
 */
final class StreamFile implements OutputFile {
    private static final int BUFFER_BYTES = 64 * 1024;
    private final FSDataOutputStream out;

    StreamFile(FSDataOutputStream out) {
        this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new PositionOutputStream() {
            // Parquet writes page headers and footers a few bytes at a time: each would be a system
            // call of its own
            private final byte[] buffer = new byte[BUFFER_BYTES];
            private int buffered;

            @Override
            public long getPos() throws IOException {
                return out.getPos() + buffered;
            }

            @Override
            public void write(int b) throws IOException {
                if (buffered == buffer.length) drain();
                buffer[buffered++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > buffer.length - buffered) drain();
                if (len >= buffer.length) {
                    out.write(b, off, len);
                    return;
                }
                System.arraycopy(b, off, buffer, buffered, len);
                buffered += len;
            }

            @Override
            public void flush() throws IOException {
                drain();
                out.flush();
            }

            @Override
            public void close() throws IOException {
                flush();
            }

            private void drain() throws IOException {
                if (buffered == 0) return;
                out.write(buffer, 0, buffered);
                buffered = 0;
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }
}
