package io.actelemetry.bridge.sim;

import java.util.Locale;

/**
 * A scripted event: what happens, on which lap (1 = the first lap of the run) at which fraction of
 * the lap, and for how long.
 *
 * @param kind what happens
 * @param lap lap number the event happens on (completedLaps + 1)
 * @param fraction where on the lap, 0..1 of the distance from the timing line
 * @param seconds how long it lasts (off track, pause, replay, stall, stop in the box; for a game
 *     exit, the time the stale pages stay before they vanish; unused by a glitch)
 */
public record ScenarioEvent(Kind kind, int lap, double fraction, double seconds) {

    public enum Kind {
        /**
         * Two or more wheels off track (numberOfTyresOut above 2 for a while): the lap is invalid.
         */
        OFF_TRACK,
        /** In lap into the pits at the end of this lap, stop in the box, out lap. */
        PIT_STOP,
        /** Session restart: the lap counter back to 0, the clock reset, the car in the box. */
        RESTART,
        /** Back to the pits: the car in the box, the lap clock reset, the lap counter unchanged. */
        TELEPORT_TO_PITS,
        /** Pause menu: status 3, physics frozen. */
        PAUSE,
        /** Watching a replay: status 1, physics frozen. */
        REPLAY,
        /**
         * The game exits: status 0, physics stale, then the pages are gone; it starts again after.
         */
        GAME_EXIT,
        /**
         * A loading hitch or lost focus: both pages frozen (packetIds too) with status live; then
         * the game goes on where it was, the lap clock too (it counts driving time only).
         */
        STALL,
        /**
         * One impossible value for one physics step, then normal again: the next graphics page with
         * completedLaps -1 or +5, iCurrentTime 13,000,000 ms or iLastTime 2,147,483,647, or this
         * step's physics page with a NaN speedKmh; which one is drawn from the scenario's seed.
         */
        GLITCH
    }

    public ScenarioEvent {
        if (lap < 1) {
            throw new IllegalArgumentException("event lap must be >= 1: " + lap);
        }
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("event fraction must be in 0..1: " + fraction);
        }
        if (seconds < 0) {
            throw new IllegalArgumentException("event duration must be >= 0: " + seconds);
        }
    }

    /**
     * Parses {@code kind@lap.fraction[/seconds]}, e.g. {@code pause@2.5/3} or {@code pit_stop@4}.
     */
    static ScenarioEvent parse(String text) {
        String[] kindAndRest = text.split("@", 2);
        if (kindAndRest.length != 2) {
            throw new IllegalArgumentException(
                    "event '" + text + "': expected kind@lap[.fraction][/seconds]");
        }
        Kind kind = Kind.valueOf(kindAndRest[0].trim().toUpperCase(Locale.ROOT));
        String[] whereAndHowLong = kindAndRest[1].split("/", 2);
        double where = Double.parseDouble(whereAndHowLong[0]);
        double seconds =
                whereAndHowLong.length > 1
                        ? Double.parseDouble(whereAndHowLong[1])
                        : defaultSeconds(kind);
        int lap = (int) Math.floor(where);
        return new ScenarioEvent(kind, lap, where - lap, seconds);
    }

    static double defaultSeconds(Kind kind) {
        return switch (kind) {
            case OFF_TRACK -> 2.5;
            case PIT_STOP -> 8;
            case PAUSE -> 5;
            case REPLAY -> 10;
            case GAME_EXIT -> 3;
            case STALL -> 2;
            case RESTART, TELEPORT_TO_PITS, GLITCH -> 0;
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + "@" + (lap + fraction) + "/" + seconds;
    }
}
