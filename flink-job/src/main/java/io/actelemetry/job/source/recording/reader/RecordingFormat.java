package io.actelemetry.job.source.recording.reader;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.recording.RecordingReader;
import io.actelemetry.recording.RecordingReader.OnCorruption;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole {@code .pb.gz} recording into {@link Frame}s. It opens the file itself rather than
 * being a {@code StreamFormat}: FileSource would gunzip {@code *.gz} with a plain GZIPInputStream,
 * which can neither keep the records before a truncated tail nor skip a damaged gzip member, nor
 * say at which compressed offset things went wrong. Damage is skipped, counted and logged once per
 * file with its offset; a file that cannot be read at all is logged and ends its split: bad input
 * never fails the job.
 *
 * <p>Files are not split (gzip has no sync points). The checkpointed position is the number of
 * frames returned, so a restored reader re-reads the file and skips them.
 */
public final class RecordingFormat implements BulkFormat<Frame, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RecordingFormat.class);

    /** Frames per batch handed to the source reader: large enough to amortise the hand-over. */
    static final int BATCH = 512;

    @Override
    public Reader<Frame> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new FrameReader(split.path(), 0);
    }

    @Override
    public Reader<Frame> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long skip =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        return new FrameReader(split.path(), skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Frame> getProducedType() {
        return TypeInformation.of(Frame.class);
    }

    private static final class FrameReader implements Reader<Frame> {
        private final Path path;
        private final InputStream in;
        private final RecordingReader recording;
        private final FrameConverter converter = new FrameConverter();
        private final RecordingReader.RecordDecoder<Frame> decoder =
                (buf, offset, length) ->
                        converter.convert(Arrays.copyOfRange(buf, offset, offset + length));
        private long returned;
        private boolean done;

        FrameReader(Path path, long alreadyReturned) throws IOException {
            this.path = path;
            this.in = path.getFileSystem().open(path);
            this.recording = RecordingReader.of(in, path.toString(), OnCorruption.SKIP);
            for (long i = 0; i < alreadyReturned && !done; i++) done = nextOrEnd() == null;
            this.returned = alreadyReturned;
        }

        @Override
        public RecordIterator<Frame> readBatch() throws IOException {
            if (done) return null;
            Frame[] batch = new Frame[BATCH];
            int n = 0;
            while (n < BATCH) {
                Frame f = nextOrEnd();
                if (f == null) {
                    done = true;
                    break;
                }
                batch[n++] = f;
            }
            if (n == 0) return null;
            ArrayResultIterator<Frame> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, returned);
            returned += n;
            return it;
        }

        /** The next frame, or null at the end, when the rest of the file is unreadable (logged). */
        private Frame nextOrEnd() {
            try {
                Frame f = recording.next(decoder);
                if (f == null) reportEnd();
                return f;
            } catch (IOException | RuntimeException e) {
                LOG.error(
                        "Recording {}: unreadable after {} frames, the rest of the file is skipped:"
                                + " {}",
                        path,
                        recording.recordsRead(),
                        e.getMessage());
                reportEnd();
                return null;
            }
        }

        private void reportEnd() {
            recording.truncation().ifPresent(t -> LOG.warn("Recording {}", t));
            for (RecordingReader.Skip s : recording.skipped()) LOG.warn("Corrupt recording {}", s);
        }

        @Override
        public void close() throws IOException {
            recording.close();
            in.close();
        }
    }
}
