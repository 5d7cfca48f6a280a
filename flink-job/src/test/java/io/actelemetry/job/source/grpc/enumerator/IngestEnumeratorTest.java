package io.actelemetry.job.source.grpc.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.source.grpc.split.IngestSplit;
import io.actelemetry.job.source.grpc.split.SessionCar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.junit.jupiter.api.Test;

class IngestEnumeratorTest {

    /** Records assignments; readers register by {@link #register}. */
    private static final class Context implements SplitEnumeratorContext<IngestSplit> {
        final int parallelism;
        final Map<Integer, ReaderInfo> readers = new HashMap<>();
        final Map<Integer, List<IngestSplit>> assigned = new HashMap<>();

        Context(int parallelism) {
            this.parallelism = parallelism;
        }

        void register(IngestEnumerator enumerator, int subtask) {
            readers.put(subtask, new ReaderInfo(subtask, "localhost"));
            enumerator.addReader(subtask);
        }

        @Override
        public void assignSplits(SplitsAssignment<IngestSplit> assignment) {
            assignment
                    .assignment()
                    .forEach(
                            (subtask, splits) ->
                                    assigned.computeIfAbsent(subtask, s -> new ArrayList<>())
                                            .addAll(splits));
        }

        @Override
        public int currentParallelism() {
            return parallelism;
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return readers;
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> void callAsync(
                Callable<T> callable, BiConsumer<T, Throwable> handler, long delay, long period) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            runnable.run();
        }
    }

    @Test
    void eachSubtaskGetsItsPortOnce() {
        Context context = new Context(3);
        IngestEnumerator enumerator =
                new IngestEnumerator(context, 50051, IngestEnumeratorState.empty());
        for (int i = 0; i < 3; i++) context.register(enumerator, i);
        context.register(
                enumerator,
                1); // registering again (a restarted reader with its state) adds nothing
        assertThat(context.assigned)
                .isEqualTo(
                        Map.of(
                                0,
                                List.of(IngestSplit.fresh(0, 50051)),
                                1,
                                List.of(IngestSplit.fresh(1, 50052)),
                                2,
                                List.of(IngestSplit.fresh(2, 50053))));
        assertThat(enumerator.snapshotState(1))
                .isEqualTo(new IngestEnumeratorState(Set.of(0, 1, 2), List.of()));
    }

    @Test
    void portZeroIsAnyPortForEverySubtask() {
        Context context = new Context(2);
        IngestEnumerator enumerator =
                new IngestEnumerator(context, 0, IngestEnumeratorState.empty());
        context.register(enumerator, 0);
        context.register(enumerator, 1);
        assertThat(context.assigned.values())
                .flatExtracting(s -> s)
                .extracting(IngestSplit::port)
                .containsOnly(0);
    }

    @Test
    void aFailedReadersSplitGoesBackToItWithItsCommittedSequences() {
        Context context = new Context(2);
        IngestEnumerator enumerator =
                new IngestEnumerator(context, 50051, IngestEnumeratorState.empty());
        context.register(enumerator, 0);
        context.readers.remove(0);
        IngestSplit back =
                new IngestSplit(
                        0, 50051, Map.of(new SessionCar("s", ""), new IngestSplit.Committed(9, 1)));
        enumerator.addSplitsBack(List.of(back), 0);
        // until it registers again the split is in the checkpoint: it must not be lost with the
        // enumerator
        assertThat(enumerator.snapshotState(2).unassigned()).containsExactly(back);
        context.assigned.clear();
        context.register(enumerator, 0);
        assertThat(context.assigned).isEqualTo(Map.of(0, List.of(back)));
        assertThat(enumerator.snapshotState(3).unassigned()).isEmpty();
    }

    @Test
    void afterAScaleDownAnUnassignedSplitFindsAReader() {
        IngestSplit orphan = IngestSplit.fresh(3, 50054);
        Context context = new Context(2);
        IngestEnumerator enumerator =
                new IngestEnumerator(
                        context,
                        50051,
                        new IngestEnumeratorState(Set.of(0, 1, 2, 3), List.of(orphan)));
        context.register(enumerator, 0);
        context.register(enumerator, 1);
        assertThat(context.assigned)
                .isEqualTo(Map.of(1, List.of(orphan))); // 3 % 2; 0 and 1 have theirs in state
    }

    @Test
    void aSplitOnAnyPortComesBackWithThePortItBound() {
        Context context = new Context(1);
        IngestEnumerator enumerator =
                new IngestEnumerator(context, 0, IngestEnumeratorState.empty());
        context.register(enumerator, 0);
        enumerator.handleSourceEvent(0, new PortBound(0, 41234));
        context.readers.remove(0);
        enumerator.addSplitsBack(
                List.of(IngestSplit.fresh(0, 0)), 0); // failed before its first checkpoint
        context.assigned.clear();
        context.register(enumerator, 0);
        assertThat(context.assigned).isEqualTo(Map.of(0, List.of(IngestSplit.fresh(0, 41234))));
    }
}
