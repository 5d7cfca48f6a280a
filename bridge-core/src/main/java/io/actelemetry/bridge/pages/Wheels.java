package io.actelemetry.bridge.pages;

/** One float per wheel, in the game's order FL, FR, RL, RR. */
public record Wheels(float fl, float fr, float rl, float rr) {
    public static final Wheels ZERO = new Wheels(0, 0, 0, 0);

    public static Wheels all(float value) {
        return new Wheels(value, value, value, value);
    }
}
