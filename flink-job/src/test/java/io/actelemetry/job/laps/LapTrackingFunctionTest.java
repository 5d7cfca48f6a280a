package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.proto.v1.FormatVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LapTrackingFunctionTest {
    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private final List<KeyedOneInputStreamOperatorTestHarness<String, Frame, LapRow>> opened =
            new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (var h : opened) h.close();
    }

    @Test
    void twoCarsInterleavedGiveTheRowsOfTheirOwnTrackers() throws Exception {
        Drive a = new Drive("s", "a").at(0.9).laps(2).pitStop(3).laps(1);
        Drive b = new Drive("s", "b").at(0.4);
        b.pace = 1.1;
        b.laps(3).driveTo(0.2).exit();
        var h = harness(null);
        for (Frame f : byEventTime(a.frames, b.frames)) h.processElement(f, f.eventTimeMs);
        h.processWatermark(Long.MAX_VALUE);

        assertSameRows(laps(h, "a"), segments(h, "a"), Rows.track(a.frames));
        assertSameRows(laps(h, "b"), segments(h, "b"), Rows.track(b.frames));
        assertThat(laps(h, "a"))
                .extracting(l -> l.lapClass)
                .containsExactly("out", "flying", "in", "out", "incomplete");
        assertThat(h.numKeyedStateEntries()).isZero(); // end of input clears the keys
    }

    @Test
    void putsFramesBackInOrderWithinTheToleranceAndSkipsLateOnes() throws Exception {
        Drive d = Drive.practice("s").at(0.9).laps(2).drive(1);
        List<Frame> frames = new ArrayList<>(d.frames);
        // swap neighbouring blocks of 0.3 s: disorder well inside the 2 s tolerance
        for (int i = 0; i + 200 <= frames.size(); i += 200) {
            List<Frame> first = new ArrayList<>(frames.subList(i, i + 100));
            List<Frame> second = new ArrayList<>(frames.subList(i + 100, i + 200));
            for (int k = 0; k < 100; k++) {
                frames.set(i + k, second.get(k));
                frames.set(i + 100 + k, first.get(k));
            }
        }
        frames.add(
                frames.size() - 10,
                lateCopy(d.frames.get(d.frames.size() - 2_000))); // 6 s old when it arrives
        var h = harness(null);
        for (Frame f : frames) h.processElement(f, f.eventTimeMs);
        h.processWatermark(Long.MAX_VALUE);

        assertSameRows(laps(h, ""), segments(h, ""), Rows.track(d.frames));
        assertThat(((Counter) metrics.get(LapTrackingFunction.LATE_FRAMES)).getCount())
                .isEqualTo(1);
    }

    @Test
    void aWallClockSteppingBackMakesNoFrameLate() throws Exception {
        Drive d = Drive.practice("s").at(0.9).laps(2).drive(1);
        for (Frame f : d.frames.subList(d.frames.size() / 2, d.frames.size())) {
            f.captureUnixNs -= 3_000_000_000L; // the host's clock was set back 3 s mid-session
            f.eventTimeMs -= 3_000;
        }
        var h = harness(null);
        for (Frame f : d.frames) h.processElement(f, f.eventTimeMs);
        h.processWatermark(Long.MAX_VALUE);

        assertSameRows(laps(h, ""), segments(h, ""), Rows.track(d.frames));
        assertThat(((Counter) metrics.get(LapTrackingFunction.LATE_FRAMES)).getCount()).isZero();
    }

    @Test
    void withoutToleranceFramesWaitOnlyForTheLineWindowAndEveryLateOneIsSkipped() throws Exception {
        Drive d =
                Drive.practice("s")
                        .at(0.9)
                        .laps(2)
                        .drive(1); // the last line 1.5 s before the last frame
        List<Frame> frames = new ArrayList<>(d.frames);
        frames.add(5_000, lateCopy(frames.get(4_500))); // 1.5 s old: past the line window
        var h = harness(null, LapOptions.defaults().withDisorderToleranceMs(0));
        for (Frame f : frames) h.processElement(f, f.eventTimeMs);
        assertThat(h.extractOutputValues())
                .extracting(l -> l.lapClass)
                .containsExactly("out", "flying");
        h.processWatermark(Long.MAX_VALUE);

        assertSameRows(laps(h, ""), segments(h, ""), Rows.track(d.frames));
        assertThat(((Counter) metrics.get(LapTrackingFunction.LATE_FRAMES)).getCount())
                .isEqualTo(1);
    }

    @Test
    void anIdleKeyIsFlushedWhenTheWatermarkPassesIt() throws Exception {
        Drive d = Drive.practice("s").at(0.9).laps(2);
        var h = harness(null);
        for (Frame f : d.frames) h.processElement(f, f.eventTimeMs);
        // the second line crossing, 0.5 s before the last frame, is still inside the 2 s buffer
        assertThat(h.extractOutputValues()).extracting(l -> l.lapClass).containsExactly("out");

        long last = d.frames.get(d.frames.size() - 1).eventTimeMs;
        h.processWatermark(last - 1_000);
        assertThat(h.extractOutputValues()).hasSize(1); // the watermark is still before the line
        h.processWatermark(last + 3_001); // no frame of this key for longer than the tolerance
        assertThat(h.extractOutputValues())
                .extracting(l -> l.lapClass)
                .containsExactly("out", "flying");
        assertThat(h.numEventTimeTimers())
                .isEqualTo(2); // only the end-of-input and the session-timeout timers are left

        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues())
                .extracting(l -> l.lapClass)
                .containsExactly("out", "flying", "incomplete");
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void aKeySilentForTheSessionTimeoutEndsAndItsStateIsDropped() throws Exception {
        Drive d = Drive.practice("s").at(0.9).laps(2);
        var h = harness(null, LapOptions.defaults().withSessionTimeoutMs(600_000));
        for (Frame f : d.frames) h.processElement(f, f.eventTimeMs);
        long last = d.frames.get(d.frames.size() - 1).eventTimeMs;

        h.processWatermark(
                last + 599_000); // silent for less than the timeout: the lap is still open
        assertThat(h.extractOutputValues())
                .extracting(l -> l.lapClass)
                .containsExactly("out", "flying");
        h.processWatermark(last + 661_000); // the timeout, rounded up to the minute, has passed
        assertThat(h.extractOutputValues())
                .extracting(l -> l.lapClass)
                .containsExactly("out", "flying", "incomplete");
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers())
                .isEqualTo(1); // the end-of-input timer, harmless once the state is gone

        h.processWatermark(Long.MAX_VALUE); // nothing is emitted twice
        assertThat(h.extractOutputValues()).hasSize(3);
    }

    @Test
    void restoringMidLapGivesTheSameRowsAsAnUninterruptedRun() throws Exception {
        Drive d =
                Drive.practice("s")
                        .at(0.9)
                        .laps(2)
                        .driveTo(0.3)
                        .offTrack(0.4f, 0.45f, 3)
                        .pause(2)
                        .laps(2);
        restoreAt(d, d.frames.size() - 16_000); // in the middle of a lap, with frames in the buffer
    }

    @Test
    void restoringWhileALapWaitsForItsTimeGivesTheSameRows() throws Exception {
        Drive d = Drive.practice("s").at(0.9).laps(3);
        int line = 0;
        while (d.frames.get(line).completedLaps < 2) line++;
        // 2 s of frames later the tracker has just seen the second line: that lap waits for its
        // official time
        // (shown 7 frames after the line) and for its last mini-sector (the spline's zero lies past
        // the line)
        List<LapRow> before = restoreAt(d, line + 670);
        assertThat(before).extracting(l -> l.lapClass).containsExactly("out");
    }

    /**
     * Runs the frames up to {@code cut}, snapshots, restores into a new harness, runs the rest;
     * returns the rows before.
     */
    private List<LapRow> restoreAt(Drive d, int cut) throws Exception {
        var first = harness(null);
        for (Frame f : d.frames.subList(0, cut)) first.processElement(f, f.eventTimeMs);
        first.processWatermark(d.frames.get(cut - 1).eventTimeMs - 5_000);
        OperatorSubtaskState snapshot = first.snapshot(1L, 1L);
        List<LapRow> before = first.extractOutputValues();
        List<SegmentRow> segmentsBefore = values(first.getSideOutput(LapTrackingFunction.SEGMENTS));

        var second = harness(snapshot);
        for (Frame f : d.frames.subList(cut, d.frames.size()))
            second.processElement(f, f.eventTimeMs);
        second.processWatermark(Long.MAX_VALUE);
        List<LapRow> laps = new ArrayList<>(before);
        laps.addAll(second.extractOutputValues());
        List<SegmentRow> segments = new ArrayList<>(segmentsBefore);
        segments.addAll(values(second.getSideOutput(LapTrackingFunction.SEGMENTS)));

        Rows uninterrupted = Rows.track(d.frames);
        assertThat(before).isNotEmpty().hasSizeLessThan(uninterrupted.laps.size());
        assertSameRows(laps, segments, uninterrupted);
        return before;
    }

    @Test
    void aKeyOfTheOriginalBridgeGivesNoLapsAndSaysWhy() throws Exception {
        List<Frame> frames =
                OriginalBridge.frames(Scenario.laps(1, 5), "legacy").stream()
                        .map(FrameConverter::convert)
                        .toList();
        var h = harness(null);
        for (Frame f : frames) h.processElement(f, f.eventTimeMs);
        h.processWatermark(Long.MAX_VALUE);

        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(values(h.getSideOutput(LapTrackingFunction.SEGMENTS))).isEmpty();
        assertThat(values(h.getSideOutput(LapTrackingFunction.LAP_FIELDS)))
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.sessionId).isEqualTo("legacy");
                            assertThat(v.trusted).isFalse();
                            assertThat(v.formatVersion)
                                    .isEqualTo(FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE);
                            assertThat(v.reason)
                                    .isEqualTo(
                                            "the lap fields stand still while the car drives (10"
                                                    + " s)");
                        });
    }

    /**
     * A real log (alvaro-cs02/AC-Telemetry, Monza at 10 Hz, original contract) arriving live,
     * watermarks every second: the verdict and every row come out as in a replay, none lost while
     * the evidence was gathered.
     */
    @Test
    void liveJudgesTheLapFieldsAsAReplayDoesAndLosesNoRowMeanwhile() throws Exception {
        List<Frame> frames =
                RealLog.read("alvaro-monza-sf15t-10hz", "real", "ks_ferrari_sf15t", "monza")
                        .frames();
        var h = harness(null);
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            h.processElement(f, f.eventTimeMs);
            if (i % 10 == 9) h.processWatermark(f.eventTimeMs - 1);
        }
        h.processWatermark(Long.MAX_VALUE);

        Rows replay = Rows.track(frames);
        assertSameRows(
                h.extractOutputValues(),
                values(h.getSideOutput(LapTrackingFunction.SEGMENTS)),
                replay);
        assertThat(values(h.getSideOutput(LapTrackingFunction.LAP_FIELDS)))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(replay.verdicts);
        assertThat(replay.officialTimes()).containsSubsequence(110_633, 91_083, 96_974);
    }

    @Test
    void repeatsAreDroppedPerSessionAndCarAndCounted() throws Exception {
        var h = harness(null);
        for (long s : new long[] {1, 2, 3, 2, 3, 4}) h.processElement(frame("a", "", s), s);
        h.processElement(frame("a", "rig2", 2), 5); // another car: its own sequence
        h.processElement(frame("b", "", 3), 6); // another session
        h.processElement(frame("b", "", 3), 7);

        assertThat(unique(h)).containsExactly("a/#1", "a/#2", "a/#3", "a/#4", "a/rig2#2", "b/#3");
        assertThat(((Counter) metrics.get(LapTrackingFunction.DUPLICATES)).getCount()).isEqualTo(3);
        assertThat(values(h.getSideOutput(LapTrackingFunction.FRAMES)))
                .allSatisfy(f -> assertThat(f.raw).isNotEmpty());
    }

    @Test
    void framesWithoutSequencePassThrough() throws Exception {
        var h = harness(null);
        Frame old = FrameConverter.convert(Frames.original("old", 1_000_000));
        h.processElement(old, 1);
        h.processElement(FrameConverter.convert(Frames.original("old", 1_000_000)), 1);
        assertThat(unique(h)).hasSize(2);
    }

    @Test
    void whatWasSeenSurvivesARestore() throws Exception {
        var first = harness(null);
        for (long s = 1; s <= 5; s++) first.processElement(frame("a", "", s), s);
        OperatorSubtaskState snapshot = first.snapshot(1, 10);

        var second = harness(snapshot);
        for (long s = 3; s <= 7; s++)
            second.processElement(frame("a", "", s), s); // the bridge re-sends 3..5
        assertThat(unique(second)).containsExactly("a/#6", "a/#7");
    }

    @Test
    void aKeySilentForTheSessionTimeoutForgetsWhatItSaw() throws Exception {
        var h = harness(null, LapOptions.defaults().withSessionTimeoutMs(600_000));
        Frame a1 = frame("a", "", 1);
        h.processElement(a1, a1.eventTimeMs);
        h.processWatermark(a1.eventTimeMs + 661_000);
        assertThat(h.numKeyedStateEntries()).isZero();

        Frame again = frame("a", "", 1); // after so long, the same sequence is a new frame
        again.eventTimeMs = a1.eventTimeMs + 700_000;
        h.processElement(again, again.eventTimeMs);
        assertThat(unique(h)).containsExactly("a/#1", "a/#1");
    }

    /** {@code f} again without its sequence, so that it is late rather than a duplicate. */
    private static Frame lateCopy(Frame f) {
        Frame late = f.withoutRaw();
        late.sequence = 0;
        return late;
    }

    private static Frame frame(String session, String car, long seq) {
        return FrameConverter.convert(Frames.current(session, car, seq));
    }

    /** The frames that went on to the frames table, as session/car#sequence. */
    private static List<String> unique(
            KeyedOneInputStreamOperatorTestHarness<String, Frame, LapRow> h) {
        return values(h.getSideOutput(LapTrackingFunction.FRAMES)).stream()
                .map(f -> f.sessionId + "/" + f.carId + "#" + f.sequence)
                .toList();
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Frame, LapRow> harness(
            OperatorSubtaskState restore) throws Exception {
        return harness(restore, LapOptions.defaults());
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Frame, LapRow> harness(
            OperatorSubtaskState restore, LapOptions options) throws Exception {
        InterceptingTaskMetricGroup task =
                new InterceptingTaskMetricGroup() {
                    @Override
                    public InternalOperatorMetricGroup getOrAddOperator(
                            OperatorID id, String name, Map<String, String> extra) {
                        return metrics;
                    }
                };
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new LapTrackingFunction(options)),
                        LapTrackingFunction.KEY,
                        Types.STRING,
                        new MockEnvironmentBuilder().setMetricGroup(task).build());
        opened.add(h);
        if (restore != null) h.initializeState(restore);
        h.open();
        return h;
    }

    private static List<Frame> byEventTime(List<Frame> a, List<Frame> b) {
        List<Frame> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(Comparator.comparingLong(f -> f.eventTimeMs));
        return all;
    }

    private static List<LapRow> laps(
            KeyedOneInputStreamOperatorTestHarness<String, Frame, LapRow> h, String car) {
        return h.extractOutputValues().stream()
                .filter(l -> l.carId.equals(car))
                .collect(Collectors.toList());
    }

    private static List<SegmentRow> segments(
            KeyedOneInputStreamOperatorTestHarness<String, Frame, LapRow> h, String car) {
        return values(h.getSideOutput(LapTrackingFunction.SEGMENTS)).stream()
                .filter(s -> s.carId.equals(car))
                .collect(Collectors.toList());
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null
                ? List.of()
                : records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private static void assertSameRows(
            List<LapRow> laps, List<SegmentRow> segments, Rows expected) {
        assertThat(laps)
                .isNotEmpty()
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(expected.laps);
        assertThat(segments)
                .isNotEmpty()
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(expected.segments);
    }
}
