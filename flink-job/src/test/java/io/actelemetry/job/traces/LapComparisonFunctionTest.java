package io.actelemetry.job.traces;

import static io.actelemetry.job.traces.LayoutComparerTest.flying;
import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.corners.CornerRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LapComparisonFunctionTest {
    static final long TIMEOUT_MS = 3_600_000L;

    static KeyedOneInputStreamOperatorTestHarness<String, LapTrace, TraceRow> harness(
            boolean wholeSessions, OperatorSubtaskState restored) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new LapComparisonFunction(
                                        Reference.sessionBest(), wholeSessions, TIMEOUT_MS)),
                        LapComparisonFunction.LAYOUT,
                        Types.STRING);
        if (restored != null) h.initializeState(restored);
        h.open();
        return h;
    }

    /** The delta at the line of each lap, in the order the rows came. */
    static List<Integer> finishes(List<TraceRow> rows) {
        List<Integer> deltas = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i + 1 == rows.size() || rows.get(i + 1).lapIndex != rows.get(i).lapIndex)
                deltas.add(rows.get(i).deltaMs);
        }
        return deltas;
    }

    @Test
    void aReplayComparesEveryLapWithTheSessionsBestAtTheEndOfInput() throws Exception {
        try (var h = harness(true, null)) {
            for (LapTrace t :
                    List.of(flying("a", 1, 40_500), flying("a", 2, 40_100), flying("a", 3, 40_300)))
                h.processElement(t, t.endTimeMs);
            assertThat(h.extractOutputValues()).isEmpty(); // the best is not known yet
            h.processWatermark(Long.MAX_VALUE);
            assertThat(finishes(h.extractOutputValues())).containsExactly(400, 0, 200);
            List<CornerRow> corners =
                    h.getSideOutput(LapComparisonFunction.CORNERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(corners).isNotEmpty();
            for (int lap = 1; lap <= 3; lap++) {
                final int l = lap;
                assertThat(
                                corners.stream()
                                        .filter(c -> c.lapIndex == l)
                                        .mapToInt(c -> c.timeLostMs)
                                        .sum())
                        .isEqualTo(List.of(400, 0, 200).get(lap - 1));
            }
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void liveTheBestSoFarSurvivesACheckpointAndTheSessionIsForgottenAfterTheTimeout()
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(false, null)) {
            LapTrace first = flying("a", 1, 40_500);
            h.processElement(first, first.endTimeMs);
            assertThat(finishes(h.extractOutputValues())).containsExactly(0); // itself
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(false, snapshot)) {
            LapTrace second = flying("a", 2, 40_800);
            h.processElement(second, second.endTimeMs);
            assertThat(finishes(h.extractOutputValues())).containsExactly(300);
            h.processWatermark(second.endTimeMs + TIMEOUT_MS + 120_000);
            LapTrace third = flying("a", 3, 41_000);
            third.endTimeMs = second.endTimeMs + TIMEOUT_MS + 180_000;
            h.processElement(third, third.endTimeMs);
            // the session was silent past the timeout: its best was dropped, the lap is its own
            List<Integer> all = finishes(h.extractOutputValues());
            assertThat(all.get(all.size() - 1)).isZero();
        }
    }
}
