package io.actelemetry.job.frame;

import static io.actelemetry.job.frame.FrameSerializerTest.distinctValuesInEveryField;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Frames in keyed state (as the lap function's ordering buffer holds them) through Flink's own
 * snapshot and restore: a savepoint taken by a build with an older Frame restores in this one, and
 * the state is this build's after.
 */
class FramesInKeyedStateTest {
    private final List<KeyedOneInputStreamOperatorTestHarness<String, Frame, Frame>> opened =
            new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (var h : opened) h.close();
    }

    @Test
    void aSavepointOfAnOlderLayoutRestoresWithTheNewFieldsDefaulted() throws Exception {
        Frame a = key(distinctValuesInEveryField(0), "a");
        Frame b = key(distinctValuesInEveryField(1), "b");
        var older = harness(OlderBuild.serializer(), null);
        older.processElement(a, 1);
        older.processElement(b, 1);
        OperatorSubtaskState savepoint = older.snapshot(1, 1);

        var restored = harness(new FrameSerializer(), savepoint);
        restored.processElement(key(new Frame(), "a"), 2);
        restored.processElement(key(new Frame(), "b"), 2);
        assertThat(restored.extractOutputValues())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(OlderBuild.kept(a), OlderBuild.kept(b));

        // migrated: the next savepoint is in this build's layout, and restores as it is
        var again = harness(new FrameSerializer(), restored.snapshot(2, 2));
        again.processElement(key(new Frame(), "b"), 3);
        assertThat(again.extractOutputValues())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(OlderBuild.kept(b));
    }

    private static Frame key(Frame f, String sessionId) {
        f.sessionId = sessionId;
        return f;
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Frame, Frame> harness(
            TypeSerializer<Frame> serializer, OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Keeper(serializer)),
                        f -> f.sessionId,
                        Types.STRING);
        opened.add(h);
        if (restore != null) h.initializeState(restore);
        h.open();
        return h;
    }

    /** Keeps the first frame of each key, and gives it back for every frame after. */
    private static final class Keeper extends KeyedProcessFunction<String, Frame, Frame> {
        private final TypeSerializer<Frame> serializer;
        private transient ValueState<Frame> kept;

        Keeper(TypeSerializer<Frame> serializer) {
            this.serializer = serializer;
        }

        @Override
        public void open(OpenContext openContext) {
            kept = getRuntimeContext().getState(new ValueStateDescriptor<>("kept", serializer));
        }

        @Override
        public void processElement(Frame frame, Context ctx, Collector<Frame> out)
                throws Exception {
            if (kept.value() == null) kept.update(frame);
            else out.collect(kept.value());
        }
    }
}
