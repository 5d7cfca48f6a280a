package io.actelemetry.job.source.recording.enumerator;

import io.actelemetry.recording.BlockStarts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Cuts recordings into splits of about {@code splitBytes} where a block starts ({@link
 * BlockStarts}: a gzip header whose block inflates whole), so that one long recording can be read
 * by several readers. A recording in one gzip member (the original bridge's) has no block to cut at
 * and stays one split. Splits are numbered in file name and offset order, the order {@code
 * SplitSequencer} restores.
 */
public final class BlockSplittingEnumerator implements FileEnumerator {

    private final long splitBytes;

    public BlockSplittingEnumerator(long splitBytes) {
        if (splitBytes <= 0) throw new IllegalArgumentException("splitBytes must be positive");
        this.splitBytes = splitBytes;
    }

    /** The given files (not folders), each cut at block starts. */
    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
            throws IOException {
        Path[] files = paths.clone();
        Arrays.sort(files, Comparator.comparing(Path::getPath));
        List<FileSourceSplit> splits = new ArrayList<>();
        for (Path file : files) {
            FileSystem fs = file.getFileSystem();
            FileStatus status = fs.getFileStatus(file);
            List<Long> cuts = cuts(fs, file, status.getLen());
            for (int i = 0; i + 1 < cuts.size(); i++) {
                splits.add(
                        new FileSourceSplit(
                                Integer.toString(splits.size()),
                                file,
                                cuts.get(i),
                                cuts.get(i + 1) - cuts.get(i),
                                status.getModificationTime(),
                                status.getLen()));
            }
        }
        return splits;
    }

    /**
     * 0, the first block start in each later stretch of {@code splitBytes} that has one, and the
     * end.
     */
    private List<Long> cuts(FileSystem fs, Path file, long length) throws IOException {
        List<Long> cuts = new ArrayList<>(List.of(0L));
        BlockStarts.Opener opener =
                offset -> {
                    FSDataInputStream in = fs.open(file);
                    in.seek(offset);
                    return in;
                };
        for (long target = splitBytes; target + splitBytes / 2 < length; target += splitBytes) {
            long start = BlockStarts.first(opener, target, target + splitBytes);
            if (start > 0) cuts.add(start);
        }
        cuts.add(length);
        return cuts;
    }
}
