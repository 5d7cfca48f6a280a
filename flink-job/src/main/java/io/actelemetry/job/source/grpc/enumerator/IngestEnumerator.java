package io.actelemetry.job.source.grpc.enumerator;

import io.actelemetry.job.source.grpc.split.IngestSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Gives reader subtask {@code i} split {@code i} (port {@code basePort + i}, or any free port for
 * base 0), once; for base 0 the readers report the port they bound ({@link PortBound}), which
 * returned splits keep. Splits come back from a failed reader and go to the same subtask when it
 * registers again. After a rescale a reader may hold several splits (it then listens on each port);
 * new subtasks get new splits.
 */
public final class IngestEnumerator implements SplitEnumerator<IngestSplit, IngestEnumeratorState> {

    private final SplitEnumeratorContext<IngestSplit> context;
    private final int basePort;
    private final Set<Integer> created;
    private final List<IngestSplit> unassigned;
    private final Map<Integer, Integer> boundPorts = new HashMap<>();

    public IngestEnumerator(
            SplitEnumeratorContext<IngestSplit> context,
            int basePort,
            IngestEnumeratorState state) {
        this.context = context;
        this.basePort = basePort;
        this.created = new HashSet<>(state.created());
        this.unassigned = new ArrayList<>(state.unassigned());
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed on registration; readers never ask.
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (event instanceof PortBound bound) boundPorts.put(bound.index(), bound.port());
    }

    @Override
    public void addSplitsBack(List<IngestSplit> splits, int subtaskId) {
        for (IngestSplit split : splits) {
            Integer bound = boundPorts.get(split.index());
            unassigned.add(split.port() == 0 && bound != null ? split.withPort(bound) : split);
        }
        if (context.registeredReaders().containsKey(subtaskId)) addReader(subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
        List<IngestSplit> splits = new ArrayList<>();
        // index modulo parallelism: after a scale-down a returned split still finds a reader
        unassigned.removeIf(
                s -> s.index() % context.currentParallelism() == subtaskId && splits.add(s));
        if (created.add(subtaskId)) {
            splits.add(IngestSplit.fresh(subtaskId, basePort == 0 ? 0 : basePort + subtaskId));
        }
        for (IngestSplit split : splits) context.assignSplit(split, subtaskId);
    }

    @Override
    public IngestEnumeratorState snapshotState(long checkpointId) {
        return new IngestEnumeratorState(created, unassigned);
    }

    @Override
    public void close() {}
}
