package io.actelemetry.bridge.pages;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of docs/ac-shared-memory.md transcribed a second time, independently of the production
 * {@link Layout}: the tests write known values at these offsets with plain ByteBuffer puts and
 * check that the decoders read them back under the right names.
 */
final class DocumentedLayout {

    /**
     * A documented field: offset, record component, type ("int", "float", "wchar_t[n]",
     * "float[n]").
     */
    record Doc(int offset, String name, String type) {}

    static final List<Doc> PHYSICS =
            List.of(
                    d(0x000, "packetId", "int"),
                    d(0x004, "gas", "float"),
                    d(0x008, "brake", "float"),
                    d(0x00c, "fuel", "float"),
                    d(0x010, "gear", "int"),
                    d(0x014, "rpms", "int"),
                    d(0x018, "steerAngle", "float"),
                    d(0x01c, "speedKmh", "float"),
                    d(0x020, "velocity", "float[3]"),
                    d(0x02c, "accG", "float[3]"),
                    d(0x038, "wheelSlip", "float[4]"),
                    d(0x048, "wheelLoad", "float[4]"),
                    d(0x058, "wheelsPressure", "float[4]"),
                    d(0x068, "wheelAngularSpeed", "float[4]"),
                    d(0x078, "tyreWear", "float[4]"),
                    d(0x088, "tyreDirtyLevel", "float[4]"),
                    d(0x098, "tyreCoreTemperature", "float[4]"),
                    d(0x0a8, "camberRad", "float[4]"),
                    d(0x0b8, "suspensionTravel", "float[4]"),
                    d(0x0c8, "drs", "float"),
                    d(0x0cc, "tc", "float"),
                    d(0x0d0, "heading", "float"),
                    d(0x0d4, "pitch", "float"),
                    d(0x0d8, "roll", "float"),
                    d(0x0dc, "cgHeight", "float"),
                    d(0x0e0, "carDamage", "float[5]"),
                    d(0x0f4, "numberOfTyresOut", "int"),
                    d(0x0f8, "pitLimiterOn", "int"),
                    d(0x0fc, "abs", "float"),
                    d(0x100, "kersCharge", "float"),
                    d(0x104, "kersInput", "float"),
                    d(0x108, "autoShifterOn", "int"),
                    d(0x10c, "rideHeightFront", "float"),
                    d(0x110, "rideHeightRear", "float"),
                    d(0x114, "turboBoost", "float"),
                    d(0x118, "ballast", "float"),
                    d(0x11c, "airDensity", "float"),
                    d(0x120, "airTemp", "float"),
                    d(0x124, "roadTemp", "float"),
                    d(0x128, "localAngularVel", "float[3]"),
                    d(0x134, "finalFF", "float"),
                    d(0x138, "performanceMeter", "float"),
                    d(0x13c, "engineBrake", "int"),
                    d(0x140, "ersRecoveryLevel", "int"),
                    d(0x144, "ersPowerLevel", "int"),
                    d(0x148, "ersHeatCharging", "int"),
                    d(0x14c, "ersIsCharging", "int"),
                    d(0x150, "kersCurrentKJ", "float"),
                    d(0x154, "drsAvailable", "int"),
                    d(0x158, "drsEnabled", "int"),
                    d(0x15c, "brakeTemp", "float[4]"),
                    d(0x16c, "clutch", "float"),
                    d(0x170, "tyreTempI", "float[4]"),
                    d(0x180, "tyreTempM", "float[4]"),
                    d(0x190, "tyreTempO", "float[4]"),
                    d(0x1a0, "isAIControlled", "int"),
                    d(0x1a4, "tyreContactPoint", "float[12]"),
                    d(0x1d4, "tyreContactNormal", "float[12]"),
                    d(0x204, "tyreContactHeading", "float[12]"),
                    d(0x234, "brakeBias", "float"),
                    d(0x238, "localVelocity", "float[3]"),
                    d(0x244, "p2pActivations", "int"),
                    d(0x248, "p2pStatus", "int"),
                    d(0x24c, "currentMaxRpm", "int"));

    static final List<Doc> GRAPHICS =
            List.of(
                    d(0x000, "packetId", "int"),
                    d(0x004, "status", "int"),
                    d(0x008, "session", "int"),
                    d(0x00c, "currentTime", "wchar_t[15]"),
                    d(0x02a, "lastTime", "wchar_t[15]"),
                    d(0x048, "bestTime", "wchar_t[15]"),
                    d(0x066, "split", "wchar_t[15]"),
                    d(0x084, "completedLaps", "int"),
                    d(0x088, "position", "int"),
                    d(0x08c, "iCurrentTime", "int"),
                    d(0x090, "iLastTime", "int"),
                    d(0x094, "iBestTime", "int"),
                    d(0x098, "sessionTimeLeft", "float"),
                    d(0x09c, "distanceTraveled", "float"),
                    d(0x0a0, "isInPit", "int"),
                    d(0x0a4, "currentSectorIndex", "int"),
                    d(0x0a8, "lastSectorTime", "int"),
                    d(0x0ac, "numberOfLaps", "int"),
                    d(0x0b0, "tyreCompound", "wchar_t[33]"),
                    d(0x0f4, "replayTimeMultiplier", "float"),
                    d(0x0f8, "normalizedCarPosition", "float"),
                    d(0x0fc, "carCoordinates", "float[3]"),
                    d(0x108, "penaltyTime", "float"),
                    d(0x10c, "flag", "int"),
                    d(0x110, "idealLineOn", "int"),
                    d(0x114, "isInPitLane", "int"),
                    d(0x118, "surfaceGrip", "float"),
                    d(0x11c, "mandatoryPitDone", "int"),
                    d(0x120, "windSpeed", "float"),
                    d(0x124, "windDirection", "float"),
                    d(0x128, "timeLimitSessionLeft", "int"),
                    d(0x12c, "isEscMenuVisible", "int"));

    static final List<Doc> STATIC =
            List.of(
                    d(0x000, "smVersion", "wchar_t[15]"),
                    d(0x01e, "acVersion", "wchar_t[15]"),
                    d(0x03c, "numberOfSessions", "int"),
                    d(0x040, "numCars", "int"),
                    d(0x044, "carModel", "wchar_t[33]"),
                    d(0x086, "track", "wchar_t[33]"),
                    d(0x0c8, "playerName", "wchar_t[33]"),
                    d(0x10a, "playerSurname", "wchar_t[33]"),
                    d(0x14c, "playerNick", "wchar_t[33]"),
                    d(0x190, "sectorCount", "int"),
                    d(0x194, "maxTorque", "float"),
                    d(0x198, "maxPower", "float"),
                    d(0x19c, "maxRpm", "int"),
                    d(0x1a0, "maxFuel", "float"),
                    d(0x1a4, "suspensionMaxTravel", "float[4]"),
                    d(0x1b4, "tyreRadius", "float[4]"),
                    d(0x1c4, "maxTurboBoost", "float"),
                    d(0x1c8, "deprecated1", "float"),
                    d(0x1cc, "deprecated2", "float"),
                    d(0x1d0, "penaltiesEnabled", "int"),
                    d(0x1d4, "aidFuelRate", "float"),
                    d(0x1d8, "aidTireRate", "float"),
                    d(0x1dc, "aidMechanicalDamage", "float"),
                    d(0x1e0, "aidAllowTyreBlankets", "int"),
                    d(0x1e4, "aidStability", "float"),
                    d(0x1e8, "aidAutoClutch", "int"),
                    d(0x1ec, "aidAutoBlip", "int"),
                    d(0x1f0, "hasDRS", "int"),
                    d(0x1f4, "hasERS", "int"),
                    d(0x1f8, "hasKERS", "int"),
                    d(0x1fc, "kersMaxJ", "float"),
                    d(0x200, "engineBrakeSettingsCount", "int"),
                    d(0x204, "ersPowerControllerCount", "int"),
                    d(0x208, "trackSplineLength", "float"),
                    d(0x20c, "trackConfiguration", "wchar_t[33]"),
                    d(0x250, "ersMaxJ", "float"),
                    d(0x254, "isTimedRace", "int"),
                    d(0x258, "hasExtraLap", "int"),
                    d(0x25c, "carSkin", "wchar_t[33]"),
                    d(0x2a0, "reversedGridPositions", "int"),
                    d(0x2a4, "pitWindowStart", "int"),
                    d(0x2a8, "pitWindowEnd", "int"));

    private static Doc d(int offset, String name, String type) {
        return new Doc(offset, name, type);
    }

    /**
     * Writes a distinct known value for every documented field into {@code page} and returns, per
     * field name, the values written (Integer, a List of Floats, or a String).
     */
    static Map<String, Object> fill(List<Doc> docs, byte[] page) {
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Object> written = new LinkedHashMap<>();
        int n = 1;
        for (Doc doc : docs) {
            n++;
            if (doc.type().equals("int")) {
                int value = n * 1000 + 7;
                b.putInt(doc.offset(), value);
                written.put(doc.name(), value);
            } else if (doc.type().startsWith("float")) {
                int count =
                        doc.type().equals("float")
                                ? 1
                                : Integer.parseInt(doc.type().replaceAll("\\D", ""));
                List<Float> values = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    float value = n + i * 0.125f + 0.5f;
                    b.putFloat(doc.offset() + 4 * i, value);
                    values.add(value);
                }
                written.put(doc.name(), values);
            } else {
                int chars = Integer.parseInt(doc.type().replaceAll("\\D", ""));
                // Non-ASCII on purpose: names of drivers and tracks are not ASCII.
                String text = (doc.name() + "·Ünï" + n);
                text = text.substring(0, Math.min(text.length(), chars - 1));
                byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
                b.put(doc.offset(), utf16);
                written.put(doc.name(), text);
            }
        }
        return written;
    }

    private DocumentedLayout() {}
}
