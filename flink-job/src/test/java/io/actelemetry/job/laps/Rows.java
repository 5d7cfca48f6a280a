package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.traces.LapTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What a tracker emitted, for assertions. */
final class Rows implements LapOutput {
    final List<LapRow> laps = new ArrayList<>();
    final List<SegmentRow> segments = new ArrayList<>();
    final List<LapFieldsVerdict> verdicts = new ArrayList<>();
    final List<LapTrace> traces = new ArrayList<>();

    static Rows track(List<Frame> frames) {
        return track(LapOptions.defaults(), frames);
    }

    /**
     * The rows of {@code frames} (copies of them: the tracker replaces bad values in what it is
     * given).
     */
    static Rows track(LapOptions options, List<Frame> frames) {
        Rows rows = new Rows();
        LapTracker tracker = new LapTracker(options);
        feed(tracker, frames, rows);
        tracker.finish(rows);
        return rows;
    }

    /**
     * Feeds copies of {@code frames} in order, each with the ones after it as what the tracker sees
     * ahead.
     */
    static void feed(LapTracker tracker, List<Frame> frames, LapOutput out) {
        List<Frame> copies = frames.stream().map(Frame::withoutRaw).toList();
        for (int i = 0; i < copies.size(); i++)
            tracker.accept(copies.get(i), Ahead.after(copies, i), out);
    }

    @Override
    public void lap(LapRow lap) {
        laps.add(lap);
    }

    @Override
    public void segment(SegmentRow segment) {
        segments.add(segment);
    }

    @Override
    public void trace(LapTrace trace) {
        traces.add(trace);
    }

    @Override
    public void lapFields(LapFieldsVerdict verdict) {
        verdicts.add(verdict);
    }

    List<String> classes() {
        return laps.stream().map(l -> l.lapClass).collect(Collectors.toList());
    }

    List<Integer> officialTimes() {
        return laps.stream().map(l -> l.officialLapTimeMs).collect(Collectors.toList());
    }

    List<SegmentRow> segments(int lapIndex, String kind) {
        return segments.stream()
                .filter(s -> s.lapIndex == lapIndex && s.kind.equals(kind))
                .collect(Collectors.toList());
    }
}
