package io.actelemetry.job.source.recording;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.recording.enumerator.NameOrderSplitAssigner;
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

/**
 * Recordings ({@code .pb.gz}) as a {@link FileSource} of {@link Frame}s: bounded over given files
 * and folders for replays, or watching a folder for new files. Files are handed out in name order
 * (see {@link NameOrderSplitAssigner}); run the source with parallelism 1 for a deterministic
 * replay.
 */
public final class RecordingSource {

    /**
     * Disorder the watermark tolerates by default: the bridge's frames are nearly ordered per
     * session.
     */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

    /** An input silent this long stops holding the watermark back. */
    public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(30);

    private RecordingSource() {}

    /**
     * Every recording in {@code filesOrFolders}, bounded: on any Flink filesystem ({@code file:},
     * {@code s3://}...), folders searched recursively, listed here so that a missing one is said
     * before the job starts.
     */
    public static FileSource<Frame> bounded(List<Path> filesOrFolders) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : filesOrFolders) files.addAll(list(p));
        if (files.isEmpty())
            throw new IOException(
                    "no " + RecordingFiles.SUFFIX + " recordings in " + filesOrFolders);
        return FileSource.forBulkFileFormat(new RecordingFormat(), files.toArray(Path[]::new))
                .setSplitAssigner(NameOrderSplitAssigner.PROVIDER)
                .build();
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
    public static FileSource<Frame> watching(Path folder, Duration interval, Duration quietPeriod) {
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
