package io.actelemetry.bridge.pages;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.RecordComponent;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The byte layout of one page, written down once: it decodes page bytes into the page record and
 * encodes the record back into bytes. Fields are listed in the record's component order; the
 * constructor checks names, Java types, overlaps and the page size, so a typo fails at class load.
 *
 * <p>Decoding is the sampler's work for every physics step, so it allocates nothing but the record
 * and its values: the page's decoder calls the record's constructor with one typed {@link Reader}
 * call per field ({@code new PhysicsPage(r.i32(), r.f32(), ...)}), and the reader checks each call
 * against the field list (the layout decodes an empty page once, at class load, to prove it).
 *
 * <p>A page shorter than {@link #size()} (older AC builds) decodes with the fields past its end
 * left at zero / empty; encoding into a shorter buffer writes only the fields that fit.
 */
public final class Layout<R extends Record> {

    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    /** How a field sits in the page. */
    public enum Kind {
        I32(Integer.class, int.class),
        F32(Float.class, float.class),
        VEC3(Vec3.class, Vec3.class),
        WHEELS(Wheels.class, Wheels.class),
        WHEEL_VECTORS(WheelVectors.class, WheelVectors.class),
        /** float[count], decoded as an immutable List<Float>. */
        FLOATS(List.class, List.class),
        /** wchar_t[count]: UTF-16LE, NUL-terminated inside the fixed length. */
        UTF16(String.class, String.class);

        private final Class<?> boxed;
        private final Class<?> javaType;

        Kind(Class<?> boxed, Class<?> javaType) {
            this.boxed = boxed;
            this.javaType = javaType;
        }
    }

    /** One field: its name in the page record, its byte offset, kind and element count. */
    public record Field(String name, int offset, Kind kind, int count) {
        public int size() {
            return switch (kind) {
                case I32, F32 -> 4;
                case VEC3 -> 12;
                case WHEELS -> 16;
                case WHEEL_VECTORS -> 48;
                case FLOATS -> 4 * count;
                case UTF16 -> 2 * count;
            };
        }

        public int end() {
            return offset + size();
        }
    }

    public static Field i32(int offset, String name) {
        return new Field(name, offset, Kind.I32, 1);
    }

    public static Field f32(int offset, String name) {
        return new Field(name, offset, Kind.F32, 1);
    }

    public static Field vec3(int offset, String name) {
        return new Field(name, offset, Kind.VEC3, 1);
    }

    public static Field wheels(int offset, String name) {
        return new Field(name, offset, Kind.WHEELS, 1);
    }

    public static Field wheelVectors(int offset, String name) {
        return new Field(name, offset, Kind.WHEEL_VECTORS, 1);
    }

    public static Field floats(int offset, int count, String name) {
        return new Field(name, offset, Kind.FLOATS, count);
    }

    public static Field utf16(int offset, int chars, String name) {
        return new Field(name, offset, Kind.UTF16, chars);
    }

    private final Class<R> type;
    private final int size;
    private final Field[] fields;

    /** The fields' kinds, offsets and ends as arrays: what decoding reads for every field. */
    private final Kind[] kinds;

    private final int[] offsets;
    private final int[] ends;
    private final Function<Reader, R> decoder;
    private final MethodHandle[] accessors;
    private final R empty;

    /**
     * @param decoder builds the record from a {@link Reader}, reading every field once in order
     */
    public static <R extends Record> Layout<R> of(
            Class<R> type, int size, Function<Reader, R> decoder, Field... fields) {
        return new Layout<>(type, size, decoder, fields);
    }

    private Layout(Class<R> type, int size, Function<Reader, R> decoder, Field[] fields) {
        this.type = type;
        this.size = size;
        this.decoder = decoder;
        this.fields = fields.clone();
        this.kinds = Arrays.stream(fields).map(Field::kind).toArray(Kind[]::new);
        this.offsets = Arrays.stream(fields).mapToInt(Field::offset).toArray();
        this.ends = Arrays.stream(fields).mapToInt(Field::end).toArray();
        RecordComponent[] components = type.getRecordComponents();
        if (components.length != fields.length) {
            throw new IllegalArgumentException(
                    type.getSimpleName()
                            + ": "
                            + components.length
                            + " record components but "
                            + fields.length
                            + " layout fields");
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        accessors = new MethodHandle[fields.length];
        int previousEnd = 0;
        try {
            for (int i = 0; i < fields.length; i++) {
                Field f = fields[i];
                RecordComponent c = components[i];
                if (!c.getName().equals(f.name()) || c.getType() != f.kind().javaType) {
                    throw new IllegalArgumentException(
                            type.getSimpleName()
                                    + ": field "
                                    + i
                                    + " is "
                                    + f
                                    + " but the record component is "
                                    + c.getType().getSimpleName()
                                    + " "
                                    + c.getName());
                }
                if (f.offset() < previousEnd || f.end() > size || f.offset() % 2 != 0) {
                    throw new IllegalArgumentException(
                            type.getSimpleName()
                                    + ": "
                                    + f
                                    + " overlaps or exceeds "
                                    + size
                                    + " bytes");
                }
                previousEnd = f.end();
                accessors[i] =
                        lookup.unreflect(c.getAccessor())
                                .asType(MethodType.methodType(Object.class, Record.class));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot bind " + type, e);
        }
        this.empty =
                decode(new byte[0], 0); // also proves that the decoder reads the fields as listed
    }

    /** Size of the page in the newest supported layout (smVersion 1.7). */
    public int size() {
        return size;
    }

    public List<Field> fields() {
        return List.of(fields);
    }

    /**
     * Decodes the first {@code length} bytes of {@code page}; fields past that stay zero / empty.
     */
    public R decode(byte[] page, int length) {
        Reader reader = new Reader(this, page, Math.min(length, page.length));
        R record = decoder.apply(reader);
        if (reader.next != fields.length) {
            throw new IllegalStateException(
                    type.getSimpleName()
                            + " decoder read "
                            + reader.next
                            + " of "
                            + fields.length
                            + " fields");
        }
        return record;
    }

    public R decode(byte[] page) {
        return decode(page, page.length);
    }

    /**
     * Writes every field of {@code record} that fits into the first {@code length} bytes of {@code
     * page}.
     */
    public void encode(R record, byte[] page, int length) {
        int available = Math.min(length, page.length);
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i];
            if (f.end() <= available) {
                try {
                    write(page, f, (Object) accessors[i].invokeExact((Record) record));
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** A fresh page of {@link #size()} bytes holding {@code record}. */
    public byte[] encode(R record) {
        byte[] page = new byte[size];
        encode(record, page, size);
        return page;
    }

    /** The record with every field zero / empty: what a page of zeros decodes to. */
    public R empty() {
        return empty;
    }

    /**
     * Reads a page's fields in the layout's order, each with the method of its kind; a field past
     * the end of a shorter page reads as zero / empty.
     */
    public static final class Reader {
        private final Layout<?> layout;
        private final Kind[] kinds;
        private final int[] offsets;
        private final int[] ends;
        private final byte[] page;
        private final int available;
        private int next;

        private Reader(Layout<?> layout, byte[] page, int available) {
            this.layout = layout;
            this.kinds = layout.kinds;
            this.offsets = layout.offsets;
            this.ends = layout.ends;
            this.page = page;
            this.available = available;
        }

        public int i32() {
            int o = offset(Kind.I32);
            return o < 0 ? 0 : (int) INT.get(page, o);
        }

        public float f32() {
            int o = offset(Kind.F32);
            return o < 0 ? 0f : Layout.f32(page, o);
        }

        public Vec3 vec3() {
            int o = offset(Kind.VEC3);
            return o < 0 ? Vec3.ZERO : Layout.vec3(page, o);
        }

        public Wheels wheels() {
            int o = offset(Kind.WHEELS);
            return o < 0
                    ? Wheels.ZERO
                    : new Wheels(
                            Layout.f32(page, o),
                            Layout.f32(page, o + 4),
                            Layout.f32(page, o + 8),
                            Layout.f32(page, o + 12));
        }

        public WheelVectors wheelVectors() {
            int o = offset(Kind.WHEEL_VECTORS);
            return o < 0
                    ? WheelVectors.ZERO
                    : new WheelVectors(
                            Layout.vec3(page, o),
                            Layout.vec3(page, o + 12),
                            Layout.vec3(page, o + 24),
                            Layout.vec3(page, o + 36));
        }

        /** float[count] as an immutable list. */
        public List<Float> floats() {
            Field f = layout.fields[next];
            int o = offset(Kind.FLOATS);
            Float[] values = new Float[f.count()];
            for (int i = 0; i < values.length; i++) {
                values[i] = o < 0 ? 0f : Layout.f32(page, o + 4 * i);
            }
            return List.of(values);
        }

        /** wchar_t[count]: UTF-16LE up to the first NUL. */
        public String utf16() {
            Field f = layout.fields[next];
            int o = offset(Kind.UTF16);
            if (o < 0) {
                return "";
            }
            int chars = 0;
            while (chars < f.count() && (page[o + 2 * chars] | page[o + 2 * chars + 1]) != 0) {
                chars++;
            }
            return new String(page, o, 2 * chars, StandardCharsets.UTF_16LE);
        }

        /** The next field's offset, or -1 when it lies past the page's end; checks its kind. */
        private int offset(Kind kind) {
            int i = next++;
            if (i >= kinds.length || kinds[i] != kind) {
                throw new IllegalStateException(
                        layout.type.getSimpleName()
                                + " decoder reads "
                                + kind
                                + " as field "
                                + i
                                + " but the layout has "
                                + (i < kinds.length ? layout.fields[i] : "no more fields"));
            }
            return ends[i] <= available ? offsets[i] : -1;
        }
    }

    private static void write(byte[] p, Field f, Object value) {
        int o = f.offset();
        switch (f.kind()) {
            case I32 -> INT.set(p, o, (int) (Integer) value);
            case F32 -> FLOAT.set(p, o, (float) (Float) value);
            case VEC3 -> putVec3(p, o, (Vec3) value);
            case WHEELS -> {
                Wheels w = (Wheels) value;
                FLOAT.set(p, o, w.fl());
                FLOAT.set(p, o + 4, w.fr());
                FLOAT.set(p, o + 8, w.rl());
                FLOAT.set(p, o + 12, w.rr());
            }
            case WHEEL_VECTORS -> {
                WheelVectors w = (WheelVectors) value;
                putVec3(p, o, w.fl());
                putVec3(p, o + 12, w.fr());
                putVec3(p, o + 24, w.rl());
                putVec3(p, o + 36, w.rr());
            }
            case FLOATS -> {
                List<?> values = (List<?>) value;
                for (int i = 0; i < f.count(); i++) {
                    FLOAT.set(p, o + 4 * i, i < values.size() ? (float) (Float) values.get(i) : 0f);
                }
            }
            case UTF16 -> {
                byte[] text = ((String) value).getBytes(StandardCharsets.UTF_16LE);
                // Keep room for the terminating NUL, as the game's fixed-size wchar_t arrays do.
                int bytes = Math.min(text.length, 2 * (f.count() - 1));
                System.arraycopy(text, 0, p, o, bytes);
                Arrays.fill(p, o + bytes, o + 2 * f.count(), (byte) 0);
            }
        }
    }

    private static float f32(byte[] p, int o) {
        return (float) FLOAT.get(p, o);
    }

    private static Vec3 vec3(byte[] p, int o) {
        return new Vec3(f32(p, o), f32(p, o + 4), f32(p, o + 8));
    }

    private static void putVec3(byte[] p, int o, Vec3 v) {
        FLOAT.set(p, o, v.x());
        FLOAT.set(p, o + 4, v.y());
        FLOAT.set(p, o + 8, v.z());
    }

    /** Reads the int32 at {@code offset} (the packetId at 0, say) without decoding the page. */
    public static int intAt(byte[] page, int offset) {
        return (int) INT.get(page, offset);
    }

    @Override
    public String toString() {
        return type.getSimpleName() + " layout (" + size + " bytes, " + fields.length + " fields)";
    }
}
