package io.actelemetry.job;

import io.actelemetry.job.corners.CornerRow;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.laps.LapFieldsVerdict;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.laps.LapRow;
import io.actelemetry.job.laps.LapTrackingFunction;
import io.actelemetry.job.laps.SegmentRow;
import io.actelemetry.job.sink.FrameRows;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.PojoRows;
import io.actelemetry.job.sink.TraceRows;
import io.actelemetry.job.traces.LapComparisonFunction;
import io.actelemetry.job.traces.TraceRow;
import java.nio.file.Path;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job: frames from a source, duplicates dropped per (session, car), every frame to the frames
 * sink, and the lap analytics' laps and segments to theirs, and for each (session, car) whether its
 * lap fields were trusted. Source and sinks are passed in, so the same assembly runs replays, live
 * input and tests. Operators carry stable uids for savepoints. Sessions without usable lap data
 * (the original bridge's) show as frames without laps, and their row in the lap-fields table says
 * why.
 *
 * <pre>
 * source -> keyBy(session, car) -> drop duplicates -+-> frames
 *                                                   +-> without raw bytes -> lap tracking -+-> laps
 *                                                                                          +-> segments
 *                                                                                          +-> lap fields
 *                                                 traces -> keyBy(track layout) -> compare -+-> traces
 *                                                                                          +-> corners
 * </pre>
 */
public final class TelemetryJob {

    /** Where the four tables go. */
    public record Sinks(
            Sink<Frame> frames,
            Sink<LapRow> laps,
            Sink<SegmentRow> segments,
            Sink<LapFieldsVerdict> lapFields,
            Sink<TraceRow> traces,
            Sink<CornerRow> corners) {

        /** The Parquet tables under the local folder {@code out}. */
        public static Sinks parquet(Path out) {
            return parquet(new org.apache.flink.core.fs.Path(out.toAbsolutePath().toUri()));
        }

        /**
         * The Parquet tables under {@code out}, on any Flink filesystem (see {@link
         * ParquetTables}).
         */
        public static Sinks parquet(org.apache.flink.core.fs.Path out) {
            return new Sinks(
                    ParquetTables.sink(out, ParquetTables.FRAMES, new FrameRows()),
                    ParquetTables.sink(
                            out, ParquetTables.LAPS, new PojoRows<>(LapRow.class, "sessionId")),
                    ParquetTables.sink(
                            out,
                            ParquetTables.SEGMENTS,
                            new PojoRows<>(SegmentRow.class, "sessionId")),
                    ParquetTables.sink(
                            out,
                            ParquetTables.LAP_FIELDS,
                            new PojoRows<>(LapFieldsVerdict.class, "sessionId")),
                    ParquetTables.sink(out, ParquetTables.TRACES, new TraceRows()),
                    ParquetTables.sink(
                            out,
                            ParquetTables.CORNERS,
                            new PojoRows<>(CornerRow.class, "sessionId")));
        }
    }

    private TelemetryJob() {}

    /**
     * Adds the job to {@code env}, reading from {@code source} (the gRPC ingest) at {@code
     * sourceParallelism}; the rest runs at the environment's parallelism.
     */
    public static void build(
            StreamExecutionEnvironment env,
            Source<Frame, ?, ?> source,
            WatermarkStrategy<Frame> watermarks,
            int sourceParallelism,
            Sinks sinks,
            LapOptions options) {
        build(
                env.fromSource(source, watermarks, "frames")
                        .uid("frame-source")
                        .name("frames in")
                        .setParallelism(sourceParallelism),
                sinks,
                options);
    }

    /**
     * Adds the job to the environment of {@code frames}: recordings' frames from {@link
     * io.actelemetry.job.source.recording.RecordingSource#frames}, or any other stream of them.
     */
    public static void build(DataStream<Frame> frames, Sinks sinks, LapOptions options) {
        // Every operator here leaves the records it is given as they are, so chained operators may
        // share them instead of Flink copying each frame for each.
        frames.getExecutionEnvironment().getConfig().enableObjectReuse();
        SingleOutputStreamOperator<LapRow> laps =
                frames.keyBy(LapTrackingFunction.KEY)
                        .process(new LapTrackingFunction(options))
                        .uid("lap-tracking")
                        .name("drop duplicates, track laps");
        laps.getSideOutput(LapTrackingFunction.FRAMES)
                .sinkTo(sinks.frames())
                .uid("frames-table")
                .name("frames table");
        laps.sinkTo(sinks.laps()).uid("laps-table").name("laps table");
        laps.getSideOutput(LapTrackingFunction.SEGMENTS)
                .sinkTo(sinks.segments())
                .uid("segments-table")
                .name("segments table");
        laps.getSideOutput(LapTrackingFunction.LAP_FIELDS)
                .sinkTo(sinks.lapFields())
                .uid("lap-fields-table")
                .name("lap fields table");
        boolean replay =
                frames.getExecutionEnvironment()
                                .getConfiguration()
                                .get(ExecutionOptions.RUNTIME_MODE)
                        == RuntimeExecutionMode.BATCH;
        SingleOutputStreamOperator<TraceRow> traces =
                laps.getSideOutput(LapTrackingFunction.TRACES)
                        .keyBy(LapComparisonFunction.LAYOUT)
                        .process(
                                new LapComparisonFunction(
                                        options.reference, replay, options.sessionTimeoutMs))
                        .uid("lap-comparison")
                        .name("compare laps, find corners");
        traces.sinkTo(sinks.traces()).uid("traces-table").name("traces table");
        traces.getSideOutput(LapComparisonFunction.CORNERS)
                .sinkTo(sinks.corners())
                .uid("corners-table")
                .name("corners table");
    }
}
