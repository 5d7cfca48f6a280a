package io.actelemetry.bridge.sampling;

/**
 * When the sampler polls next. Polling at 1 kHz to catch 333 Hz steps wakes the thread three times
 * per step, and each wake-up costs (most of the sampler's CPU time). So once the schedule knows the
 * game's step, it wakes once per step: at the time the last step was found plus one step, a little
 * early, and only if that poll finds nothing new does it poll again at the poll period until the
 * step comes.
 *
 * <ul>
 *   <li>Absolute: every poll time derives from earlier poll times, never from when the thread
 *       actually woke, so late wake-ups do not add up; polls the thread slept through are skipped,
 *       not queued.
 *   <li>The step is learned, not assumed: after attaching, or after missing steps of a game that
 *       got faster, it polls at the poll period (as the plain 1 kHz sampler did) until it has timed
 *       {@link #WINDOW} steps (a window with a pause in it does not count), and keeps re-timing
 *       them; it locks on only when the step is longer than two poll periods (so a coarse {@code
 *       --rate} keeps the plain schedule).
 *   <li>Tracking: each locked poll comes {@code lead} (1/32 poll period) before one step after the
 *       last: a game slightly faster or later than the last find is still met, with one extra poll
 *       every ~32 steps (the lead is what the schedule drifts back by per step after a find a poll
 *       period late, so a small lead means few polls that come too early; it only has to exceed the
 *       error of the timed step, ~1 ms over 64 steps). One late step moves the next expected step
 *       by at most one poll period, so a single hiccup of the game does not push the schedule past
 *       its next, punctual step.
 * </ul>
 *
 * What it catches, with the default 1 ms poll period and AC's 3 ms step:
 *
 * <ul>
 *   <li>every step written up to 2 ms late on the game's grid, as the plain 1 kHz schedule does
 *       (beyond that two steps can come less than a poll period apart, and either may miss one);
 *   <li>after a pause or a stall of the game (a step overdue by a whole step, then polled once per
 *       step), the first step within a step of being written and the next ones on schedule again;
 *       only if the game's first two steps after it come less than 3 ms apart may the first be lost
 *       (1 kHz polling needs them 1 ms apart);
 *   <li>a game that speeds up by more than 1/8 poll period a step (4 %) while the schedule is
 *       locked on loses a few steps (until 32 steps show it), where 1 kHz polling loses none; then
 *       it is polled at 1 kHz until its new step is timed (a smaller speed-up is followed by the
 *       re-timing every 64 steps). A game faster than expected from the start loses nothing.
 * </ul>
 *
 * With the poll period at or above the step (the {@code --rate} case) it is the plain grid.
 */
final class PollSchedule {

    /**
     * Steps timed per estimate of the step length: ~0.2 s at 333 Hz, so one late find shifts it by
     * 1/64.
     */
    static final int WINDOW = 64;

    private static final long NONE = Long.MIN_VALUE;

    private final long pollNanos;
    private final long leadNanos;

    /**
     * Timed steps shorter than the schedule's by this much mean a faster game (jitter stays below
     * it).
     */
    private final long fasterNanos;

    private long stepNanos;
    private boolean locked;
    private long expected = NONE;
    private long lastStepDue = NONE;
    private int lastPacketId;
    private long windowDue;
    private int windowPacketId;
    private long longestStep;

    PollSchedule(long pollNanos) {
        this.pollNanos = pollNanos;
        this.leadNanos = pollNanos / 32;
        this.fasterNanos = pollNanos / 8;
    }

    /**
     * Forget the game (attached again, maybe to a new one): poll at the poll period and learn its
     * step.
     */
    void restart() {
        locked = false;
        expected = NONE;
        lastStepDue = NONE;
    }

    /** Whether polls come once per step (true) or at the poll period. */
    boolean locked() {
        return locked;
    }

    /** The learned step (valid once locked). */
    long stepNanos() {
        return stepNanos;
    }

    /**
     * The poll due at {@code due} (run at {@code now}) found no new step: the next poll. A step
     * overdue by a whole step means the game stalled or paused (menus, replay): it is then polled
     * once per step, not at the poll period, until it moves again.
     */
    long nothingNew(long due, long now) {
        boolean stalled = locked && expected != NONE && due - expected >= stepNanos;
        return firstAfter(due + (stalled ? stepNanos : pollNanos), now);
    }

    /**
     * The poll due at {@code due} (run at {@code now}) found the physics at {@code packetId}: the
     * next poll.
     */
    long stepped(long due, long now, int packetId) {
        int steps = packetId - lastPacketId;
        if (lastStepDue == NONE || steps < 1) {
            locked = false; // just attached, or a restarted game: nothing known
            startWindow(due, packetId);
        } else {
            longestStep = Math.max(longestStep, (due - lastStepDue) / steps);
            int timed = packetId - windowPacketId;
            if (steps > 1
                    && locked
                    && timed >= WINDOW / 2
                    && (due - windowDue) / timed < stepNanos - fasterNanos) {
                // Missed, and the steps come faster than the schedule: a faster game. (A game that
                // catches up after a stall of its own also skips steps, but keeps its step length:
                // no schedule would have seen those, and polling at 1 kHz would not help.)
                locked = false;
                startWindow(due, packetId);
            } else if (timed >= WINDOW) {
                long estimate = (due - windowDue) / timed;
                if (longestStep
                        <= 2 * estimate) { // else a pause or a stall is in the window: not a
                    // step's length
                    stepNanos = estimate;
                    locked = estimate > 2 * pollNanos;
                }
                startWindow(due, packetId);
            }
        }
        // Found later than expected: trust that by one poll period at most (the next step may well
        // be
        // on time), unless the wait was longer than two steps (a pause: the game's phase is new).
        long anchor =
                expected != NONE && due - expected < 2 * stepNanos
                        ? Math.min(due, expected + pollNanos)
                        : due;
        lastStepDue = due;
        lastPacketId = packetId;
        if (!locked) {
            expected = NONE;
            return firstAfter(due + pollNanos, now);
        }
        expected = firstAfter(anchor + stepNanos - leadNanos, now);
        return expected;
    }

    private void startWindow(long due, int packetId) {
        windowDue = due;
        windowPacketId = packetId;
        longestStep = 0;
    }

    /**
     * {@code time}, or the first time after {@code now} on its poll-period grid: missed polls are
     * skipped.
     */
    private long firstAfter(long time, long now) {
        return time > now ? time : time + (Math.floorDiv(now - time, pollNanos) + 1) * pollNanos;
    }
}
