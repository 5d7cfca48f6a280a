package io.actelemetry.job.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire decoder against protobuf's own parser on random frames ({@link RandomFrames}): every
 * input goes through {@link FrameConverter} as the source reads it (it refuses what protobuf
 * refuses, UTF-8 included), through {@link FlatMessage} into every column as the frames table reads
 * it, and through {@code TelemetryFrame.parseFrom} and its getters. Both refuse it, or every column
 * holds what the getters return (floats and doubles bit for bit) and the converter's frame is the
 * one it makes of protobuf's own encoding of the parsed message.
 *
 * <p>{@code -Dcodec.seed=N} repeats a run: the seed is printed, each case is drawn from the seed
 * and its index alone (a mutated case and the three after it from the same frame), and a failure
 * names both, with the input in hex.
 */
class FlatMessageAgreesWithProtobufTest {
    private static final long SEED = Long.getLong("codec.seed", 20_251_206L);
    private static final int VALID = 12_000;
    private static final int MUTATED = 40_000;

    private static final FlatMessage FLAT =
            new FlatMessage(TelemetryFrame.getDescriptor(), Set.of());
    private static final List<FlatMessage.Column> COLUMNS = FLAT.columns();

    /** Per column, the fields from the frame down to its value, found here from the descriptor. */
    private static final FieldDescriptor[][] PATHS = new FieldDescriptor[FLAT.size()][];

    private final FrameConverter source = new FrameConverter(); // one per thread, as in the job
    private final FrameConverter canonical = new FrameConverter();
    private final Row row = new Row();

    @BeforeAll
    static void seed() {
        System.out.println(
                "FlatMessageAgreesWithProtobufTest: codec.seed="
                        + SEED
                        + " (-Dcodec.seed="
                        + SEED
                        + " repeats this run)");
        Map<String, FieldDescriptor[]> paths = new LinkedHashMap<>();
        leaves(TelemetryFrame.getDescriptor(), "", new FieldDescriptor[0], paths);
        assertThat(COLUMNS.stream().map(FlatMessage.Column::name))
                .as("the columns are the contract's leaf fields")
                .containsExactlyElementsOf(paths.keySet());
        for (FlatMessage.Column c : COLUMNS) PATHS[c.index()] = paths.get(c.name());
    }

    /**
     * Every scalar field below {@code type}, by its flattened name, as the frames table names it.
     */
    private static void leaves(
            Descriptor type,
            String prefix,
            FieldDescriptor[] path,
            Map<String, FieldDescriptor[]> out) {
        for (FieldDescriptor f : type.getFields()) {
            FieldDescriptor[] p = Arrays.copyOf(path, path.length + 1);
            p[path.length] = f;
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (f.isRepeated()) fail("a repeated message in the contract: %s", f);
                leaves(f.getMessageType(), prefix + f.getName() + "_", p, out);
            } else {
                out.put(prefix + f.getName(), p);
            }
        }
    }

    @Test
    void validFramesReadAsProtobufReadsThem() {
        long started = System.nanoTime();
        boolean[] seen = new boolean[FLAT.size()]; // a column that held something but its default
        for (int i = 0; i < VALID; i++) {
            byte[] b = frames(0, i).valid();
            if (!agree(b, "valid", i))
                fail("%s: protobuf refuses a valid frame: %s", where("valid", i), hex(b));
            for (int c = 0; c < seen.length; c++) seen[c] |= row.set(c);
        }
        List<String> never = new ArrayList<>();
        for (int c = 0; c < seen.length; c++) if (!seen[c]) never.add(COLUMNS.get(c).name());
        assertThat(never)
                .as("seed %d: columns never set by %d valid frames", SEED, VALID)
                .isEmpty();
        System.out.printf("%d valid frames agree (%d ms)%n", VALID, ms(started));
    }

    @Test
    void mutatedFramesReadAsProtobufReadsThemOrAreRefusedAsItRefusesThem() {
        long started = System.nanoTime();
        int refused = 0;
        byte[] base = null;
        for (int i = 0; i < MUTATED; i++) {
            // four cases per frame made: it with odd forms at the limits, or not, and mutations
            int made = i / 4;
            boolean limits = made % 2 == 1;
            if (i % 4 == 0) base = limits ? frames(1, made).atLimits() : frames(1, made).valid();
            byte[] b = limits && i % 4 == 0 ? base : frames(2, i).mutated(base);
            if (!agree(b, "mutated", i)) refused++;
        }
        int read = MUTATED - refused;
        System.out.printf(
                "%d mutated frames agree: %d read, %d refused by both (%d ms)%n",
                MUTATED, read, refused, ms(started));
        // both kinds in numbers, or the mutations say little
        assertThat(read).as("seed %d: mutated frames read", SEED).isGreaterThan(MUTATED / 10);
        assertThat(refused).as("seed %d: mutated frames refused", SEED).isGreaterThan(MUTATED / 10);
    }

    /** The frames of case {@code index}: drawn from the seed, kind and index alone. */
    private static RandomFrames frames(int kind, int index) {
        return new RandomFrames(new Random(SEED * 31 + kind * 0x9E37_79B9_7F4A_7C15L + index));
    }

    /**
     * Whether {@code b} reads, having checked that FrameConverter and FlatMessage read it as
     * protobuf does, or refuse it as protobuf does.
     */
    private boolean agree(byte[] b, String kind, int index) {
        String where = where(kind, index);
        TelemetryFrame parsed = parse(b);
        InvalidProtocolBufferException refusal = null;
        Frame frame = null;
        try {
            frame = source.convert(b);
        } catch (InvalidProtocolBufferException e) {
            refusal = e;
        } catch (RuntimeException e) {
            throw new AssertionError(where + ": FrameConverter threw on " + hex(b), e);
        }
        if (parsed == null) {
            if (refusal == null)
                fail("%s: protobuf refuses it, FrameConverter reads it: %s", where, hex(b));
            return false;
        }
        if (refusal != null)
            throw new AssertionError(
                    where + ": protobuf reads it, FrameConverter refuses it: " + hex(b), refusal);
        row.clear();
        try {
            FLAT.read(b, row, 0);
        } catch (InvalidProtocolBufferException | RuntimeException | AssertionError e) {
            throw new AssertionError(where + ": FlatMessage fails on it: " + hex(b), e);
        }
        for (int c = 0; c < PATHS.length; c++) {
            Message m = parsed;
            FieldDescriptor[] path = PATHS[c];
            for (int k = 0; k < path.length - 1; k++) m = (Message) m.getField(path[k]);
            if (!row.holds(c, m, path[path.length - 1]))
                fail(
                        "%s: column %s is %s, protobuf's getter %s: %s",
                        where,
                        COLUMNS.get(c).name(),
                        row.value(c),
                        expected(m, path[path.length - 1]),
                        hex(b));
        }
        Frame fromProtobuf;
        try {
            fromProtobuf = canonical.convert(parsed.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(where + ": protobuf's own encoding is refused", e);
        }
        String difference = difference(frame, fromProtobuf);
        if (difference != null)
            fail(
                    "%s: FrameConverter's %s differs from that of protobuf's encoding: %s",
                    where, difference, hex(b));
        return true;
    }

    private static String where(String kind, int index) {
        return "codec.seed=" + SEED + " " + kind + " case " + index;
    }

    private static TelemetryFrame parse(byte[] b) {
        try {
            return TelemetryFrame.parseFrom(b);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** Field {@code f} of {@code m} by protobuf's getters, as {@link Row#value} shows slots. */
    private static String expected(Message m, FieldDescriptor f) {
        if (!f.isRepeated()) return show(f, m.getField(f));
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < m.getRepeatedFieldCount(f); i++)
            s.append(i == 0 ? "" : ",").append(show(f, m.getRepeatedField(f, i)));
        return s.append(']').toString();
    }

    private static String show(FieldDescriptor f, Object v) {
        return isBytes(f) ? hex(bytes(f, v)) : Long.toString(bits(f, v));
    }

    /** A scalar as FlatMessage puts it in its slot: floats and doubles as their raw bits. */
    private static long bits(FieldDescriptor f, Object v) {
        return switch (f.getType()) {
            case FLOAT -> Float.floatToRawIntBits((Float) v);
            case DOUBLE -> Double.doubleToRawLongBits((Double) v);
            case BOOL -> (Boolean) v ? 1 : 0;
            case ENUM -> ((EnumValueDescriptor) v).getNumber();
            case UINT32, FIXED32 -> Integer.toUnsignedLong((Integer) v);
            case INT32, SINT32, SFIXED32 -> (Integer) v;
            default -> (Long) v;
        };
    }

    private static boolean isBytes(FieldDescriptor f) {
        return f.getType() == FieldDescriptor.Type.STRING
                || f.getType() == FieldDescriptor.Type.BYTES;
    }

    private static byte[] bytes(FieldDescriptor f, Object v) {
        return f.getType() == FieldDescriptor.Type.STRING
                ? ((String) v).getBytes(StandardCharsets.UTF_8)
                : ((ByteString) v).toByteArray();
    }

    /** The first field in which two frames differ (floats bit for bit), but the raw bytes. */
    private static String difference(Frame a, Frame b) {
        try {
            for (Field f : Frame.class.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("raw")) continue;
                Object x = f.get(a);
                Object y = f.get(b);
                boolean same =
                        x instanceof Float fx
                                ? Float.floatToRawIntBits(fx) == Float.floatToRawIntBits((Float) y)
                                : x instanceof float[] ax
                                        ? Arrays.equals(bits(ax), bits((float[]) y))
                                        : Objects.equals(x, y);
                if (!same) return f.getName() + " " + show(x) + " (protobuf: " + show(y) + ")";
            }
            return null;
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }

    private static String show(Object v) {
        return v instanceof float[] a ? Arrays.toString(a) : String.valueOf(v);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static long ms(long startedNs) {
        return (System.nanoTime() - startedNs) / 1_000_000;
    }

    /** The slots of one row, as FlatMessage puts them. */
    private static final class Row implements FlatMessage.Slots {
        private final long[] values = new long[FLAT.size()];
        private final byte[][] bytes = new byte[FLAT.size()][];
        private final List<List<Long>> lists = new ArrayList<>();

        Row() {
            for (int i = 0; i < FLAT.size(); i++) lists.add(new ArrayList<>());
        }

        void clear() {
            Arrays.fill(values, 0);
            Arrays.fill(bytes, new byte[0]);
            for (List<Long> l : lists) l.clear();
        }

        /** Whether column {@code c} holds other than its default. */
        boolean set(int c) {
            return values[c] != 0 || bytes[c].length > 0 || !lists.get(c).isEmpty();
        }

        /**
         * Whether column {@code c} holds field {@code f} of {@code m}, as its getters return it.
         */
        boolean holds(int c, Message m, FieldDescriptor f) {
            if (f.isRepeated()) {
                List<Long> list = lists.get(c);
                if (list.size() != m.getRepeatedFieldCount(f)) return false;
                for (int i = 0; i < list.size(); i++)
                    if (list.get(i) != bits(f, m.getRepeatedField(f, i))) return false;
                return true;
            }
            Object v = m.getField(f);
            return isBytes(f) ? Arrays.equals(bytes[c], bytes(f, v)) : values[c] == bits(f, v);
        }

        String value(int c) {
            FlatMessage.Column column = COLUMNS.get(c);
            if (column.repeated()) {
                StringBuilder s = new StringBuilder("[");
                for (long v : lists.get(c)) s.append(s.length() > 1 ? "," : "").append(v);
                return s.append(']').toString();
            }
            return switch (column.type()) {
                case STRING, BYTES -> hex(bytes[c]);
                default -> Long.toString(values[c]);
            };
        }

        @Override
        public void putInt(int slot, int v) {
            if (COLUMNS.get(slot).wide()) fail("putInt for %s", COLUMNS.get(slot));
            values[slot] = v;
        }

        @Override
        public void putLong(int slot, long v) {
            if (!COLUMNS.get(slot).wide()) fail("putLong for %s", COLUMNS.get(slot));
            values[slot] = v;
        }

        @Override
        public void putBytes(int slot, byte[] b, int offset, int length) {
            bytes[slot] = Arrays.copyOfRange(b, offset, offset + length);
        }

        @Override
        public void add(int slot, long v) {
            lists.get(slot).add(v);
        }
    }
}
