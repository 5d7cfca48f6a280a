package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.frame.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The keyed function on a real mini-cluster: STREAMING and BATCH give the plain tracker's rows. */
class LapTrackingClusterTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @ParameterizedTest
    @EnumSource(
            value = RuntimeExecutionMode.class,
            names = {"STREAMING", "BATCH"})
    void sameRowsInBothModes(RuntimeExecutionMode mode) throws Exception {
        Drive a = shortTrack(new Drive("s1", "a")).at(0.9).laps(2).pitStop(2).laps(1);
        Drive b =
                shortTrack(new Drive("s2", "")).at(0.3).laps(2).driveTo(0.5).restart(0.95).laps(1);
        List<Frame> frames = new ArrayList<>(a.frames);
        frames.addAll(b.frames);
        frames.sort(Comparator.comparingLong(f -> f.eventTimeMs));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        env.setParallelism(2);
        SingleOutputStreamOperator<LapRow> laps =
                env.fromData(frames, TypeInformation.of(Frame.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Frame>forBoundedOutOfOrderness(
                                                Duration.ofSeconds(1))
                                        .withTimestampAssigner((f, ts) -> f.eventTimeMs))
                        .keyBy(LapTrackingFunction.KEY)
                        .process(new LapTrackingFunction(LapOptions.defaults()));
        CloseableIterator<LapRow> lapRows = laps.collectAsync();
        CloseableIterator<SegmentRow> segmentRows =
                laps.getSideOutput(LapTrackingFunction.SEGMENTS).collectAsync();
        env.execute("laps " + mode);

        List<LapRow> gotLaps = drain(lapRows);
        List<SegmentRow> gotSegments = drain(segmentRows);
        for (Drive d : List.of(a, b)) {
            Rows expected = Rows.track(d.frames);
            assertThat(
                            gotLaps.stream()
                                    .filter(l -> l.sessionId.equals(d.sessionId))
                                    .collect(Collectors.toList()))
                    .usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(expected.laps);
            assertThat(
                            gotSegments.stream()
                                    .filter(s -> s.sessionId.equals(d.sessionId))
                                    .collect(Collectors.toList()))
                    .usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(expected.segments);
        }
        assertThat(gotLaps)
                .extracting(l -> l.lapClass)
                .contains("in", "out", "flying", "incomplete");
    }

    /** A short track keeps the job's input small. */
    private static Drive shortTrack(Drive d) {
        d.trackM = 400f;
        return d;
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> all = new ArrayList<>();
        try (it) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
