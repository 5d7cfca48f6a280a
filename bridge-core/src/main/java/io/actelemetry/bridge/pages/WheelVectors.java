package io.actelemetry.bridge.pages;

/** One vector per wheel (the page's float[4][3] arrays), FL, FR, RL, RR. */
public record WheelVectors(Vec3 fl, Vec3 fr, Vec3 rl, Vec3 rr) {
    public static final WheelVectors ZERO =
            new WheelVectors(Vec3.ZERO, Vec3.ZERO, Vec3.ZERO, Vec3.ZERO);
}
