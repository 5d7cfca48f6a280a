package io.actelemetry.bridge.pages;

/** Three floats of a page, in the page's axis order (x, y, z). */
public record Vec3(float x, float y, float z) {
    public static final Vec3 ZERO = new Vec3(0, 0, 0);
}
