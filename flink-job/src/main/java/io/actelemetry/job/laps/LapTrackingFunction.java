package io.actelemetry.job.laps;

import io.actelemetry.job.frame.EventTimers;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.SequenceWindow;
import io.actelemetry.job.traces.LapTrace;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per (session, car), key the frames with {@link #KEY}: drops the frames already seen and runs a
 * {@link LapTracker} on the rest. The unique frames go to the side output {@link #FRAMES} (the
 * frames table), the tracker's {@link LapRow}s to the main output, its {@link SegmentRow}s to
 * {@link #SEGMENTS}, each timed lap on its distance grid ({@link LapTrace}) to {@link #TRACES}, and
 * once per key whether its lap fields are trusted ({@link LapFieldsVerdict}) to {@link
 * #LAP_FIELDS}.
 *
 * <p>Duplicates come after a failover, when the bridge re-sends what the job had not committed: a
 * frame whose sequence this key has seen ({@link SequenceWindow}) is dropped and counted in the
 * metric {@value #DUPLICATES}. Frames without a sequence (the original bridge) pass, there is
 * nothing to compare. Both steps are one keyed function because in BATCH mode Flink chains no keyed
 * operator to another: two would cost every frame a serialization and a hand-over between threads.
 *
 * <p>The tracker needs each key's frames in time order, and a look at the frames just after each. A
 * small per-key buffer absorbs disorder up to {@link LapOptions#disorderToleranceMs}: frames are
 * released in order of the host's monotonic clock (the session's own clock: a wall clock stepping
 * back does not make frames late) once older than the key's newest frame minus the tolerance, or
 * the tracker's {@link LapTracker#LINE_WINDOW_NS} if longer, with the frames still buffered as what
 * the tracker sees ahead; an event-time timer releases the rest when the watermark passes them (the
 * key went idle). A frame older than one already released is late: counted in the metric {@value
 * #LATE_FRAMES} and skipped. At the end of input (the final watermark, in STREAMING and BATCH
 * alike) the buffer is drained and the open lap ends as incomplete; so it does when a key has had
 * no frame for {@link LapOptions#sessionTimeoutMs}, and its state is dropped. State is two POJO
 * value states, sized by the tolerance and one lap, and the sequence window; the heap state backend
 * suits it best, as it keeps them without serializing per frame.
 */
public class LapTrackingFunction extends KeyedProcessFunction<String, Frame, LapRow> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Frame> FRAMES =
            new OutputTag<>("frames", TypeInformation.of(Frame.class));
    public static final OutputTag<SegmentRow> SEGMENTS =
            new OutputTag<>("segments", TypeInformation.of(SegmentRow.class));
    public static final OutputTag<LapFieldsVerdict> LAP_FIELDS =
            new OutputTag<>("lap-fields", TypeInformation.of(LapFieldsVerdict.class));
    public static final OutputTag<LapTrace> TRACES =
            new OutputTag<>("traces", TypeInformation.of(LapTrace.class));
    public static final String LATE_FRAMES = "lateFrames";
    public static final String DUPLICATES = "duplicateFrames";

    /** Accumulator of the frames that came in, duplicates included: a run's progress. */
    public static final String FRAMES_IN = "frames-in";

    /**
     * Accumulator of when (wall clock, ms) the first frame came in: a run's start-up ends there.
     */
    public static final String FIRST_FRAME_AT = "first-frame-at-ms";

    /** Session and car, the key the tracker expects. */
    public static final KeySelector<Frame, String> KEY = new SessionAndCar();

    private final LapOptions options;
    private transient ValueState<TrackerState> tracker;
    private transient ValueState<OrderingBuffer> buffer;
    private transient ValueState<SequenceWindow> seen;
    private transient Counter lateFrames;
    private transient Counter duplicates;
    private transient Emitter emitter;
    private final LongCounter framesIn = new LongCounter();
    private final LongMinimum firstFrameAt = new LongMinimum();

    public LapTrackingFunction(LapOptions options) {
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        tracker =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "lap-tracker", TypeInformation.of(TrackerState.class)));
        buffer =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "frame-order", TypeInformation.of(OrderingBuffer.class)));
        seen =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "seen-sequences",
                                        TypeInformation.of(SequenceWindow.class)));
        lateFrames = getRuntimeContext().getMetricGroup().counter(LATE_FRAMES);
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES);
        getRuntimeContext().addAccumulator(FRAMES_IN, framesIn);
        getRuntimeContext().addAccumulator(FIRST_FRAME_AT, firstFrameAt);
        emitter = new Emitter();
    }

    @Override
    public void processElement(Frame frame, Context ctx, Collector<LapRow> out) throws Exception {
        if (framesIn.getLocalValuePrimitive() == 0) firstFrameAt.add(System.currentTimeMillis());
        framesIn.add(1L);
        if (!firstTime(frame)) {
            duplicates.inc();
            return;
        }
        ctx.output(FRAMES, frame);
        frame = frame.withoutRaw(); // the buffer has no use for the serialized frame: a copy,
        // what went out untouched

        OrderingBuffer frames = buffer.value();
        if (frames == null) {
            frames = new OrderingBuffer();
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the end of input
        }
        if (frames.late(frame)) {
            lateFrames.inc();
            return;
        }
        frames.add(frame);
        release(
                frames,
                frames.maxMonoNs
                        - Math.max(
                                options.disorderToleranceMs * 1_000_000L,
                                LapTracker.LINE_WINDOW_NS),
                Long.MIN_VALUE,
                emitter.to(ctx, out));
        armIdleTimer(frames, ctx);
        armExpiryTimer(frames, ctx);
        buffer.update(frames);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LapRow> out)
            throws Exception {
        OrderingBuffer frames = buffer.value();
        if (frames == null) return;
        LapOutput sink = emitter.to(ctx, out);
        release(frames, Long.MIN_VALUE, ctx.timerService().currentWatermark(), sink);
        if (timestamp == Long.MAX_VALUE
                || timestamp - options.sessionTimeoutMs >= frames.maxEventMs) {
            TrackerState state = tracker.value();
            if (state != null) new LapTracker(options, state).finish(sink);
            tracker.clear();
            buffer.clear();
            seen.clear();
            if (timestamp != Long.MAX_VALUE)
                ctx.timerService().deleteEventTimeTimer(frames.idleTimerMs);
            return;
        }
        if (timestamp == frames.idleTimerMs) frames.idleTimerMs = 0;
        armIdleTimer(frames, ctx);
        buffer.update(frames);
    }

    /** Whether {@code frame} is new to its key; remembers it. */
    private boolean firstTime(Frame frame) throws Exception {
        if (frame.sequence == 0) return true;
        SequenceWindow window = seen.value();
        if (window == null) window = new SequenceWindow();
        if (!window.firstTime(frame.sequence)) return false;
        seen.update(window);
        return true;
    }

    private void release(OrderingBuffer frames, long monoLimitNs, long eventLimitMs, LapOutput sink)
            throws Exception {
        Frame oldest = frames.size == 0 ? null : frames.frames[frames.head];
        if (oldest == null
                || (oldest.monotonicNs > monoLimitNs && oldest.eventTimeMs > eventLimitMs)) return;
        TrackerState state = tracker.value();
        LapTracker laps = new LapTracker(options, state == null ? new TrackerState() : state);
        frames.release(monoLimitNs, eventLimitMs, f -> laps.accept(f, frames, sink));
        tracker.update(laps.state());
    }

    /**
     * While frames wait, a timer just after the newest one's tolerance has passed: rounded up to
     * the second so a key registers one timer a second at most, and remembered so a frame does not
     * register it again.
     */
    private void armIdleTimer(OrderingBuffer frames, Context ctx) {
        if (frames.size == 0) return;
        long due = EventTimers.after(frames.maxEventMs, options.disorderToleranceMs, 1000);
        if (due != frames.idleTimerMs) {
            ctx.timerService().registerEventTimeTimer(due);
            frames.idleTimerMs = due;
        }
    }

    /**
     * The key's end once silent for the session timeout, rounded up to the minute: moved once a
     * minute at most.
     */
    private void armExpiryTimer(OrderingBuffer frames, Context ctx) {
        long due = EventTimers.after(frames.maxEventMs, options.sessionTimeoutMs, 60_000);
        if (due == frames.expiryTimerMs) return;
        if (frames.expiryTimerMs != 0)
            ctx.timerService().deleteEventTimeTimer(frames.expiryTimerMs);
        ctx.timerService().registerEventTimeTimer(due);
        frames.expiryTimerMs = due;
    }

    /**
     * Routes the tracker's rows to the main output and the side outputs of the call in progress.
     */
    private static final class Emitter implements LapOutput {
        private Context ctx;
        private Collector<LapRow> out;

        Emitter to(Context ctx, Collector<LapRow> out) {
            this.ctx = ctx;
            this.out = out;
            return this;
        }

        @Override
        public void lap(LapRow lap) {
            out.collect(lap);
        }

        @Override
        public void segment(SegmentRow segment) {
            ctx.output(SEGMENTS, segment);
        }

        @Override
        public void trace(LapTrace trace) {
            ctx.output(TRACES, trace);
        }

        @Override
        public void lapFields(LapFieldsVerdict verdict) {
            ctx.output(LAP_FIELDS, verdict);
        }
    }

    private static final class SessionAndCar implements KeySelector<Frame, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Frame f) {
            return f.sessionId + '\u001f' + (f.carId == null ? "" : f.carId);
        }
    }
}
