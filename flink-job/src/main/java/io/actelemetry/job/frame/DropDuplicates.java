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
 * Counts what it drops in the metric {@value #DUPLICATES}. A key silent for {@code forgetAfterMs} (event time)
 * is forgotten, so a long-running live job holds state only for the sessions still going.
 */
public class DropDuplicates extends KeyedProcessFunction<String, Frame, Frame> {
    private static final long serialVersionUID = 1L;
    public static final String DUPLICATES = "duplicateFrames";
    /** Accumulator of the frames that came in, duplicates included: a run's progress. */
    public static final String FRAMES_IN = "frames-in";

    private final long forgetAfterMs;
    private transient ValueState<SequenceWindow> seen;
    private transient Counter duplicates;
    private final LongCounter framesIn = new LongCounter();

    public DropDuplicates(long forgetAfterMs) {
        if (forgetAfterMs < 60_000) throw new IllegalArgumentException("forget after at least a minute: " + forgetAfterMs);
        this.forgetAfterMs = forgetAfterMs;
    }

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
            forgetLater(window, frame.eventTimeMs, ctx);
            seen.update(window);
            out.collect(frame);
        } else {
            duplicates.inc();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Frame> out) throws Exception {
        SequenceWindow window = seen.value();
        if (window != null && window.forgetTimerMs == timestamp) seen.clear();
    }

    /** The timer that forgets the key, rounded up to the minute so it moves once a minute at most. */
    private void forgetLater(SequenceWindow window, long eventTimeMs, Context ctx) {
        long due = EventTimers.after(eventTimeMs, forgetAfterMs, 60_000);
        if (due <= window.forgetTimerMs) return;
        if (window.forgetTimerMs != 0) ctx.timerService().deleteEventTimeTimer(window.forgetTimerMs);
        ctx.timerService().registerEventTimeTimer(due);
        window.forgetTimerMs = due;
    }
}
