package io.actelemetry.job.frame;

import static io.actelemetry.job.frame.FrameLayout.Kind.BOOLEAN;
import static io.actelemetry.job.frame.FrameLayout.Kind.BYTES;
import static io.actelemetry.job.frame.FrameLayout.Kind.FLOAT;
import static io.actelemetry.job.frame.FrameLayout.Kind.FLOATS;
import static io.actelemetry.job.frame.FrameLayout.Kind.INT;
import static io.actelemetry.job.frame.FrameLayout.Kind.LONG;
import static io.actelemetry.job.frame.FrameLayout.Kind.STRING;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One layout of a serialized {@link Frame}: its fields in the order they are written, each with
 * how. Savepoints record the layout they were written in ({@link FrameSerializerSnapshot}), so a
 * build whose Frame has gained, lost or moved fields still reads them ({@link
 * FrameLayoutSerializer}) and Flink migrates the state.
 *
 * <p>The kinds on the wire: STRING and BYTES an int length (-1 = null) then the bytes (UTF-8);
 * FLOATS an int length (-1 = null) then the floats; LONG, INT and FLOAT as {@code DataOutput}
 * writes them; a run of BOOLEANs one byte per eight, the run's first in bit 0.
 *
 * <p>To change what {@link FrameSerializer} writes: a new layout with the next version, {@link
 * #CURRENT} pointing at it, and FrameSerializer's code to match (FrameSerializerUpgradeTest fails
 * until the two agree). Older layouts need no code: their savepoints carry them. {@link #V1} stays,
 * for the savepoints taken before layouts were recorded.
 */
public record FrameLayout(int version, List<Entry> entries) implements Serializable {

    /** How a field is written. */
    public enum Kind {
        STRING,
        LONG,
        INT,
        FLOAT,
        BOOLEAN,
        FLOATS,
        BYTES
    }

    /** A field of {@link Frame}, by name. */
    public record Entry(String name, Kind kind) implements Serializable {}

    /**
     * The first layout, which savepoints of {@link FrameSerializer.Snapshot} hold without saying
     * so: never change it.
     */
    static final FrameLayout V1 =
            new FrameLayout(
                    1,
                    List.of(
                            e("sessionId", STRING),
                            e("carId", STRING),
                            e("game", STRING),
                            e("sequence", LONG),
                            e("monotonicNs", LONG),
                            e("captureUnixNs", LONG),
                            e("eventTimeMs", LONG),
                            e("formatVersion", INT),
                            e("state", INT),
                            e("carModel", STRING),
                            e("track", STRING),
                            e("trackConfiguration", STRING),
                            e("driver", STRING),
                            e("sectorCount", INT),
                            e("trackSplineLengthM", FLOAT),
                            e("maxFuelL", FLOAT),
                            e("status", INT),
                            e("sessionType", INT),
                            e("completedLaps", INT),
                            e("position", INT),
                            e("currentLapMs", INT),
                            e("lastLapMs", INT),
                            e("bestLapMs", INT),
                            e("currentSectorIndex", INT),
                            e("lastSectorTimeMs", INT),
                            e("flag", INT),
                            e("normalizedCarPos", FLOAT),
                            e("distanceTraveledM", FLOAT),
                            e("posX", FLOAT),
                            e("posY", FLOAT),
                            e("posZ", FLOAT),
                            e("packetId", INT),
                            e("gear", INT),
                            e("speedKmh", FLOAT),
                            e("gas", FLOAT),
                            e("brake", FLOAT),
                            e("clutch", FLOAT),
                            e("steer", FLOAT),
                            e("rpm", FLOAT),
                            e("accLatG", FLOAT),
                            e("accVertG", FLOAT),
                            e("accLonG", FLOAT),
                            e("fuelL", FLOAT),
                            e("tyresOut", INT),
                            e("inPit", BOOLEAN),
                            e("inPitLane", BOOLEAN),
                            e("aiControlled", BOOLEAN),
                            e("pitLimiterOn", BOOLEAN),
                            e("tyreCoreTempC", FLOATS),
                            e("tyrePressurePsi", FLOATS),
                            e("raw", BYTES)));

    /** What {@link FrameSerializer} writes. */
    public static final FrameLayout CURRENT = V1;

    public FrameLayout {
        entries = List.copyOf(entries);
    }

    /**
     * Whether frames in this layout can be read into a Frame of {@code newer}: every field both
     * have is of the same kind (fields only one of them has are dropped or defaulted).
     */
    boolean readableAs(FrameLayout newer) {
        Map<String, Kind> kinds =
                newer.entries.stream().collect(Collectors.toMap(Entry::name, Entry::kind));
        return entries.stream().allMatch(e -> kinds.getOrDefault(e.name, e.kind) == e.kind);
    }

    private static Entry e(String name, Kind kind) {
        return new Entry(name, kind);
    }
}
