package io.actelemetry.job.frame;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random serialized TelemetryFrames, to hold the wire decoder against protobuf's own parser. Each
 * message sets every field of the contract with a probability drawn per message (the fields are
 * found from its descriptor, so fields added later are covered without a change here), nested
 * messages and repeated fields included, with unknown fields of every wire type among them.
 *
 * <p>{@link #valid()} writes them field by field in forms protobuf's writer never uses but its
 * parser reads: any field order, values written more than once (the last counts), sub-messages in
 * two parts (merged), packed and unpacked runs, defaults written out, varints longer than needed or
 * with bits above those read; or, half the time, as protobuf's own writer encodes the message its
 * parser makes of that. {@link #atLimits()} adds forms at protobuf's limits: the 10th varint byte,
 * lengths past 2^32 or a little off, nesting around 100 levels, strings that are not UTF-8; {@link
 * #mutated} bends an encoding byte by byte: flips, cuts, insertions, deletions, random tags and
 * lengths. Whether protobuf reads those is for its parser to say.
 */
final class RandomFrames {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int DELIMITED = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final int FIXED32 = 5;
    private static final int NESTING_LIMIT = 100; // protobuf's default recursion limit

    private static final String[] STRINGS = {
        "", "assetto_corsa", "ks_mazda_mx5_cup", "magione", "Ada", "rïg ✓", "Soft (S)", "€", "🏎"
    };

    private final Random random;

    /** Forms that protobuf may refuse, else only forms it reads. */
    private boolean hostile;

    RandomFrames(Random random) {
        this.random = random;
    }

    /** A random frame in odd forms that protobuf's parser reads, or as its writer encodes it. */
    byte[] valid() {
        hostile = false;
        byte[] odd = encode(TelemetryFrame.getDescriptor(), 0);
        if (random.nextBoolean()) return odd;
        try {
            return TelemetryFrame.parseFrom(odd).toByteArray();
        } catch (InvalidProtocolBufferException e) {
            return odd; // for the test to report as a valid frame refused
        }
    }

    /** A random frame with odd forms at protobuf's limits, which its parser may refuse. */
    byte[] atLimits() {
        hostile = true;
        return encode(TelemetryFrame.getDescriptor(), 0);
    }

    /** {@code frame} bent by one to three byte-level mutations. */
    byte[] mutated(byte[] frame) {
        hostile = true;
        byte[] b = frame;
        int n = random.nextInt(20);
        for (n = n < 12 ? 1 : n < 17 ? 2 : 3; n > 0; n--) b = mutate(b);
        return b;
    }

    // ---- encoding field by field ----

    /** A random message of {@code type}, {@code depth} messages below the frame. */
    private byte[] encode(Descriptor type, int depth) {
        return concat(units(type, depth));
    }

    /**
     * A random message of {@code type} in units that may come in any order: one per field (all
     * elements of a repeated field in one, in order) and one per unknown field.
     */
    private List<byte[]> units(Descriptor type, int depth) {
        double density = random.nextDouble();
        List<byte[]> units = new ArrayList<>();
        for (FieldDescriptor f : type.getFields()) {
            if (random.nextDouble() < density) {
                units.add(field(f, depth));
            } else if (random.nextInt(40) == 0 && !f.isRepeated()) {
                units.add(defaultOf(f)); // a default written out
            }
        }
        for (int n = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0; n > 0; n--)
            units.add(unknownField(type, 0));
        if (hostile && random.nextInt(10) == 0) units.add(nestedGroups(depth));
        Collections.shuffle(units, random);
        return units;
    }

    private byte[] field(FieldDescriptor f, int depth) {
        int n = f.getNumber();
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            if (!f.isRepeated()) return message(n, f.getMessageType(), depth);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int k = random.nextInt(4); k > 0; k--)
                out.writeBytes(message(n, f.getMessageType(), depth));
            return out.toByteArray();
        }
        if (!f.isRepeated()) {
            // sometimes an earlier value first, which the last replaces
            byte[] decoy = random.nextInt(8) == 0 ? scalar(f, value(f)) : new byte[0];
            return concat(List.of(decoy, scalar(f, value(f))));
        }
        // runs of elements, each packed or one by one
        int size = random.nextInt(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < size) {
            int run = 1 + random.nextInt(size - i);
            if (f.isPackable() && random.nextBoolean()) {
                ByteArrayOutputStream packed = new ByteArrayOutputStream();
                for (int k = 0; k < run; k++) packed.writeBytes(payload(f, value(f)));
                out.writeBytes(delimited(n, packed.toByteArray()));
            } else {
                for (int k = 0; k < run; k++) out.writeBytes(scalar(f, value(f)));
            }
            i += run;
        }
        if (f.isPackable() && size == 0 && random.nextBoolean())
            out.writeBytes(delimited(n, new byte[0])); // an empty packed run
        return out.toByteArray();
    }

    /** A sub-message, sometimes in two parts that protobuf merges into one. */
    private byte[] message(int number, Descriptor type, int depth) {
        List<byte[]> units = units(type, depth + 1);
        if (random.nextInt(4) != 0) return delimited(number, concat(units));
        int split = random.nextInt(units.size() + 1);
        return concat(
                List.of(
                        delimited(number, concat(units.subList(0, split))),
                        delimited(number, concat(units.subList(split, units.size())))));
    }

    private byte[] defaultOf(FieldDescriptor f) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE)
            return delimited(f.getNumber(), new byte[0]);
        Object zero =
                switch (f.getJavaType()) {
                    case LONG, DOUBLE -> 0L;
                    case BOOLEAN -> false;
                    case STRING -> "";
                    case BYTE_STRING -> ByteString.EMPTY;
                    default -> 0; // ints, enums, and floats as their bits
                };
        return scalar(f, zero);
    }

    /** A random value of a scalar field; floats and doubles as their bits, enums as numbers. */
    private Object value(FieldDescriptor f) {
        return switch (f.getJavaType()) {
            case INT -> anInt();
            case LONG -> aLong();
            case FLOAT -> floatBits();
            case DOUBLE -> doubleBits();
            case BOOLEAN -> random.nextBoolean();
            case STRING -> string();
            case BYTE_STRING -> ByteString.copyFrom(bytes(random.nextInt(8)));
            case ENUM -> anEnumNumber();
            case MESSAGE -> throw new IllegalArgumentException("not a scalar: " + f);
        };
    }

    private byte[] scalar(FieldDescriptor f, Object value) {
        return concat(List.of(tag(f.getNumber(), wireType(f)), payload(f, value)));
    }

    /** A value as it follows its tag (a length first for strings and bytes). */
    private byte[] payload(FieldDescriptor f, Object v) {
        return switch (f.getType()) {
            case FLOAT, FIXED32, SFIXED32 -> fixed32((Integer) v);
            case DOUBLE, FIXED64, SFIXED64 -> fixed64((Long) v);
            case STRING -> lengthAndBytes(utf8OrNot((String) v));
            case BYTES -> lengthAndBytes(((ByteString) v).toByteArray());
            case INT32, UINT32, ENUM -> varint32((Integer) v);
            case SINT32 -> varint32(((Integer) v << 1) ^ ((Integer) v >> 31));
            case BOOL -> varint((Boolean) v ? (random.nextInt(4) == 0 ? aNonZeroLong() : 1) : 0);
            case INT64, UINT64 -> varint((Long) v);
            case SINT64 -> varint(((Long) v << 1) ^ ((Long) v >> 63));
            default -> throw new IllegalArgumentException("not a scalar: " + f);
        };
    }

    private static int wireType(FieldDescriptor f) {
        return switch (f.getType()) {
            case FLOAT, FIXED32, SFIXED32 -> FIXED32;
            case DOUBLE, FIXED64, SFIXED64 -> FIXED64;
            case STRING, BYTES, MESSAGE -> DELIMITED;
            case GROUP -> START_GROUP;
            default -> VARINT;
        };
    }

    /** An unknown field of {@code type} (null: of a group, where any number goes). */
    private byte[] unknownField(Descriptor type, int groupDepth) {
        int wire =
                new int[] {VARINT, FIXED64, DELIMITED, FIXED32, START_GROUP}
                        [random.nextInt(groupDepth < 3 ? 5 : 4)];
        int n = unknownNumber(type, wire);
        return switch (wire) {
            case VARINT -> concat(List.of(tag(n, VARINT), varint(aLong())));
            case FIXED64 -> concat(List.of(tag(n, FIXED64), fixed64(aLong())));
            case DELIMITED -> delimited(n, bytes(random.nextInt(12)));
            case FIXED32 -> concat(List.of(tag(n, FIXED32), fixed32(anInt())));
            default -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(tag(n, START_GROUP));
                for (int k = random.nextInt(4); k > 0; k--)
                    out.writeBytes(unknownField(null, groupDepth + 1));
                out.writeBytes(tag(n, END_GROUP));
                yield out.toByteArray();
            }
        };
    }

    /**
     * A field number that {@code type} does not read with {@code wire}: one it lacks, or one of its
     * fields with a wire type not its own (which protobuf keeps as unknown too).
     */
    private int unknownNumber(Descriptor type, int wire) {
        while (true) {
            int n =
                    switch (random.nextInt(4)) {
                        case 0 -> 1 + random.nextInt((1 << 29) - 1);
                        case 1 -> 1 + random.nextInt(2047);
                        default -> 1 + random.nextInt(80);
                    };
            FieldDescriptor f = type == null ? null : type.findFieldByNumber(n);
            if (f == null || !(wire == wireType(f) || (f.isPackable() && wire == DELIMITED)))
                return n;
        }
    }

    /** Unknown groups nested to about protobuf's limit, counting the messages around them. */
    private byte[] nestedGroups(int depth) {
        int n = NESTING_LIMIT - depth - 2 + random.nextInt(4);
        int number = 1 + random.nextInt(2000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) out.writeBytes(tag(number, START_GROUP));
        for (int i = 0; i < n; i++) out.writeBytes(tag(number, END_GROUP));
        return out.toByteArray();
    }

    private byte[] delimited(int number, byte[] content) {
        return concat(List.of(tag(number, DELIMITED), lengthAndBytes(content)));
    }

    private byte[] lengthAndBytes(byte[] content) {
        long length = content.length;
        if (random.nextInt(30) == 0)
            length += (long) (1 + random.nextInt(7)) << 32; // only 32 bits are read
        if (hostile && random.nextInt(300) == 0) length += random.nextInt(7) - 3;
        return concat(List.of(varint(length), content));
    }

    private byte[] tag(int number, int wire) {
        long tag = (long) number << 3 | wire;
        if (random.nextInt(50) == 0) tag |= (long) random.nextInt(1 << 20) << 32; // read as 32 bits
        return varint(tag);
    }

    /** A value read as 32 bits: what is above them may be anything. */
    private byte[] varint32(int v) {
        long wide = random.nextInt(20) == 0 ? v & 0xffffffffL | aLong() << 32 : v;
        return varint(wide);
    }

    /**
     * {@code v} as a varint, sometimes longer than it needs (up to the ten bytes protobuf reads),
     * with bits past bit 63 in a 10th byte, which protobuf ignores; when hostile, also the 10th
     * byte's top bit set, and eleven bytes.
     */
    private byte[] varint(long v) {
        int least = 1;
        while (least < 10 && v >>> (7 * least) != 0) least++;
        int length = random.nextInt(10) == 0 ? least + random.nextInt(11 - least) : least;
        if (hostile && random.nextInt(400) == 0) length = 10 + random.nextInt(2);
        byte[] b = new byte[length];
        for (int i = 0; i < length && i < 9; i++) {
            b[i] = (byte) ((v >>> (7 * i)) & 0x7f | (i < length - 1 ? 0x80 : 0));
        }
        if (length >= 10) {
            int tenth = (int) (v >>> 63) | random.nextInt(64) << 1;
            if (length == 11 || (hostile && random.nextInt(3) == 0)) tenth |= 0x80;
            b[9] = (byte) tenth;
        }
        if (length == 11) b[10] = (byte) random.nextInt(128);
        return b;
    }

    private static byte[] fixed32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] fixed64(long v) {
        return concat(List.of(fixed32((int) v), fixed32((int) (v >>> 32))));
    }

    /**
     * A string's UTF-8, or when hostile now and then bytes that may not be UTF-8: a byte changed,
     * random bytes, or a sequence at the edges of UTF-8.
     */
    private byte[] utf8OrNot(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (!hostile || random.nextInt(40) != 0) return b;
        return switch (random.nextInt(3)) {
            case 0 -> {
                if (b.length > 0) b[random.nextInt(b.length)] = (byte) (0x80 | random.nextInt(128));
                yield b;
            }
            case 1 -> bytes(1 + random.nextInt(6));
            default -> concat(List.of(b, UTF8_EDGES[random.nextInt(UTF8_EDGES.length)]));
        };
    }

    /** Overlong forms, surrogates, past U+10FFFF, cut sequences, and the valid ones beside them. */
    private static final byte[][] UTF8_EDGES = {
        utf8(0xc0, 0x80),
        utf8(0xc1, 0xbf),
        utf8(0xe0, 0x80, 0x80),
        utf8(0xf0, 0x80, 0x80, 0x80),
        utf8(0xed, 0xa0, 0x80),
        utf8(0xed, 0xbf, 0xbf),
        utf8(0xf4, 0x90, 0x80, 0x80),
        utf8(0xf5, 0x80, 0x80, 0x80),
        utf8(0xc2),
        utf8(0xe2, 0x82),
        utf8(0x80),
        utf8(0xed, 0x9f, 0xbf),
        utf8(0xee, 0x80, 0x80),
        utf8(0xef, 0xbf, 0xbf),
        utf8(0xf4, 0x8f, 0xbf, 0xbf),
        utf8(0x00)
    };

    private static byte[] utf8(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return b;
    }

    // ---- byte-level mutations ----

    private byte[] mutate(byte[] b) {
        if (b.length == 0) return bytes(1 + random.nextInt(8));
        int at = random.nextInt(b.length + 1);
        int in = Math.min(at, b.length - 1);
        byte[] c = b.clone();
        switch (random.nextInt(13)) {
            case 0 -> c[in] ^= (byte) (1 << random.nextInt(8));
            case 1 -> c[in] = (byte) random.nextInt(256);
            case 2 ->
                    c[in] =
                            (byte)
                                    new int[] {0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff}
                                            [random.nextInt(7)];
            case 3 -> c = Arrays.copyOf(b, random.nextInt(b.length));
            case 4 -> c = insert(b, at, bytes(1 + random.nextInt(8)));
            case 5 -> c = insert(b, at, tag(aFieldNumber(), random.nextInt(8)));
            case 6 ->
                    c =
                            insert(
                                    b,
                                    at,
                                    concat(
                                            List.of(
                                                    tag(aFieldNumber(), DELIMITED),
                                                    varint(aLength()))));
            case 7 -> c = insert(b, at, varint(aLong()));
            case 8 -> { // a length or tag byte changed: overwrite with a random varint
                byte[] v = varint(random.nextBoolean() ? aLength() : aLong());
                c = insert(delete(b, at, Math.min(v.length, b.length - at)), at, v);
            }
            case 9 -> c = delete(b, at, 1 + random.nextInt(8));
            case 10 ->
                    c =
                            random.nextBoolean()
                                    ? concat(List.of(aField(), b))
                                    : concat(List.of(b, aField()));
            case 11 -> { // two frames: protobuf merges them
                c = concat(List.of(b, valid()));
                hostile = true; // for the mutations to come
            }
            default -> { // a run of bytes repeated
                int from = random.nextInt(b.length);
                int length = 1 + random.nextInt(Math.min(16, b.length - from));
                c = insert(b, at, Arrays.copyOfRange(b, from, from + length));
            }
        }
        return c;
    }

    /** A well-formed field of a random number and wire type, maybe one of ours in another type. */
    private byte[] aField() {
        int number = aFieldNumber();
        return switch (random.nextInt(4)) {
            case 0 -> concat(List.of(tag(number, VARINT), varint(aLong())));
            case 1 -> concat(List.of(tag(number, FIXED64), fixed64(aLong())));
            case 2 -> concat(List.of(tag(number, FIXED32), fixed32(anInt())));
            default ->
                    delimited(
                            number,
                            random.nextBoolean() ? bytes(random.nextInt(10)) : utf8OrNot(string()));
        };
    }

    private int aFieldNumber() {
        return random.nextInt(8) == 0 ? 1 + random.nextInt((1 << 29) - 1) : 1 + random.nextInt(64);
    }

    private long aLength() {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextInt(4);
            case 1 -> random.nextInt(64);
            case 2 -> (long) random.nextInt(16) << 32 | random.nextInt(64); // read as 32 bits
            case 3 -> 0x8000_0000L + random.nextInt(1 << 30); // negative as an int32
            default -> aLong();
        };
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        return concat(List.of(Arrays.copyOf(b, at), what, Arrays.copyOfRange(b, at, b.length)));
    }

    private static byte[] delete(byte[] b, int at, int length) {
        int end = Math.min(b.length, at + length);
        return concat(List.of(Arrays.copyOf(b, at), Arrays.copyOfRange(b, end, b.length)));
    }

    // ---- values ----

    private int anInt() {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 ->
                    new int[] {1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 127, 128, 16_384}
                            [random.nextInt(7)];
            case 2, 3 -> random.nextInt(200) - 50;
            default -> random.nextInt();
        };
    }

    private long aLong() {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 ->
                    new long[] {1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 63 | 1, 0xffff_ffffL}
                            [random.nextInt(6)];
            case 2 -> random.nextInt(1000);
            case 3 -> random.nextLong() >>> random.nextInt(64);
            default -> random.nextLong();
        };
    }

    private long aNonZeroLong() {
        long v = aLong();
        return v != 0 ? v : 1L << random.nextInt(64);
    }

    private int anEnumNumber() {
        return random.nextBoolean() ? random.nextInt(6) : anInt();
    }

    private int floatBits() {
        return switch (random.nextInt(6)) {
            case 0 ->
                    new int[] {
                                0,
                                0x8000_0000,
                                0x7f80_0000,
                                0xff80_0000,
                                0x7fc0_0000,
                                1,
                                0x7f7f_ffff
                            }
                            [random.nextInt(7)];
            case 1 ->
                    0x7f80_0001 + random.nextInt(0x007f_ffff)
                            | (random.nextBoolean() ? 0x8000_0000 : 0); // NaNs
            case 2 -> random.nextInt();
            default -> Float.floatToRawIntBits((random.nextFloat() - 0.5f) * 1000f);
        };
    }

    private long doubleBits() {
        return switch (random.nextInt(4)) {
            case 0 -> 0x7ff0_0000_0000_0001L + random.nextInt(1 << 30); // a NaN
            case 1 -> random.nextLong();
            default -> Double.doubleToRawLongBits((random.nextDouble() - 0.5) * 1e6);
        };
    }

    private String string() {
        if (random.nextInt(3) != 0) return STRINGS[random.nextInt(STRINGS.length)];
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            int c =
                    switch (random.nextInt(4)) {
                        case 0 -> 0x20 + random.nextInt(0x5f);
                        case 1 -> 0x80 + random.nextInt(0x780); // two bytes
                        case 2 -> // three bytes, but the surrogates
                                random.nextBoolean()
                                        ? 0x800 + random.nextInt(0xd000)
                                        : 0xe000 + random.nextInt(0x2000);
                        default -> 0x10000 + random.nextInt(0x100000); // four
                    };
            s.appendCodePoint(c);
        }
        return s.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }
}
