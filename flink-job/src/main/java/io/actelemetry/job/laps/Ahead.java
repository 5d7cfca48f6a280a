package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;
import java.util.List;

/**
 * The frames of a key that follow the one the tracker is given, oldest first. A line crossing is an
 * event over a short window (the clock reset, the counter step and the new last-lap time arrive in
 * any order), and one bad sample is told from a real change by what comes after it, so the tracker
 * looks a little ahead; the keyed function gives it the frames still in its ordering buffer.
 */
public interface Ahead {
    Ahead NOTHING = after(List.of(), -1);

    int count();

    /** The {@code i}-th frame after the current one, 0 = the next. */
    Frame get(int i);

    /** The frames of {@code frames} after the one at {@code current}. */
    static Ahead after(List<Frame> frames, int current) {
        return new Ahead() {
            @Override
            public int count() {
                return frames.size() - current - 1;
            }

            @Override
            public Frame get(int i) {
                return frames.get(current + 1 + i);
            }
        };
    }
}
