package io.actelemetry.job.traces;

import io.actelemetry.job.corners.CornerRow;
import io.actelemetry.job.frame.EventTimers;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per track layout, key the traces with {@link #LAYOUT}: compares each lap with its reference
 * ({@link LayoutComparer}), trace rows to the main output, corner rows to {@link #CORNERS}. In a
 * replay ({@code wholeSessions}) the laps wait for the end of input, so each session's best is
 * known and the rows come out in session and lap order whatever the order the laps arrived in; live
 * each lap is compared as it ends, with the state of the layout bounded by the sessions still going
 * (their best laps), forgotten after the session timeout.
 */
public class LapComparisonFunction extends KeyedProcessFunction<String, LapTrace, TraceRow> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<CornerRow> CORNERS =
            new OutputTag<>("corners", TypeInformation.of(CornerRow.class));

    /** Track and layout. */
    public static final KeySelector<LapTrace, String> LAYOUT = new Layout();

    private final Reference choice;
    private final boolean wholeSessions;
    private final long sessionTimeoutMs;
    private transient ValueState<LayoutState> layout;
    private transient ListState<LapTrace> laps;

    public LapComparisonFunction(Reference choice, boolean wholeSessions, long sessionTimeoutMs) {
        this.choice = choice;
        this.wholeSessions = wholeSessions;
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    @Override
    public void open(OpenContext openContext) {
        layout =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "layout", TypeInformation.of(LayoutState.class)));
        laps =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "laps", TypeInformation.of(LapTrace.class)));
    }

    @Override
    public void processElement(LapTrace lap, Context ctx, Collector<TraceRow> out)
            throws Exception {
        if (wholeSessions) {
            laps.add(lap);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the end of input
            return;
        }
        LayoutState s = layout.value();
        if (s == null) s = new LayoutState();
        LayoutComparer.lapEnded(s, lap, choice, sessionTimeoutMs, output(ctx, out));
        layout.update(s);
        ctx.timerService()
                .registerEventTimeTimer(EventTimers.after(lap.endTimeMs, sessionTimeoutMs, 60_000));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TraceRow> out)
            throws Exception {
        if (wholeSessions) {
            List<LapTrace> all = new ArrayList<>();
            for (LapTrace t : laps.get()) all.add(t);
            laps.clear();
            LayoutComparer.wholeSessions(all, choice, output(ctx, out));
            return;
        }
        LayoutState s = layout.value();
        if (s == null) return;
        LayoutComparer.expire(s, timestamp - sessionTimeoutMs);
        layout.update(s); // the corners stay: they are the layout's
    }

    private static ComparisonOutput output(Context ctx, Collector<TraceRow> out) {
        return new ComparisonOutput() {
            @Override
            public void trace(TraceRow row) {
                out.collect(row);
            }

            @Override
            public void corner(CornerRow row) {
                ctx.output(CORNERS, row);
            }
        };
    }

    private static final class Layout implements KeySelector<LapTrace, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(LapTrace t) {
            return t.track + '\u001f' + t.trackLayout;
        }
    }
}
