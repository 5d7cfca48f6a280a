package io.actelemetry.bridge.source;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.pages.StaticPage;

/** The game's three shared-memory pages: mapping name, file name in a page folder, size. */
public enum Page {
    PHYSICS("acpmf_physics", PhysicsPage.SIZE),
    GRAPHICS("acpmf_graphics", GraphicsPage.SIZE),
    STATIC("acpmf_static", StaticPage.SIZE);

    private final String fileName;
    private final int size;

    Page(String fileName, int size) {
        this.fileName = fileName;
        this.size = size;
    }

    /** Name of the file in a page folder, and of the mapping without its {@code Local\} prefix. */
    public String fileName() {
        return fileName;
    }

    /** The Windows file-mapping name. */
    public String mappingName() {
        return "Local\\" + fileName;
    }

    /** Size in the newest layout (smVersion 1.7); buffers of this size hold any AC page. */
    public int size() {
        return size;
    }

    /** Whether the page starts with a packetId (physics and graphics do, static does not). */
    public boolean hasPacketId() {
        return this != STATIC;
    }
}
