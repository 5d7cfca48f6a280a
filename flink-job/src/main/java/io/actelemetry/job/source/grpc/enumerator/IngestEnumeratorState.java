package io.actelemetry.job.source.grpc.enumerator;

import io.actelemetry.job.source.grpc.split.IngestSplit;
import java.util.List;
import java.util.Set;

/**
 * The enumerator's checkpoint: which split indices exist (their state lives in the readers) and the
 * splits handed back by failed readers and not yet re-assigned (their committed sequences must
 * survive too).
 */
public record IngestEnumeratorState(Set<Integer> created, List<IngestSplit> unassigned) {

    public IngestEnumeratorState {
        created = Set.copyOf(created);
        unassigned = List.copyOf(unassigned);
    }

    public static IngestEnumeratorState empty() {
        return new IngestEnumeratorState(Set.of(), List.of());
    }
}
