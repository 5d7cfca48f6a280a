package io.actelemetry.job.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.Frames;
import io.actelemetry.job.laps.OrderingBuffer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameSerializerTest {

    private final TypeSerializer<Frame> SERIALIZER = new FrameSerializer();

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void everyFieldOfFrameSurvivesTheRoundTrip(int flagParity) throws Exception {
        Frame f = distinctValuesInEveryField(flagParity);

        Frame back = roundTrip(f);

        // field by field, so a field added to Frame and forgotten in the serializer fails here
        for (Field field : Frame.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) continue;
            assertThat(field.get(back)).as(field.getName()).isEqualTo(field.get(f));
        }
    }

    @Test
    void aConvertedFrameComesBackEqual() throws Exception {
        Frame f = FrameConverter.convert(Frames.current("s1", "rig2", 17));
        assertThat(roundTrip(f)).usingRecursiveComparison().isEqualTo(f);
    }

    @Test
    void floatsKeepTheirBitsNaNPayloadsAndNegativeZeroIncluded() throws Exception {
        int[] bits = {0x7fc00123, 0xffc00000, 0x7f800001, 0x80000000, 0x00000001};
        Frame f = FrameConverter.convert(Frames.current("s1", "", 1));
        f.speedKmh = Float.intBitsToFloat(bits[0]);
        f.brake = Float.intBitsToFloat(bits[1]);
        f.posZ = Float.intBitsToFloat(bits[2]);
        f.tyreCoreTempC = new float[4];
        for (int i = 0; i < 4; i++) f.tyreCoreTempC[i] = Float.intBitsToFloat(bits[i + 1]);

        Frame back = roundTrip(f);

        assertThat(Float.floatToRawIntBits(back.speedKmh)).isEqualTo(bits[0]);
        assertThat(Float.floatToRawIntBits(back.brake)).isEqualTo(bits[1]);
        assertThat(Float.floatToRawIntBits(back.posZ)).isEqualTo(bits[2]);
        for (int i = 0; i < 4; i++)
            assertThat(Float.floatToRawIntBits(back.tyreCoreTempC[i])).isEqualTo(bits[i + 1]);
    }

    @Test
    void nullsStayNull() throws Exception {
        Frame empty =
                new Frame(); // strings, wheel arrays and raw all unset, as in a frame without raw
        // bytes
        Frame back = roundTrip(empty);
        assertThat(back).usingRecursiveComparison().isEqualTo(empty);
        assertThat(back.sessionId).isNull();
        assertThat(back.raw).isNull();
        assertThat(back.tyreCoreTempC).isNull();
    }

    @Test
    void framesFollowEachOtherInOneStream() throws Exception {
        // strings that repeat the frame before's, change, come back, and go missing: each read as
        // written
        List<Frame> frames =
                List.of(
                        FrameConverter.convert(Frames.current("s1", "", 1)),
                        FrameConverter.convert(Frames.current("s1", "", 2)).withoutRaw(),
                        FrameConverter.convert(Frames.current("session two", "rig2", 1)),
                        new Frame(),
                        FrameConverter.convert(Frames.current("s1", "", 3)));
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (Frame f : frames) SERIALIZER.serialize(f, out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (Frame f : frames)
            assertThat(SERIALIZER.deserialize(in)).usingRecursiveComparison().isEqualTo(f);
        assertThat(in.available()).isZero();
    }

    @Test
    void eachUserGetsAnInstanceOfItsOwn() {
        // it remembers the strings it read last, so two threads must not share one
        assertThat(SERIALIZER.duplicate()).isNotSameAs(SERIALIZER).isEqualTo(SERIALIZER);
    }

    @Test
    void copiesAreDeep() {
        Frame f = distinctValuesInEveryField(0);
        Frame copy = SERIALIZER.copy(f);
        assertThat(copy).isNotSameAs(f).usingRecursiveComparison().isEqualTo(f);
        assertThat(copy.raw).isNotSameAs(f.raw);
        assertThat(copy.tyreCoreTempC).isNotSameAs(f.tyreCoreTempC);
        assertThat(copy.tyrePressurePsi).isNotSameAs(f.tyrePressurePsi);
    }

    @Test
    void copyingSerializedBytesGivesTheSameFrame() throws Exception {
        Frame f = distinctValuesInEveryField(0);
        DataOutputSerializer first = new DataOutputSerializer(64);
        SERIALIZER.serialize(f, first);
        DataOutputSerializer second = new DataOutputSerializer(64);
        SERIALIZER.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
        assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
    }

    @Test
    void theSnapshotRestoresACompatibleSerializer() throws Exception {
        TypeSerializerSnapshot<Frame> snapshot = SERIALIZER.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<Frame> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());

        assertThat(read.restoreSerializer())
                .isInstanceOf(FrameSerializer.class)
                .isEqualTo(SERIALIZER);
        assertThat(
                        SERIALIZER
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void flinkUsesItForFramesAndForTheFramesInState() {
        TypeInformation<Frame> frame = TypeInformation.of(Frame.class);
        assertThat(frame).isSameAs(FrameTypeInfo.INSTANCE);
        assertThat(frame.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(FrameSerializer.class);

        PojoTypeInfo<?> buffer = (PojoTypeInfo<?>) TypeInformation.of(OrderingBuffer.class);
        ObjectArrayTypeInfo<?, ?> frames =
                (ObjectArrayTypeInfo<?, ?>) buffer.getTypeAt(buffer.getFieldIndex("frames"));
        assertThat(frames.getComponentInfo()).isSameAs(FrameTypeInfo.INSTANCE);
    }

    private Frame roundTrip(Frame f) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(f, out);
        return SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    /**
     * Every public field of Frame set to a value of its own (no two numbers alike, flags
     * alternating from {@code flagParity}).
     */
    static Frame distinctValuesInEveryField(int flagParity) {
        Frame f = new Frame();
        int n = 1;
        try {
            for (Field field : Frame.class.getFields()) {
                if (Modifier.isStatic(field.getModifiers())) continue;
                Class<?> t = field.getType();
                n++;
                if (t == String.class) field.set(f, field.getName() + " ü");
                else if (t == long.class) field.setLong(f, 1_000_000_000_000L * n + n);
                else if (t == int.class) field.setInt(f, -n * 7);
                else if (t == float.class) field.setFloat(f, n + 0.25f);
                else if (t == boolean.class) field.setBoolean(f, (n + flagParity) % 2 == 0);
                else if (t == float[].class) field.set(f, new float[] {n, n + 0.5f, -n, -0.0f});
                else if (t == byte[].class) field.set(f, new byte[] {(byte) n, 0, -1, 42});
                else throw new AssertionError("no test value for " + t + " " + field.getName());
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return f;
    }
}
