package io.actelemetry.job.traces;

import java.io.Serializable;
import java.util.List;

/**
 * Which lap a lap is compared with. By default its session's best valid flying lap (of the same
 * car): in a replay the session's best over the whole session, live the best so far when the lap
 * ended. Or one lap of this run for every lap of its layout ({@code session:lap}); or personal
 * bests from an earlier output, each the reference for laps of its track, layout and car model.
 */
public final class Reference implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String session;
    private final int lap;
    private final List<LapTrace> personalBests;

    private Reference(String session, int lap, List<LapTrace> personalBests) {
        this.session = session;
        this.lap = lap;
        this.personalBests = List.copyOf(personalBests);
    }

    public static Reference sessionBest() {
        return new Reference(null, 0, List.of());
    }

    /** {@code session:lap}: that lap of this run (its lap index) for every lap of its layout. */
    public static Reference parse(String sessionColonLap) {
        int colon = sessionColonLap.lastIndexOf(':');
        if (colon <= 0 || colon == sessionColonLap.length() - 1)
            throw new IllegalArgumentException(
                    "a reference lap is SESSION:LAP (a session id and a lap index), not "
                            + sessionColonLap);
        int lap;
        try {
            lap = Integer.parseInt(sessionColonLap.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "the lap of a reference SESSION:LAP is a lap index: " + sessionColonLap);
        }
        if (lap < 1)
            throw new IllegalArgumentException("lap indexes start at 1: " + sessionColonLap);
        return new Reference(sessionColonLap.substring(0, colon), lap, List.of());
    }

    /** The best valid laps found in an earlier output, by track, layout and car model. */
    public static Reference personalBests(List<LapTrace> bests) {
        return new Reference(null, 0, bests);
    }

    /** Whether {@code t} is the lap chosen with {@code session:lap}. */
    public boolean chosen(LapTrace t) {
        return session != null && session.equals(t.sessionId) && lap == t.lapIndex;
    }

    /** The personal best for the track, layout and car of {@code t}; null when none. */
    public LapTrace personalBest(LapTrace t) {
        for (LapTrace pb : personalBests) {
            if (same(pb.track, t.track)
                    && same(pb.trackLayout, t.trackLayout)
                    && same(pb.carModel, t.carModel)) return pb;
        }
        return null;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    @Override
    public String toString() {
        if (session != null) return "lap " + session + ":" + lap;
        if (!personalBests.isEmpty()) return personalBests.size() + " personal best(s)";
        return "the session's best lap";
    }
}
