package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What a tracker emitted, for assertions. */
final class Rows implements LapOutput {
    final List<LapRow> laps = new ArrayList<>();
    final List<SegmentRow> segments = new ArrayList<>();
    final List<NoLapData> notices = new ArrayList<>();

    static Rows track(List<Frame> frames) {
        return track(LapOptions.defaults(), frames);
    }

    static Rows track(LapOptions options, List<Frame> frames) {
        Rows rows = new Rows();
        LapTracker tracker = new LapTracker(options);
        for (Frame f : frames) tracker.accept(f, rows);
        tracker.finish(rows);
        return rows;
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
    public void noLapData(NoLapData notice) {
        notices.add(notice);
    }

    List<String> classes() {
        return laps.stream().map(l -> l.lapClass).collect(Collectors.toList());
    }

    List<SegmentRow> segments(int lapIndex, String kind) {
        return segments.stream().filter(s -> s.lapIndex == lapIndex && s.kind.equals(kind)).collect(Collectors.toList());
    }
}
