package io.actelemetry.job.source.recording.reader;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.job.source.recording.order.FrameChunk;
import io.actelemetry.recording.RecordingReader;
import io.actelemetry.recording.RecordingReader.OnCorruption;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.SingletonResultIterator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a split of a {@code .pb.gz} recording (the blocks that start in its byte range, see {@link
 * io.actelemetry.recording.BlockStarts}) into {@link FrameChunk}s of up to {@link #BATCH} frames.
 * It opens the file itself rather than being a {@code StreamFormat}: FileSource would gunzip {@code
 * *.gz} with a plain GZIPInputStream, which can neither keep the records before a truncated tail
 * nor skip a damaged block, nor start at one, nor say at which offset things went wrong. Damage is
 * skipped, counted and logged once per split with its offset; a split that cannot be read at all is
 * logged and ends: bad input never fails the job.
 *
 * <p>The checkpointed position is the number of chunks returned: every chunk but a split's last
 * holds exactly {@link #BATCH} frames, so a restored reader re-reads its split and skips that many.
 */
public final class RecordingFormat implements BulkFormat<FrameChunk, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RecordingFormat.class);

    /** Frames a chunk: large enough to amortise the hand-over. */
    public static final int BATCH = 512;

    @Override
    public Reader<FrameChunk> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new ChunkReader(split, 0);
    }

    @Override
    public Reader<FrameChunk> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long chunks =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        return new ChunkReader(split, chunks);
    }

    /** Splits are cut where blocks start, by {@code BlockSplittingEnumerator}. */
    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<FrameChunk> getProducedType() {
        return TypeInformation.of(FrameChunk.class);
    }

    private static final class ChunkReader implements Reader<FrameChunk> {
        private final Path path;
        private final long split;
        private final FSDataInputStream in;
        private final RecordingReader recording;
        private final FrameConverter converter = new FrameConverter();
        private final RecordingReader.RecordDecoder<Frame> decoder =
                (buf, offset, length) ->
                        converter.convert(Arrays.copyOfRange(buf, offset, offset + length));

        /** The frame after those returned: a chunk is its split's last when none follows. */
        private Frame ahead;

        private long chunks;
        private boolean done;

        ChunkReader(FileSourceSplit split, long chunksReturned) throws IOException {
            this.path = split.path();
            this.split = Long.parseLong(split.splitId());
            this.in = path.getFileSystem().open(path);
            in.seek(split.offset());
            this.recording =
                    RecordingReader.of(
                            in,
                            path.toString(),
                            OnCorruption.SKIP,
                            split.offset(),
                            split.offset() + split.length());
            this.ahead = nextOrEnd();
            for (long i = 0; i < chunksReturned * BATCH && ahead != null; i++) ahead = nextOrEnd();
            // Restored after its last chunk went out: nothing more to send.
            this.done = chunksReturned > 0 && ahead == null;
            this.chunks = chunksReturned;
        }

        @Override
        public RecordIterator<FrameChunk> readBatch() {
            if (done) return null;
            Frame[] frames = new Frame[BATCH];
            int n = 0;
            while (n < BATCH && ahead != null) {
                frames[n++] = ahead;
                ahead = nextOrEnd();
            }
            done = ahead == null;
            SingletonResultIterator<FrameChunk> it = new SingletonResultIterator<>();
            it.set(
                    new FrameChunk(split, done, n == BATCH ? frames : Arrays.copyOf(frames, n)),
                    CheckpointedPosition.NO_OFFSET,
                    ++chunks); // the position after this chunk, where a restore resumes
            return it;
        }

        /**
         * The next frame, or null at the end, when the rest of the split is unreadable (logged).
         */
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
