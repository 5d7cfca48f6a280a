package io.actelemetry.job.frame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link Frame}: every field in declaration order, written directly. Each
 * frame crosses a thread once between the source and the lap function, and Flink's PojoSerializer,
 * which sets ~60 fields by reflection and boxes each number, cost that hand-over a fifth of the lap
 * function's thread. Strings go as UTF-8, and one that repeats the previous frame's (nearly all of
 * them do) is neither encoded nor decoded and allocated again: each instance keeps the last ones it
 * wrote and read, so {@link #duplicate()} makes a new one per user.
 *
 * <p>What it writes is {@link FrameLayout#CURRENT}, hand-written here for speed: a field added to
 * {@link Frame} must be added here and to a new layout there (FrameSerializerTest and
 * FrameSerializerUpgradeTest fail until both are). State written in another layout is read by a
 * {@link FrameLayoutSerializer} and migrated ({@link FrameSerializerSnapshot}).
 */
public final class FrameSerializer extends TypeSerializer<Frame> {
    private static final long serialVersionUID = 1L;

    private static final int IN_PIT = 1;
    private static final int IN_PIT_LANE = 2;
    private static final int AI_CONTROLLED = 4;
    private static final int PIT_LIMITER_ON = 8;

    // the strings in the order they are written, and per position the last bytes read or written
    // and their string
    private static final int STRINGS = 7;
    private final byte[][] lastBytes = new byte[STRINGS][];
    private final String[] lastStrings = new String[STRINGS];
    private final byte[][] lastWrittenBytes = new byte[STRINGS][];
    private final String[] lastWritten = new String[STRINGS];
    private byte[] buffer = new byte[64];

    @Override
    public FrameSerializer duplicate() {
        return new FrameSerializer();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Frame createInstance() {
        return new Frame();
    }

    /** The serializer of frames written in {@code layout}: this one for the current layout. */
    static TypeSerializer<Frame> reading(FrameLayout layout) {
        return layout.equals(FrameLayout.CURRENT)
                ? new FrameSerializer()
                : new FrameLayoutSerializer(layout);
    }

    @Override
    public Frame copy(Frame from) {
        return deepCopy(from);
    }

    static Frame deepCopy(Frame from) {
        Frame copy = from.withoutRaw();
        copy.raw = from.raw == null ? null : from.raw.clone();
        copy.tyreCoreTempC = from.tyreCoreTempC == null ? null : from.tyreCoreTempC.clone();
        copy.tyrePressurePsi = from.tyrePressurePsi == null ? null : from.tyrePressurePsi.clone();
        return copy;
    }

    @Override
    public Frame copy(Frame from, Frame reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Frame f, DataOutputView out) throws IOException {
        writeString(0, f.sessionId, out);
        writeString(1, f.carId, out);
        writeString(2, f.game, out);
        out.writeLong(f.sequence);
        out.writeLong(f.monotonicNs);
        out.writeLong(f.captureUnixNs);
        out.writeLong(f.eventTimeMs);
        out.writeInt(f.formatVersion);
        out.writeInt(f.state);

        writeString(3, f.carModel, out);
        writeString(4, f.track, out);
        writeString(5, f.trackConfiguration, out);
        writeString(6, f.driver, out);
        out.writeInt(f.sectorCount);
        writeFloat(f.trackSplineLengthM, out);
        writeFloat(f.maxFuelL, out);

        out.writeInt(f.status);
        out.writeInt(f.sessionType);
        out.writeInt(f.completedLaps);
        out.writeInt(f.position);
        out.writeInt(f.currentLapMs);
        out.writeInt(f.lastLapMs);
        out.writeInt(f.bestLapMs);
        out.writeInt(f.currentSectorIndex);
        out.writeInt(f.lastSectorTimeMs);
        out.writeInt(f.flag);
        writeFloat(f.normalizedCarPos, out);
        writeFloat(f.distanceTraveledM, out);
        writeFloat(f.posX, out);
        writeFloat(f.posY, out);
        writeFloat(f.posZ, out);

        out.writeInt(f.packetId);
        out.writeInt(f.gear);
        writeFloat(f.speedKmh, out);
        writeFloat(f.gas, out);
        writeFloat(f.brake, out);
        writeFloat(f.clutch, out);
        writeFloat(f.steer, out);
        writeFloat(f.rpm, out);
        writeFloat(f.accLatG, out);
        writeFloat(f.accVertG, out);
        writeFloat(f.accLonG, out);
        writeFloat(f.fuelL, out);
        out.writeInt(f.tyresOut);
        out.writeByte(
                (f.inPit ? IN_PIT : 0)
                        | (f.inPitLane ? IN_PIT_LANE : 0)
                        | (f.aiControlled ? AI_CONTROLLED : 0)
                        | (f.pitLimiterOn ? PIT_LIMITER_ON : 0));
        writeFloats(f.tyreCoreTempC, out);
        writeFloats(f.tyrePressurePsi, out);

        if (f.raw == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(f.raw.length);
            out.write(f.raw);
        }
    }

    @Override
    public Frame deserialize(DataInputView in) throws IOException {
        Frame f = new Frame();
        f.sessionId = readString(0, in);
        f.carId = readString(1, in);
        f.game = readString(2, in);
        f.sequence = in.readLong();
        f.monotonicNs = in.readLong();
        f.captureUnixNs = in.readLong();
        f.eventTimeMs = in.readLong();
        f.formatVersion = in.readInt();
        f.state = in.readInt();

        f.carModel = readString(3, in);
        f.track = readString(4, in);
        f.trackConfiguration = readString(5, in);
        f.driver = readString(6, in);
        f.sectorCount = in.readInt();
        f.trackSplineLengthM = in.readFloat();
        f.maxFuelL = in.readFloat();

        f.status = in.readInt();
        f.sessionType = in.readInt();
        f.completedLaps = in.readInt();
        f.position = in.readInt();
        f.currentLapMs = in.readInt();
        f.lastLapMs = in.readInt();
        f.bestLapMs = in.readInt();
        f.currentSectorIndex = in.readInt();
        f.lastSectorTimeMs = in.readInt();
        f.flag = in.readInt();
        f.normalizedCarPos = in.readFloat();
        f.distanceTraveledM = in.readFloat();
        f.posX = in.readFloat();
        f.posY = in.readFloat();
        f.posZ = in.readFloat();

        f.packetId = in.readInt();
        f.gear = in.readInt();
        f.speedKmh = in.readFloat();
        f.gas = in.readFloat();
        f.brake = in.readFloat();
        f.clutch = in.readFloat();
        f.steer = in.readFloat();
        f.rpm = in.readFloat();
        f.accLatG = in.readFloat();
        f.accVertG = in.readFloat();
        f.accLonG = in.readFloat();
        f.fuelL = in.readFloat();
        f.tyresOut = in.readInt();
        int flags = in.readByte();
        f.inPit = (flags & IN_PIT) != 0;
        f.inPitLane = (flags & IN_PIT_LANE) != 0;
        f.aiControlled = (flags & AI_CONTROLLED) != 0;
        f.pitLimiterOn = (flags & PIT_LIMITER_ON) != 0;
        f.tyreCoreTempC = readFloats(in);
        f.tyrePressurePsi = readFloats(in);

        int rawLength = in.readInt();
        if (rawLength >= 0) {
            f.raw = new byte[rawLength];
            in.readFully(f.raw);
        }
        return f;
    }

    @Override
    public Frame deserialize(Frame reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameSerializer;
    }

    @Override
    public int hashCode() {
        return FrameSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Frame> snapshotConfiguration() {
        return new FrameSerializerSnapshot(FrameLayout.CURRENT);
    }

    /**
     * The source hands on the previous frame's strings where they repeat: those are not encoded
     * again.
     */
    private void writeString(int position, String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        if (value != lastWritten[position]) {
            lastWritten[position] = value;
            lastWrittenBytes[position] = value.getBytes(StandardCharsets.UTF_8);
        }
        byte[] utf8 = lastWrittenBytes[position];
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private String readString(int position, DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) return null;
        if (buffer.length < length) buffer = new byte[Math.max(length, 2 * buffer.length)];
        in.readFully(buffer, 0, length);
        byte[] last = lastBytes[position];
        if (last == null || !Arrays.equals(last, 0, last.length, buffer, 0, length)) {
            lastBytes[position] = Arrays.copyOf(buffer, length);
            lastStrings[position] = new String(buffer, 0, length, StandardCharsets.UTF_8);
        }
        return lastStrings[position];
    }

    /**
     * A float by its bits, as {@link DataInputView#readFloat()} reads it back: {@code writeFloat}
     * would write {@code floatToIntBits}, which turns every NaN into the one canonical NaN, and the
     * frames table's columns from the frame would then differ from the same channels decoded from
     * its raw bytes.
     */
    static void writeFloat(float v, DataOutputView out) throws IOException {
        out.writeInt(Float.floatToRawIntBits(v));
    }

    private static void writeFloats(float[] values, DataOutputView out) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(values.length);
        for (float v : values) writeFloat(v, out);
    }

    private static float[] readFloats(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) return null;
        float[] values = new float[length];
        for (int i = 0; i < length; i++) values[i] = in.readFloat();
        return values;
    }

    /**
     * The snapshot of builds before {@link FrameSerializerSnapshot}: their savepoints name this
     * class and hold {@link FrameLayout#V1} without saying so. Kept so that they restore; nothing
     * writes it any more.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Frame> {
        public Snapshot() {
            super(() -> reading(FrameLayout.V1));
        }
    }
}
