package io.actelemetry.job.laps;

import java.util.StringJoiner;

/**
 * Why a lap or segment is invalid, as bits in an int (state stays a plain POJO) and as a readable
 * list.
 */
final class Invalidity {
    static final int TYRES_OUT = 1;
    static final int AI_CONTROLLED = 2;
    static final int PIT_LANE = 4;
    static final int INCOMPLETE = 8;

    private static final String[] NAMES = {"tyres_out", "ai_controlled", "pit_lane", "incomplete"};

    private Invalidity() {}

    /**
     * "" when valid, else the reasons in a fixed order joined by commas, e.g. "tyres_out,pit_lane".
     */
    static String describe(int reasons) {
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < NAMES.length; i++) {
            if ((reasons & (1 << i)) != 0) j.add(NAMES[i]);
        }
        return j.toString();
    }
}
