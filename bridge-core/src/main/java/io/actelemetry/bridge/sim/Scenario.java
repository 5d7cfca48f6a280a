package io.actelemetry.bridge.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the simulated game does: how many laps, how the run starts, and the scripted events.
 *
 * @param seed seeds every random choice (driver pace, line orders, glitches): same seed, same bytes
 * @param laps the game exits once this many laps are completed (counted since the last restart)
 * @param startInPits start stopped in the pit box (practice: out lap first) rather than rolling
 *     towards the line (hotlap: the first crossing only starts the clock)
 * @param events scripted events, in any order
 */
public record Scenario(long seed, int laps, boolean startInPits, List<ScenarioEvent> events) {

    public Scenario {
        if (laps < 1) {
            throw new IllegalArgumentException("laps must be >= 1: " + laps);
        }
        events = List.copyOf(events);
    }

    /**
     * A practice run: out lap from the box, flying laps 2 to 5 with two wheels off on lap 3 and a
     * glitched sample mid-lap 4, an in lap (6) into a pit stop, and the out lap (7) after it.
     */
    public static Scenario demo(long seed) {
        return new Scenario(
                seed,
                7,
                true,
                List.of(
                        new ScenarioEvent(ScenarioEvent.Kind.OFF_TRACK, 3, 0.55, 2.5),
                        new ScenarioEvent(ScenarioEvent.Kind.GLITCH, 4, 0.4, 0),
                        new ScenarioEvent(ScenarioEvent.Kind.PIT_STOP, 6, 0, 8)));
    }

    /**
     * Plain flying laps from a rolling start: the first crossing starts the clock, then {@code
     * laps} laps.
     */
    public static Scenario laps(int laps, long seed) {
        return new Scenario(seed, laps, false, List.of());
    }

    /** This scenario with one more event. */
    public Scenario with(ScenarioEvent event) {
        List<ScenarioEvent> more = new ArrayList<>(events);
        more.add(event);
        return new Scenario(seed, laps, startInPits, more);
    }

    /**
     * Parses {@code key=value} pairs separated by commas: {@code seed=7}, {@code
     * scenario=demo|laps}, {@code laps=N}, {@code events=pause@2.5/3+replay@3.2/10} (see {@link
     * ScenarioEvent}). The empty string is the demo with seed 1.
     */
    public static Scenario parse(String spec) {
        long seed = 1;
        String name = "demo";
        Integer laps = null;
        List<ScenarioEvent> extra = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException(
                        "scenario option '" + part + "': expected key=value");
            }
            String value = kv[1].trim();
            try {
                switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                    case "seed" -> seed = Long.parseLong(value);
                    case "scenario" -> name = value.toLowerCase(Locale.ROOT);
                    case "laps" -> laps = Integer.parseInt(value);
                    case "events" -> {
                        for (String e : value.split("\\+")) {
                            extra.add(ScenarioEvent.parse(e));
                        }
                    }
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown scenario option '"
                                            + kv[0]
                                            + "': expected seed, scenario, laps or events");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "scenario option '" + part + "': not a number", e);
            }
        }
        Scenario base =
                switch (name) {
                    case "demo" -> demo(seed);
                    case "laps" -> laps(laps == null ? 5 : laps, seed);
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown scenario '" + name + "': expected demo or laps");
                };
        if (laps != null && !name.equals("laps")) {
            base = new Scenario(seed, laps, base.startInPits(), base.events());
        }
        for (ScenarioEvent e : extra) {
            base = base.with(e);
        }
        return base;
    }
}
