package io.actelemetry.bridge.sim;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the frames that carry one of the game's impossible values, by looking at the values only.
 */
final class FrameGlitches {

    /** A glitched frame: its index and what was wrong with it. */
    record Found(int index, Glitch glitch) {}

    private FrameGlitches() {}

    static List<Found> find(List<TelemetryFrame> frames) {
        List<Found> found = new ArrayList<>();
        for (int i = 1; i < frames.size(); i++) {
            Glitch g = glitchOf(frames.get(i - 1), frames.get(i));
            if (g != null) {
                found.add(new Found(i, g));
            }
        }
        return found;
    }

    /** What is impossible about {@code f}, the frame after {@code previous}; null if nothing. */
    static Glitch glitchOf(TelemetryFrame previous, TelemetryFrame f) {
        var g = f.getGraphics();
        if (Float.isNaN(f.getPhysics().getSpeedKmh())) {
            return Glitch.NAN_SPEED;
        }
        if (g.getCompletedLaps() < 0) {
            return Glitch.COUNTER_MINUS_ONE;
        }
        if (g.getCompletedLaps() >= previous.getGraphics().getCompletedLaps() + 5) {
            return Glitch.COUNTER_PLUS_FIVE;
        }
        if (g.getCurrentLapMs() == Glitch.CLOCK_HOURS_MS) {
            return Glitch.CLOCK_HOURS;
        }
        return g.getLastLapMs() == Integer.MAX_VALUE ? Glitch.LAST_LAP_MAX : null;
    }
}
