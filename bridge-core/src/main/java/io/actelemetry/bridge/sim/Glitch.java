package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.Layout;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.source.Page;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One impossible value on one written page, as real loggers see for a single sample: patched into
 * the page's bytes, so the rest of the page is exactly what the game would have written.
 */
enum Glitch {
    /** completedLaps reads -1. */
    COUNTER_MINUS_ONE(Page.GRAPHICS, "completedLaps"),
    /** completedLaps jumps 5 ahead. */
    COUNTER_PLUS_FIVE(Page.GRAPHICS, "completedLaps"),
    /** iCurrentTime reads 13,000,000 ms (3.6 hours). */
    CLOCK_HOURS(Page.GRAPHICS, "iCurrentTime"),
    /** iLastTime reads Integer.MAX_VALUE (35,791 minutes). */
    LAST_LAP_MAX(Page.GRAPHICS, "iLastTime"),
    /** speedKmh on the physics page reads NaN. */
    NAN_SPEED(Page.PHYSICS, "speedKmh");

    static final int CLOCK_HOURS_MS = 13_000_000;

    private final Page page;
    private final int offset;

    Glitch(Page page, String field) {
        this.page = page;
        Layout<?> layout = page == Page.PHYSICS ? PhysicsPage.LAYOUT : GraphicsPage.LAYOUT;
        this.offset =
                layout.fields().stream()
                        .filter(f -> f.name().equals(field))
                        .findFirst()
                        .orElseThrow()
                        .offset();
    }

    Page page() {
        return page;
    }

    /** Patches the encoded {@code bytes} of this glitch's page. */
    void apply(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case COUNTER_MINUS_ONE -> b.putInt(offset, -1);
            case COUNTER_PLUS_FIVE -> b.putInt(offset, b.getInt(offset) + 5);
            case CLOCK_HOURS -> b.putInt(offset, CLOCK_HOURS_MS);
            case LAST_LAP_MAX -> b.putInt(offset, Integer.MAX_VALUE);
            case NAN_SPEED -> b.putFloat(offset, Float.NaN);
        }
    }
}
