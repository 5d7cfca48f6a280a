package io.actelemetry.bridge.sim;

/**
 * One completed lap at the timing line, as the simulated game put it on its pages: AC writes the
 * graphics page field by field, so a reader sees the lap clock reset, the counter step and the new
 * last-lap time on different rendered pages, in an order drawn per crossing from the scenario's
 * seed. A test holds the frames it reads against these ({@link SimulatedSession#lineCrossings}).
 *
 * <p>Pages are named by their packetId, as the frames carry them ({@code physics.packet_id}, {@code
 * graphics.packet_id}); both start again when the game restarts after an exit.
 *
 * @param lap completedLaps after the line: the lap that ended here (1 = the first)
 * @param physicsPacketId the physics step the car crossed the line in: the lap's time is measured
 *     to it
 * @param lapMs the lap's time, the iLastTime the page shows from {@code lastLapPacketId} on
 * @param order which field came first
 * @param clockPacketId the first graphics page with the clock reset (iCurrentTime, currentTime, and
 *     the sector fields with it); until then it runs on from the lap before
 * @param counterPacketId the first graphics page with completedLaps = {@code lap}
 * @param lastLapPacketId the first graphics page with iLastTime = {@code lapMs} (and iBestTime with
 *     it)
 *     <p>Each is 0 when a restart or a teleport to the pits came before that field showed: after a
 *     restart it never shows, after a teleport it shows with the teleport's page.
 */
public record LineCrossing(
        int lap,
        int physicsPacketId,
        int lapMs,
        Order order,
        int clockPacketId,
        int counterPacketId,
        int lastLapPacketId) {

    /** The orders the game's line fields reach the graphics page in, counted in rendered frames. */
    public enum Order {
        /** All three on the first page rendered after the line. */
        TOGETHER,
        /**
         * The counter first; the clock reset 1-3 renders later (until then the old lap's clock runs
         * on past its time); the last-lap time with the clock or 1-3 renders after it.
         */
        COUNTER_FIRST,
        /**
         * The clock reset first; the counter 1-3 renders later; the last-lap time anywhere from
         * with the clock (both a page before the counter, as real logs show) to 3 renders after the
         * counter.
         */
        CLOCK_FIRST,
        /** The last-lap time first; the clock reset and the counter each 1-3 renders after it. */
        LAST_LAP_FIRST
    }
}
