package io.actelemetry.job.source.recording;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.recording.enumerator.BlockSplittingEnumerator;
import io.actelemetry.job.source.recording.enumerator.NameOrderSplitAssigner;
import io.actelemetry.job.source.recording.order.FrameChunk;
import io.actelemetry.job.source.recording.order.SplitSequencer;
import io.actelemetry.job.source.recording.order.Unchunk;
import io.actelemetry.job.source.recording.reader.RecordingFormat;
import io.actelemetry.recording.RecordingFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Recordings ({@code .pb.gz}) as a {@link FileSource}: bounded over given files and folders for
 * replays, each file cut into splits where its blocks start, or watching a folder for new files.
 * Splits are handed out in name and offset order (see {@link NameOrderSplitAssigner}) and read as
 * {@link FrameChunk}s; {@link #frames} turns them into the stream of {@link Frame}s a single reader
 * gives, in that order, however many readers there are: so a replay is deterministic.
 */
public final class RecordingSource {

    /**
     * Disorder the watermark tolerates by default: the bridge's frames are nearly ordered per
     * session.
     */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

    /** An input silent this long stops holding the watermark back. */
    public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(30);

    /**
     * Compressed bytes a split of a bounded source: a few hundred blocks, so that a long recording
     * spreads over readers and a reader's lead over the slowest stays small.
     */
    public static final long DEFAULT_SPLIT_BYTES = 16L << 20;

    private RecordingSource() {}

    /**
     * Every recording in {@code filesOrFolders}, bounded: on any Flink filesystem ({@code file:},
     * {@code s3://}...), folders searched recursively, listed here so that a missing one is said
     * before the job starts.
     */
    public static FileSource<FrameChunk> bounded(List<Path> filesOrFolders) throws IOException {
        return bounded(filesOrFolders, DEFAULT_SPLIT_BYTES);
    }

    /** The same, with splits of about {@code splitBytes} compressed bytes. */
    public static FileSource<FrameChunk> bounded(List<Path> filesOrFolders, long splitBytes)
            throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : filesOrFolders) files.addAll(list(p));
        if (files.isEmpty())
            throw new IOException(
                    "no " + RecordingFiles.SUFFIX + " recordings in " + filesOrFolders);
        return FileSource.forBulkFileFormat(new RecordingFormat(), files.toArray(Path[]::new))
                .setFileEnumerator(() -> new BlockSplittingEnumerator(splitBytes))
                .setSplitAssigner(NameOrderSplitAssigner.PROVIDER)
                .build();
    }

    /**
     * The frames of {@code source} read by {@code readers} readers, in the order one reader gives
     * them, with event time and watermarks from {@code watermarks}. With several readers a
     * sequencer (parallelism 1) restores that order; it is for bounded sources, whose splits are
     * numbered once.
     */
    public static DataStream<Frame> frames(
            StreamExecutionEnvironment env,
            FileSource<FrameChunk> source,
            WatermarkStrategy<Frame> watermarks,
            int readers) {
        DataStream<FrameChunk> chunks =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "recordings")
                        .uid("frame-source")
                        .name("recordings in")
                        .setParallelism(readers);
        DataStream<Frame> frames =
                readers == 1
                        ? chunks.flatMap(new Unchunk())
                                .uid("frames-of-chunks")
                                .name("frames in")
                                .setParallelism(1)
                        : chunks.process(new SplitSequencer())
                                .uid("split-sequencer")
                                .name("frames in split order")
                                .setParallelism(1);
        return frames.assignTimestampsAndWatermarks(watermarks)
                .uid("frame-watermarks")
                .name("event time")
                .setParallelism(1);
    }

    /**
     * A file is itself; a folder, every recording below it in name order (as {@link
     * RecordingFiles#list} locally).
     */
    private static List<Path> list(Path fileOrFolder) throws IOException {
        FileSystem fs = fileOrFolder.getFileSystem();
        FileStatus status;
        try {
            status = fs.getFileStatus(fileOrFolder);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(fileOrFolder + ": no such recording or folder");
        }
        if (!status.isDir()) return List.of(fileOrFolder);
        List<Path> found = new ArrayList<>();
        collect(fs, fileOrFolder, found);
        found.sort(Comparator.comparing(Path::getPath));
        return found;
    }

    private static void collect(FileSystem fs, Path folder, List<Path> found) throws IOException {
        FileStatus[] children = fs.listStatus(folder);
        if (children == null) return;
        for (FileStatus child : children) {
            if (child.isDir()) {
                collect(fs, child.getPath(), found);
            } else if (child.getPath().getName().endsWith(RecordingFiles.SUFFIX)) {
                found.add(child.getPath());
            }
        }
    }

    /**
     * Recordings appearing under {@code folder}, looked for every {@code interval}; unbounded. A
     * file is taken once it has not changed for {@code quietPeriod}, so one the bridge is still
     * writing is read whole once finished (each file is read once).
     */
    public static FileSource<FrameChunk> watching(
            Path folder, Duration interval, Duration quietPeriod) {
        long quietMs = quietPeriod.toMillis();
        return FileSource.forBulkFileFormat(new RecordingFormat(), folder)
                .setFileEnumerator(
                        () ->
                                new NonSplittingRecursiveEnumerator(
                                        p -> folderOrFinishedRecording(p, quietMs)))
                .setSplitAssigner(NameOrderSplitAssigner.PROVIDER)
                .monitorContinuously(interval)
                .build();
    }

    private static boolean folderOrFinishedRecording(Path p, long quietMs) {
        try {
            FileStatus status = p.getFileSystem().getFileStatus(p);
            return status.isDir()
                    || (p.getName().endsWith(RecordingFiles.SUFFIX)
                            && status.getModificationTime()
                                    <= System.currentTimeMillis() - quietMs);
        } catch (IOException e) {
            return false; // vanished while listing
        }
    }

    /**
     * Event time from {@link Frame#eventTimeMs}, with bounded disorder and idle inputs tolerated.
     */
    public static WatermarkStrategy<Frame> watermarks(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<Frame>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((f, previous) -> f.eventTimeMs)
                .withIdleness(idleness);
    }

    public static WatermarkStrategy<Frame> watermarks() {
        return watermarks(DEFAULT_OUT_OF_ORDERNESS, DEFAULT_IDLENESS);
    }
}
