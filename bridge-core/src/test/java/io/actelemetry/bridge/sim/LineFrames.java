package io.actelemetry.bridge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.actelemetry.bridge.sim.LineCrossing.Order;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Reads the line crossings off a session's frames, on their own terms (counter, clock and last-lap
 * fields, packetIds), and holds them against the crossings the game says it made.
 */
final class LineFrames {

    /** Frames searched after the line: the fields show within 7 renders (~40 frames). */
    private static final int WINDOW = 200;

    private LineFrames() {}

    /** Checks every crossing in {@code frames}; returns the orders the frames showed. */
    static List<Order> check(List<TelemetryFrame> frames, List<LineCrossing> crossings) {
        List<Order> seen = new ArrayList<>();
        int line = 0;
        for (LineCrossing c : crossings) {
            while (frames.get(line).getPhysics().getPacketId() < c.physicsPacketId()) {
                line++;
            }
            seen.add(check(frames, line, c));
        }
        return seen;
    }

    /** {@code line}: the frame of the physics step the car crossed the line in. */
    private static Order check(List<TelemetryFrame> frames, int line, LineCrossing c) {
        Graphics before = graphics(frames, line - 1);
        assertThat(before.getCompletedLaps()).isEqualTo(c.lap() - 1);
        int counter = first(frames, line, (a, b) -> b.getCompletedLaps() == c.lap());
        int clock = first(frames, line, (a, b) -> b.getCurrentLapMs() < a.getCurrentLapMs());
        int lastLap = first(frames, line, (a, b) -> b.getLastLapMs() != before.getLastLapMs());
        assertThat(graphics(frames, counter).getPacketId())
                .as("lap %d counter", c.lap())
                .isEqualTo(c.counterPacketId());
        assertThat(graphics(frames, clock).getPacketId())
                .as("lap %d clock", c.lap())
                .isEqualTo(c.clockPacketId());
        assertThat(graphics(frames, lastLap).getPacketId())
                .as("lap %d last", c.lap())
                .isEqualTo(c.lastLapPacketId());
        Order order =
                orderOf(renders(frames, clock), renders(frames, counter), renders(frames, lastLap));
        assertThat(order).as("lap %d", c.lap()).isEqualTo(c.order());

        // Until the clock resets on the page the old lap's clock runs on, the sector fields with
        // it.
        for (int i = line; i < clock; i++) {
            Graphics g = graphics(frames, i);
            assertThat(g.getCurrentSectorIndex()).isEqualTo(2);
            assertThat(g.getLastSectorTimeMs()).isEqualTo(before.getLastSectorTimeMs());
            if (i >= counter) {
                assertThat(g.getCurrentLapMs()).isGreaterThanOrEqualTo(c.lapMs());
            }
        }
        assertThat(graphics(frames, clock).getCurrentSectorIndex()).isZero();
        // The best time shows with the last-lap time.
        for (int i = line; i < lastLap; i++) {
            assertThat(graphics(frames, i).getBestLapMs()).isEqualTo(before.getBestLapMs());
        }
        Graphics shown = graphics(frames, lastLap);
        assertThat(shown.getBestLapMs()).isIn(before.getBestLapMs(), shown.getLastLapMs());

        // The lap's time is the driving time between the clock's starts, read off the frames.
        long start = lapStart(frames, clock);
        long previousStart = lapStart(frames, firstOfPage(frames, line - 1000));
        assertThat(start).isEqualTo(c.physicsPacketId());
        assertThat((long) shown.getLastLapMs())
                .isEqualTo(c.lapMs())
                .isCloseTo(3 * (start - previousStart), within(3L));

        // Once shown, nothing goes back.
        for (int i = Math.max(clock, Math.max(counter, lastLap)); i < line + WINDOW; i++) {
            Graphics g = graphics(frames, i);
            assertThat(g.getCompletedLaps()).isEqualTo(c.lap());
            assertThat(g.getLastLapMs()).isEqualTo(c.lapMs());
            assertThat(g.getCurrentLapMs()).isLessThan(1000);
        }
        return order;
    }

    /** The order three fields showed in, from the rendered frame each first showed on. */
    static Order orderOf(int clock, int counter, int lastLap) {
        if (clock == counter && counter == lastLap) {
            return Order.TOGETHER;
        }
        if (counter < clock && clock <= lastLap) {
            assertThat(clock - counter).isBetween(1, 3);
            assertThat(lastLap - clock).isBetween(0, 3);
            return Order.COUNTER_FIRST;
        }
        if (clock < counter && clock <= lastLap) {
            assertThat(counter - clock).isBetween(1, 3);
            assertThat(lastLap - counter).isLessThanOrEqualTo(3);
            return Order.CLOCK_FIRST;
        }
        if (lastLap < clock && lastLap < counter) {
            assertThat(clock - lastLap).isBetween(1, 3);
            assertThat(counter - lastLap).isBetween(1, 3);
            return Order.LAST_LAP_FIRST;
        }
        throw new AssertionError(
                "no known order: clock "
                        + clock
                        + ", counter "
                        + counter
                        + ", last lap "
                        + lastLap);
    }

    /** The rendered frame a frame's graphics page is, counted in pages (+2 per page). */
    private static int renders(List<TelemetryFrame> frames, int i) {
        return graphics(frames, i).getPacketId() / 2;
    }

    /**
     * The physics step the lap clock on this frame's page started at (the frame is its page's
     * first).
     */
    static long lapStart(List<TelemetryFrame> frames, int i) {
        return frames.get(i).getPhysics().getPacketId() - graphics(frames, i).getCurrentLapMs() / 3;
    }

    /** The first frame at or after {@code i} that is the first to carry its graphics page. */
    static int firstOfPage(List<TelemetryFrame> frames, int i) {
        while (graphics(frames, i).getPacketId() == graphics(frames, i - 1).getPacketId()) {
            i++;
        }
        return i;
    }

    private static int first(
            List<TelemetryFrame> frames, int from, BiPredicate<Graphics, Graphics> change) {
        for (int i = from; i < from + WINDOW; i++) {
            if (change.test(graphics(frames, i - 1), graphics(frames, i))) {
                return i;
            }
        }
        throw new AssertionError("no such change within " + WINDOW + " frames of frame " + from);
    }

    static Graphics graphics(List<TelemetryFrame> frames, int i) {
        return frames.get(i).getGraphics();
    }
}
