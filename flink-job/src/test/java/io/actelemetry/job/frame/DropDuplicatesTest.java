package io.actelemetry.job.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.Frames;
import io.actelemetry.job.laps.LapTrackingFunction;

import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DropDuplicatesTest {

    private static final long FORGET_AFTER_MS = 3_600_000;

    private static KeyedOneInputStreamOperatorTestHarness<String, Frame, Frame> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DropDuplicates(FORGET_AFTER_MS)),
                LapTrackingFunction.KEY, Types.STRING);
    }

    private static Frame frame(String session, String car, long seq) {
        return FrameConverter.convert(Frames.current(session, car, seq));
    }

    private static List<String> out(KeyedOneInputStreamOperatorTestHarness<String, Frame, Frame> h) {
        return h.extractOutputValues().stream().map(f -> f.sessionId + "/" + f.carId + "#" + f.sequence).toList();
    }

    @Test
    void dropsRepeatsPerSessionAndCar() throws Exception {
        try (var h = harness()) {
            h.open();
            for (long s : new long[] {1, 2, 3, 2, 3, 4}) h.processElement(frame("a", "", s), s);
            h.processElement(frame("a", "rig2", 2), 5);   // another car: its own sequence
            h.processElement(frame("b", "", 3), 6);       // another session
            h.processElement(frame("b", "", 3), 7);
            assertThat(out(h)).containsExactly("a/#1", "a/#2", "a/#3", "a/#4", "a/rig2#2", "b/#3");
        }
    }

    @Test
    void framesWithoutSequencePassThrough() throws Exception {
        try (var h = harness()) {
            h.open();
            Frame old = FrameConverter.convert(Frames.original("old", 1_000_000));
            h.processElement(old, 1);
            h.processElement(old, 1);
            assertThat(h.extractOutputValues()).hasSize(2);
        }
    }

    @Test
    void whatWasSeenSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (long s = 1; s <= 5; s++) h.processElement(frame("a", "", s), s);
            snapshot = h.snapshot(1, 10);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (long s = 3; s <= 7; s++) h.processElement(frame("a", "", s), s); // the bridge re-sends 3..5
            assertThat(out(h)).containsExactly("a/#6", "a/#7");
        }
    }

    @Test
    void aKeySilentLongerThanTheTimeoutIsForgotten() throws Exception {
        try (var h = harness()) {
            h.open();
            Frame a1 = frame("a", "", 1);
            Frame b1 = frame("b", "", 1);
            h.processElement(a1, a1.eventTimeMs);
            h.processElement(b1, b1.eventTimeMs);
            Frame b2 = frame("b", "", 2);
            b2.eventTimeMs = b1.eventTimeMs + FORGET_AFTER_MS; // b keeps going, a falls silent
            h.processElement(b2, b2.eventTimeMs);
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);

            h.processWatermark(a1.eventTimeMs + FORGET_AFTER_MS - 1); // not yet
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            h.processWatermark(a1.eventTimeMs + FORGET_AFTER_MS + 60_000); // a's timeout, rounded to the minute
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            assertThat(h.numEventTimeTimers()).isEqualTo(1); // b's, moved on by its second frame
        }
    }
}
