package io.actelemetry.job.frame;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops frames already seen for a (session, car) key: after a failover the bridge re-sends what the job had
 * not committed. Frames without a sequence (the original bridge) pass through, there is nothing to compare.
 * Counts what it drops in the metric {@value #DUPLICATES}.
 */
public class DropDuplicates extends KeyedProcessFunction<String, Frame, Frame> {
    private static final long serialVersionUID = 1L;
    public static final String DUPLICATES = "duplicateFrames";
    /** Accumulator of the frames that came in, duplicates included: a run's progress. */
    public static final String FRAMES_IN = "frames-in";

    private transient ValueState<SequenceWindow> seen;
    private transient Counter duplicates;
    private final LongCounter framesIn = new LongCounter();

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(
                new ValueStateDescriptor<>("seen-sequences", TypeInformation.of(SequenceWindow.class)));
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES);
        getRuntimeContext().addAccumulator(FRAMES_IN, framesIn);
    }

    @Override
    public void processElement(Frame frame, Context ctx, Collector<Frame> out) throws Exception {
        framesIn.add(1L);
        if (frame.sequence == 0) {
            out.collect(frame);
            return;
        }
        SequenceWindow window = seen.value();
        if (window == null) window = new SequenceWindow();
        if (window.firstTime(frame.sequence)) {
            seen.update(window);
            out.collect(frame);
        } else {
            duplicates.inc();
        }
    }
}
