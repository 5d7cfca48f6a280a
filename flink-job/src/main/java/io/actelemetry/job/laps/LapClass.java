package io.actelemetry.job.laps;

import java.util.Locale;

/** What kind of lap a row is; {@link LapRow#lapClass} holds {@link #label()}. */
public enum LapClass {
    /**
     * Began away from the line (session start, restart, teleport) or in the pit lane, and ended at
     * the line.
     */
    OUT,
    /** Began at the line on track and ended at the line in the pit lane. */
    IN,
    /**
     * Visited the pit lane between two line crossings made on track, or began and ended in the pit
     * lane.
     */
    PIT,
    /** From line to line on track. */
    FLYING,
    /** Did not end at the line: restart, teleport, return to pits, game exit or end of input. */
    INCOMPLETE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
