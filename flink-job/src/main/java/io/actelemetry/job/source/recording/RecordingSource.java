package io.actelemetry.job.source.recording;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.recording.enumerator.NameOrderSplitAssigner;
import io.actelemetry.job.source.recording.reader.RecordingFormat;
import io.actelemetry.recording.RecordingFiles;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

/**
 * Recordings ({@code .pb.gz}) as a {@link FileSource} of {@link Frame}s: bounded over given files and folders
 * for replays, or watching a folder for new files. Files are handed out in name order (see
 * {@link NameOrderSplitAssigner}); run the source with parallelism 1 for a deterministic replay.
 */
public final class RecordingSource {

    /** Disorder the watermark tolerates by default: the bridge's frames are nearly ordered per session. */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    /** An input silent this long stops holding the watermark back. */
    public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(30);

    private RecordingSource() {}

    /** Every recording in {@code filesOrFolders} (folders searched recursively), bounded. */
    public static FileSource<Frame> bounded(List<java.nio.file.Path> filesOrFolders) throws IOException {
        List<Path> files = new ArrayList<>();
        for (java.nio.file.Path p : filesOrFolders) {
            for (java.nio.file.Path f : RecordingFiles.list(p)) files.add(new Path(f.toUri()));
        }
        if (files.isEmpty()) throw new IOException("no " + RecordingFiles.SUFFIX + " recordings in " + filesOrFolders);
        return FileSource.forBulkFileFormat(new RecordingFormat(), files.toArray(Path[]::new))
                .setSplitAssigner(NameOrderSplitAssigner.PROVIDER)
                .build();
    }

    /**
     * Recordings appearing under {@code folder}, looked for every {@code interval}; unbounded. A file is taken once
     * it has not changed for {@code quietPeriod}, so one the bridge is still writing is read whole once finished
     * (each file is read once).
     */
    public static FileSource<Frame> watching(java.nio.file.Path folder, Duration interval, Duration quietPeriod) {
        long quietMs = quietPeriod.toMillis();
        return FileSource.forBulkFileFormat(new RecordingFormat(), new Path(folder.toUri()))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(p -> folderOrFinishedRecording(p, quietMs)))
                .setSplitAssigner(NameOrderSplitAssigner.PROVIDER)
                .monitorContinuously(interval)
                .build();
    }

    private static boolean folderOrFinishedRecording(Path p, long quietMs) {
        try {
            FileStatus status = p.getFileSystem().getFileStatus(p);
            return status.isDir() || (p.getName().endsWith(RecordingFiles.SUFFIX)
                    && status.getModificationTime() <= System.currentTimeMillis() - quietMs);
        } catch (IOException e) {
            return false; // vanished while listing
        }
    }

    /** Event time from {@link Frame#eventTimeMs}, with bounded disorder and idle inputs tolerated. */
    public static WatermarkStrategy<Frame> watermarks(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<Frame>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((f, previous) -> f.eventTimeMs)
                .withIdleness(idleness);
    }

    public static WatermarkStrategy<Frame> watermarks() {
        return watermarks(DEFAULT_OUT_OF_ORDERNESS, DEFAULT_IDLENESS);
    }
}
