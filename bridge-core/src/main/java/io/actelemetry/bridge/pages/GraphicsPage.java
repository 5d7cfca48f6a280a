package io.actelemetry.bridge.pages;

import static io.actelemetry.bridge.pages.Layout.f32;
import static io.actelemetry.bridge.pages.Layout.i32;
import static io.actelemetry.bridge.pages.Layout.utf16;
import static io.actelemetry.bridge.pages.Layout.vec3;

/**
 * SPageFileGraphic ({@code Local\acpmf_graphics}), written once per rendered frame. Raw values; see
 * docs/ac-shared-memory.md for what each really means (isInPit is "at the box", iLastTime lags
 * completedLaps).
 */
public record GraphicsPage(
        int packetId,
        int status,
        int session,
        String currentTime,
        String lastTime,
        String bestTime,
        String split,
        int completedLaps,
        int position,
        int iCurrentTime,
        int iLastTime,
        int iBestTime,
        float sessionTimeLeft,
        float distanceTraveled,
        int isInPit,
        int currentSectorIndex,
        int lastSectorTime,
        int numberOfLaps,
        String tyreCompound,
        float replayTimeMultiplier,
        float normalizedCarPosition,
        Vec3 carCoordinates,
        float penaltyTime,
        int flag,
        int idealLineOn,
        int isInPitLane,
        float surfaceGrip,
        int mandatoryPitDone,
        float windSpeed,
        float windDirection,
        int timeLimitSessionLeft,
        int isEscMenuVisible) {

    /** sizeof(SPageFileGraphic) for smVersion 1.7. */
    public static final int SIZE = 304;

    public static final Layout<GraphicsPage> LAYOUT =
            Layout.of(
                    GraphicsPage.class,
                    SIZE,
                    GraphicsPage::read,
                    i32(0x000, "packetId"),
                    i32(0x004, "status"),
                    i32(0x008, "session"),
                    utf16(0x00c, 15, "currentTime"),
                    utf16(0x02a, 15, "lastTime"),
                    utf16(0x048, 15, "bestTime"),
                    utf16(0x066, 15, "split"),
                    i32(0x084, "completedLaps"),
                    i32(0x088, "position"),
                    i32(0x08c, "iCurrentTime"),
                    i32(0x090, "iLastTime"),
                    i32(0x094, "iBestTime"),
                    f32(0x098, "sessionTimeLeft"),
                    f32(0x09c, "distanceTraveled"),
                    i32(0x0a0, "isInPit"),
                    i32(0x0a4, "currentSectorIndex"),
                    i32(0x0a8, "lastSectorTime"),
                    i32(0x0ac, "numberOfLaps"),
                    utf16(0x0b0, 33, "tyreCompound"),
                    f32(0x0f4, "replayTimeMultiplier"),
                    f32(0x0f8, "normalizedCarPosition"),
                    vec3(0x0fc, "carCoordinates"),
                    f32(0x108, "penaltyTime"),
                    i32(0x10c, "flag"),
                    i32(0x110, "idealLineOn"),
                    i32(0x114, "isInPitLane"),
                    f32(0x118, "surfaceGrip"),
                    i32(0x11c, "mandatoryPitDone"),
                    f32(0x120, "windSpeed"),
                    f32(0x124, "windDirection"),
                    i32(0x128, "timeLimitSessionLeft"),
                    i32(0x12c, "isEscMenuVisible"));

    /**
     * The page from a reader over its bytes: one read per field, in the record's component order.
     */
    private static GraphicsPage read(Layout.Reader r) {
        return new GraphicsPage(
                r.i32(), r.i32(), r.i32(), r.utf16(), r.utf16(), r.utf16(), r.utf16(), r.i32(),
                r.i32(), r.i32(), r.i32(), r.i32(), r.f32(), r.f32(), r.i32(), r.i32(), r.i32(),
                r.i32(), r.utf16(), r.f32(), r.f32(), r.vec3(), r.f32(), r.i32(), r.i32(), r.i32(),
                r.f32(), r.i32(), r.f32(), r.f32(), r.i32(), r.i32());
    }

    public static GraphicsPage decode(byte[] page, int length) {
        return LAYOUT.decode(page, length);
    }

    public byte[] encode() {
        return LAYOUT.encode(this);
    }
}
