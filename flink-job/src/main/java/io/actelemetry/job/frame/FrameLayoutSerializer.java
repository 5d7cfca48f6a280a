package io.actelemetry.job.frame;

import io.actelemetry.job.frame.FrameLayout.Entry;
import io.actelemetry.job.frame.FrameLayout.Kind;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Frames in any {@link FrameLayout}, field by field by name: the serializer of state written by
 * another build, which Flink uses once, on restore, to migrate it to {@link FrameSerializer}'s
 * layout. A field the layout lacks keeps Frame's default; a field Frame no longer has is read and
 * dropped (and written as zero or null). Reflection per field is fine for a restore; the hot path
 * is FrameSerializer's.
 */
final class FrameLayoutSerializer extends TypeSerializer<Frame> {
    private static final long serialVersionUID = 1L;

    private static final Map<String, Field> FRAME_FIELDS =
            Arrays.stream(Frame.class.getFields())
                    .filter(f -> !Modifier.isStatic(f.getModifiers()))
                    .collect(Collectors.toMap(Field::getName, Function.identity()));

    private final FrameLayout layout;

    FrameLayoutSerializer(FrameLayout layout) {
        this.layout = layout;
    }

    @Override
    public void serialize(Frame f, DataOutputView out) throws IOException {
        List<Entry> entries = layout.entries();
        for (int i = 0; i < entries.size(); ) {
            if (entries.get(i).kind() != Kind.BOOLEAN) {
                write(entries.get(i).kind(), get(f, entries.get(i++)), out);
                continue;
            }
            int bits = 0;
            for (int bit = 0;
                    bit < 8 && i < entries.size() && entries.get(i).kind() == Kind.BOOLEAN;
                    bit++, i++) {
                if (Boolean.TRUE.equals(get(f, entries.get(i)))) bits |= 1 << bit;
            }
            out.writeByte(bits);
        }
    }

    @Override
    public Frame deserialize(DataInputView in) throws IOException {
        Frame f = new Frame();
        List<Entry> entries = layout.entries();
        for (int i = 0; i < entries.size(); ) {
            if (entries.get(i).kind() != Kind.BOOLEAN) {
                Entry e = entries.get(i++);
                set(f, e, read(e.kind(), in));
                continue;
            }
            int bits = in.readByte();
            for (int bit = 0;
                    bit < 8 && i < entries.size() && entries.get(i).kind() == Kind.BOOLEAN;
                    bit++, i++) {
                set(f, entries.get(i), (bits & 1 << bit) != 0);
            }
        }
        return f;
    }

    private static void write(Kind kind, Object value, DataOutputView out) throws IOException {
        switch (kind) {
            case STRING ->
                    bytes(
                            value == null
                                    ? null
                                    : ((String) value).getBytes(StandardCharsets.UTF_8),
                            out);
            case BYTES -> bytes((byte[]) value, out);
            case LONG -> out.writeLong(value == null ? 0 : ((Number) value).longValue());
            case INT -> out.writeInt(value == null ? 0 : ((Number) value).intValue());
            case FLOAT ->
                    FrameSerializer.writeFloat(
                            value == null ? 0 : ((Number) value).floatValue(), out);
            case FLOATS -> {
                float[] values = (float[]) value;
                out.writeInt(values == null ? -1 : values.length);
                if (values != null) for (float v : values) FrameSerializer.writeFloat(v, out);
            }
            case BOOLEAN -> throw new AssertionError("booleans go in runs");
        }
    }

    private static void bytes(byte[] value, DataOutputView out) throws IOException {
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) out.write(value);
    }

    private static Object read(Kind kind, DataInputView in) throws IOException {
        return switch (kind) {
            case STRING -> {
                byte[] utf8 = bytes(in);
                yield utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
            }
            case BYTES -> bytes(in);
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case FLOAT -> in.readFloat();
            case FLOATS -> {
                int length = in.readInt();
                if (length < 0) yield null;
                float[] values = new float[length];
                for (int i = 0; i < length; i++) values[i] = in.readFloat();
                yield values;
            }
            case BOOLEAN -> throw new AssertionError("booleans go in runs");
        };
    }

    private static byte[] bytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) return null;
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }

    private static Object get(Frame f, Entry e) {
        Field field = FRAME_FIELDS.get(e.name());
        try {
            return field == null ? null : field.get(f);
        } catch (IllegalAccessException x) {
            throw new AssertionError(x); // public fields
        }
    }

    private static void set(Frame f, Entry e, Object value) {
        Field field = FRAME_FIELDS.get(e.name());
        if (field == null) return;
        try {
            field.set(f, value);
        } catch (IllegalAccessException x) {
            throw new AssertionError(x);
        }
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
    public FrameLayoutSerializer duplicate() {
        return this; // stateless
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Frame createInstance() {
        return new Frame();
    }

    @Override
    public Frame copy(Frame from) {
        return FrameSerializer.deepCopy(from);
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
    public boolean equals(Object o) {
        return o instanceof FrameLayoutSerializer other && other.layout.equals(layout);
    }

    @Override
    public int hashCode() {
        return layout.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Frame> snapshotConfiguration() {
        return new FrameSerializerSnapshot(layout);
    }
}
