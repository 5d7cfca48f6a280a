package io.actelemetry.job.bench;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.job.sink.FlatRowWriter;
import io.actelemetry.job.sink.FrameRows;
import io.actelemetry.recording.BlockStarts;
import io.actelemetry.recording.RecordingReader;
import io.actelemetry.recording.RecordingReader.OnCorruption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * The floor of a replay's frames table, for {@link ConverterBenchmark}: the least work that table
 * needs, with the job's own code and no Flink runtime. The recording is cut where blocks start into
 * as many ranges as there are cores, and each range, on a thread of its own, is gunzipped ({@link
 * RecordingReader}), decoded into {@link Frame}s ({@link FrameConverter}, as the job's source does)
 * and written as one ZSTD Parquet file with the frames table's schema and writer ({@link
 * FrameRows}, {@link FlatRowWriter}, which decodes each frame's bytes again into every column, as
 * the job's table does).
 *
 * <p>{@code FramesFloor RECORDING OUTDIR}: prints the frames, the wall time of the work and the
 * bytes written.
 */
public final class FramesFloor {

    public static void main(String[] args) throws Exception {
        Path recording = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        long t0 = System.nanoTime();
        List<Long> cuts = cuts(recording, Runtime.getRuntime().availableProcessors());
        int ranges = cuts.size() - 1;
        ExecutorService threads = Executors.newFixedThreadPool(ranges);
        long frames = 0;
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < ranges; i++) {
                long from = cuts.get(i);
                long to = cuts.get(i + 1);
                Path file = out.resolve("frames-" + i + ".parquet");
                counts.add(threads.submit(() -> write(recording, from, to, file)));
            }
            for (Future<Long> c : counts) frames += c.get();
        } finally {
            threads.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long bytes = 0;
        for (int i = 0; i < ranges; i++)
            bytes += Files.size(out.resolve("frames-" + i + ".parquet"));
        System.out.printf(
                "frames %d in %.3f s on %d threads, %d bytes written%n",
                frames, seconds, ranges, bytes);
    }

    /**
     * 0, the first block start at or after each k/n of the file, and its end: as the job's
     * enumerator cuts splits, so that each range starts exactly where a block does.
     */
    private static List<Long> cuts(Path recording, int n) throws IOException {
        long length = Files.size(recording);
        List<Long> cuts = new ArrayList<>(List.of(0L));
        for (int k = 1; k < n; k++) {
            long start =
                    BlockStarts.first(offset -> openAt(recording, offset), k * length / n, length);
            // a block longer than a range (or none left) gives no new cut
            if (start > cuts.get(cuts.size() - 1)) cuts.add(start);
        }
        cuts.add(length);
        return cuts;
    }

    private static InputStream openAt(Path file, long offset) throws IOException {
        return Channels.newInputStream(FileChannel.open(file).position(offset));
    }

    /** The frames of the blocks starting in {@code [from, to)} into {@code file}; their number. */
    private static long write(Path recording, long from, long to, Path file) throws IOException {
        FrameConverter converter = new FrameConverter();
        RecordingReader.RecordDecoder<Frame> decoder =
                (buf, offset, length) ->
                        converter.convert(Arrays.copyOfRange(buf, offset, offset + length));
        long frames = 0;
        try (RecordingReader in =
                        RecordingReader.of(
                                openAt(recording, from),
                                recording.toString(),
                                OnCorruption.FAIL,
                                from,
                                to);
                FSDataOutputStream stream =
                        LocalFileSystem.getSharedInstance()
                                .create(
                                        new org.apache.flink.core.fs.Path(file.toUri()),
                                        WriteMode.OVERWRITE)) {
            BulkWriter<Frame> rows = FlatRowWriter.factory(new FrameRows()).create(stream);
            for (Frame f; (f = in.next(decoder)) != null; frames++) rows.addElement(f);
            rows.finish();
        }
        return frames;
    }
}
