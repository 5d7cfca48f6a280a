package io.actelemetry.bridge.pages;

import static io.actelemetry.bridge.pages.Layout.f32;
import static io.actelemetry.bridge.pages.Layout.i32;
import static io.actelemetry.bridge.pages.Layout.utf16;
import static io.actelemetry.bridge.pages.Layout.wheels;

/**
 * SPageFileStatic ({@code Local\acpmf_static}), written once when the car exists (zeros before
 * that).
 */
public record StaticPage(
        String smVersion,
        String acVersion,
        int numberOfSessions,
        int numCars,
        String carModel,
        String track,
        String playerName,
        String playerSurname,
        String playerNick,
        int sectorCount,
        float maxTorque,
        float maxPower,
        int maxRpm,
        float maxFuel,
        Wheels suspensionMaxTravel,
        Wheels tyreRadius,
        float maxTurboBoost,
        float deprecated1,
        float deprecated2,
        int penaltiesEnabled,
        float aidFuelRate,
        float aidTireRate,
        float aidMechanicalDamage,
        int aidAllowTyreBlankets,
        float aidStability,
        int aidAutoClutch,
        int aidAutoBlip,
        int hasDRS,
        int hasERS,
        int hasKERS,
        float kersMaxJ,
        int engineBrakeSettingsCount,
        int ersPowerControllerCount,
        float trackSplineLength,
        String trackConfiguration,
        float ersMaxJ,
        int isTimedRace,
        int hasExtraLap,
        String carSkin,
        int reversedGridPositions,
        int pitWindowStart,
        int pitWindowEnd) {

    /** sizeof(SPageFileStatic) for smVersion 1.7. */
    public static final int SIZE = 684;

    public static final Layout<StaticPage> LAYOUT =
            Layout.of(
                    StaticPage.class,
                    SIZE,
                    StaticPage::read,
                    utf16(0x000, 15, "smVersion"),
                    utf16(0x01e, 15, "acVersion"),
                    i32(0x03c, "numberOfSessions"),
                    i32(0x040, "numCars"),
                    utf16(0x044, 33, "carModel"),
                    utf16(0x086, 33, "track"),
                    utf16(0x0c8, 33, "playerName"),
                    utf16(0x10a, 33, "playerSurname"),
                    utf16(0x14c, 33, "playerNick"),
                    i32(0x190, "sectorCount"),
                    f32(0x194, "maxTorque"),
                    f32(0x198, "maxPower"),
                    i32(0x19c, "maxRpm"),
                    f32(0x1a0, "maxFuel"),
                    wheels(0x1a4, "suspensionMaxTravel"),
                    wheels(0x1b4, "tyreRadius"),
                    f32(0x1c4, "maxTurboBoost"),
                    f32(0x1c8, "deprecated1"),
                    f32(0x1cc, "deprecated2"),
                    i32(0x1d0, "penaltiesEnabled"),
                    f32(0x1d4, "aidFuelRate"),
                    f32(0x1d8, "aidTireRate"),
                    f32(0x1dc, "aidMechanicalDamage"),
                    i32(0x1e0, "aidAllowTyreBlankets"),
                    f32(0x1e4, "aidStability"),
                    i32(0x1e8, "aidAutoClutch"),
                    i32(0x1ec, "aidAutoBlip"),
                    i32(0x1f0, "hasDRS"),
                    i32(0x1f4, "hasERS"),
                    i32(0x1f8, "hasKERS"),
                    f32(0x1fc, "kersMaxJ"),
                    i32(0x200, "engineBrakeSettingsCount"),
                    i32(0x204, "ersPowerControllerCount"),
                    f32(0x208, "trackSplineLength"),
                    utf16(0x20c, 33, "trackConfiguration"),
                    f32(0x250, "ersMaxJ"),
                    i32(0x254, "isTimedRace"),
                    i32(0x258, "hasExtraLap"),
                    utf16(0x25c, 33, "carSkin"),
                    i32(0x2a0, "reversedGridPositions"),
                    i32(0x2a4, "pitWindowStart"),
                    i32(0x2a8, "pitWindowEnd"));

    /**
     * The page from a reader over its bytes: one read per field, in the record's component order.
     */
    private static StaticPage read(Layout.Reader r) {
        return new StaticPage(
                r.utf16(),
                r.utf16(),
                r.i32(),
                r.i32(),
                r.utf16(),
                r.utf16(),
                r.utf16(),
                r.utf16(),
                r.utf16(),
                r.i32(),
                r.f32(),
                r.f32(),
                r.i32(),
                r.f32(),
                r.wheels(),
                r.wheels(),
                r.f32(),
                r.f32(),
                r.f32(),
                r.i32(),
                r.f32(),
                r.f32(),
                r.f32(),
                r.i32(),
                r.f32(),
                r.i32(),
                r.i32(),
                r.i32(),
                r.i32(),
                r.i32(),
                r.f32(),
                r.i32(),
                r.i32(),
                r.f32(),
                r.utf16(),
                r.f32(),
                r.i32(),
                r.i32(),
                r.utf16(),
                r.i32(),
                r.i32(),
                r.i32());
    }

    public static StaticPage decode(byte[] page, int length) {
        return LAYOUT.decode(page, length);
    }

    public byte[] encode() {
        return LAYOUT.encode(this);
    }

    /** True once the game has written the page: before the car exists it is all zeros. */
    public boolean written() {
        return !smVersion.isEmpty() && maxRpm > 0;
    }
}
