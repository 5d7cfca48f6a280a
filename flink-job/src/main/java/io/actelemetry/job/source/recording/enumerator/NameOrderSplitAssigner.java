package io.actelemetry.job.source.recording.enumerator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out files in path order, whoever asks. With one source reader this reads a session's
 * rotated files in the order they were written, and makes a replay's input order (so its output)
 * the same on every run.
 */
public final class NameOrderSplitAssigner implements FileSplitAssigner {

    /** For {@code FileSource.Builder#setSplitAssigner}. */
    public static final Provider PROVIDER = NameOrderSplitAssigner::new;

    private static final Comparator<FileSourceSplit> BY_PATH =
            Comparator.comparing((FileSourceSplit s) -> s.path().toString())
                    .thenComparingLong(FileSourceSplit::offset);

    private final TreeSet<FileSourceSplit> splits = new TreeSet<>(BY_PATH);

    public NameOrderSplitAssigner(Collection<FileSourceSplit> initial) {
        splits.addAll(initial);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return Optional.ofNullable(splits.pollFirst());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> newSplits) {
        splits.addAll(newSplits);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(splits);
    }
}
