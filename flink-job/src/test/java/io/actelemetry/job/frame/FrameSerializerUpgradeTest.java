package io.actelemetry.job.frame;

import static io.actelemetry.job.frame.FrameSerializerTest.distinctValuesInEveryField;
import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.FrameLayout.Entry;
import io.actelemetry.job.frame.FrameLayout.Kind;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames in state across builds, as a savepoint holds them: the serializer's snapshot, then the
 * frames it wrote. Flink reads the snapshot back, asks this build's snapshot whether it is
 * compatible, and reads the frames with the snapshot's restored serializer.
 */
class FrameSerializerUpgradeTest {

    private static final Map<Class<?>, Kind> KINDS =
            Map.of(
                    String.class,
                    Kind.STRING,
                    long.class,
                    Kind.LONG,
                    int.class,
                    Kind.INT,
                    float.class,
                    Kind.FLOAT,
                    boolean.class,
                    Kind.BOOLEAN,
                    float[].class,
                    Kind.FLOATS,
                    byte[].class,
                    Kind.BYTES);

    @Test
    void theCurrentLayoutListsEveryFieldOfFrameWithItsKind() {
        Map<String, Kind> frame =
                Arrays.stream(Frame.class.getFields())
                        .filter(f -> !Modifier.isStatic(f.getModifiers()))
                        .collect(Collectors.toMap(Field::getName, f -> KINDS.get(f.getType())));
        assertThat(
                        FrameLayout.CURRENT.entries().stream()
                                .collect(Collectors.toMap(Entry::name, Entry::kind)))
                .isEqualTo(frame);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theCurrentLayoutIsWhatTheSerializerWrites(int flagParity) throws IOException {
        // FrameSerializer is written by hand for speed: byte for byte what its layout says
        Frame f = distinctValuesInEveryField(flagParity);
        byte[] written = write(new FrameSerializer(), List.of(f));
        assertThat(write(new FrameLayoutSerializer(FrameLayout.CURRENT), List.of(f)))
                .isEqualTo(written);
        assertThat(read(new FrameLayoutSerializer(FrameLayout.CURRENT), written, 1))
                .singleElement()
                .usingRecursiveComparison()
                .isEqualTo(f);
    }

    @Test
    void stateOfAnOlderLayoutIsMigratedWithTheNewFieldsDefaulted() throws IOException {
        List<Frame> frames = frames();
        Savepoint savepoint = Savepoint.of(OlderBuild.serializer(), frames);

        TypeSerializerSnapshot<Frame> restored = savepoint.snapshot();
        assertThat(compatibility(restored).isCompatibleAfterMigration()).isTrue();
        List<Frame> read = read(restored.restoreSerializer(), savepoint.frames, frames.size());

        List<Frame> expected = frames.stream().map(OlderBuild::kept).toList();
        assertThat(read).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
        assertThat(read.get(0).pitLimiterOn).isFalse();
        assertThat(read.get(0).raw).isNull();
        // Flink writes the migrated state with this build's serializer: it reads back as it is
        FrameSerializer current = new FrameSerializer();
        assertThat(read(current, write(current, read), read.size()))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(expected);
    }

    @Test
    void aNewerBuildReadsThisBuildsStateAndThisOneANewerBuildsDroppingWhatItDoesNotKnow()
            throws IOException {
        // build N+1: one more field, before the last
        List<Entry> entries = new ArrayList<>(FrameLayout.CURRENT.entries());
        entries.add(entries.size() - 1, new Entry("futureChannel", Kind.FLOAT));
        FrameLayout newer = new FrameLayout(FrameLayout.CURRENT.version() + 1, entries);

        Savepoint ours = Savepoint.of(new FrameSerializer(), frames());
        assertThat(
                        new FrameSerializerSnapshot(newer)
                                .resolveSchemaCompatibility(ours.snapshot())
                                .isCompatibleAfterMigration())
                .isTrue();

        Savepoint theirs = Savepoint.of(new FrameLayoutSerializer(newer), frames());
        TypeSerializerSnapshot<Frame> restored = theirs.snapshot();
        assertThat(compatibility(restored).isCompatibleAfterMigration()).isTrue();
        assertThat(read(restored.restoreSerializer(), theirs.frames, frames().size()))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(frames());
    }

    @Test
    void aFieldThatChangedKindIsIncompatible() throws IOException {
        List<Entry> entries = new ArrayList<>(FrameLayout.CURRENT.entries());
        entries.replaceAll(e -> e.name().equals("gear") ? new Entry("gear", Kind.FLOAT) : e);
        Savepoint savepoint =
                Savepoint.of(new FrameLayoutSerializer(new FrameLayout(0, entries)), frames());
        assertThat(compatibility(savepoint.snapshot()).isIncompatible()).isTrue();
    }

    @Test
    void aSavepointFromBeforeLayoutsWereRecordedRestores() throws IOException {
        // those builds wrote FrameSerializer.Snapshot, which says nothing of the layout: it is V1
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, new FrameSerializer.Snapshot());
        TypeSerializerSnapshot<Frame> restored = readSnapshot(out.getCopyOfBuffer());
        assertThat(compatibility(restored).isIncompatible()).isFalse();

        List<Frame> frames = frames();
        byte[] written = write(new FrameLayoutSerializer(FrameLayout.V1), frames);
        assertThat(read(restored.restoreSerializer(), written, frames.size()))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(frames);
    }

    /** A serializer's snapshot and the frames it wrote, each as bytes. */
    private record Savepoint(byte[] snapshotBytes, byte[] frames) {
        static Savepoint of(TypeSerializer<Frame> serializer, List<Frame> frames)
                throws IOException {
            DataOutputSerializer snapshot = new DataOutputSerializer(64);
            TypeSerializerSnapshot.writeVersionedSnapshot(
                    snapshot, serializer.snapshotConfiguration());
            return new Savepoint(snapshot.getCopyOfBuffer(), write(serializer, frames));
        }

        TypeSerializerSnapshot<Frame> snapshot() throws IOException {
            return readSnapshot(snapshotBytes);
        }
    }

    private static TypeSerializerSnapshot<Frame> readSnapshot(byte[] bytes) throws IOException {
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(bytes),
                FrameSerializerUpgradeTest.class.getClassLoader());
    }

    /** What this build says of state written with {@code restored}. */
    private static TypeSerializerSchemaCompatibility<Frame> compatibility(
            TypeSerializerSnapshot<Frame> restored) {
        return new FrameSerializer().snapshotConfiguration().resolveSchemaCompatibility(restored);
    }

    private static List<Frame> frames() {
        return List.of(
                distinctValuesInEveryField(0),
                distinctValuesInEveryField(1),
                FrameConverter.convert(Frames.current("s1", "rig2", 17)),
                new Frame());
    }

    private static byte[] write(TypeSerializer<Frame> serializer, List<Frame> frames)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (Frame f : frames) serializer.serialize(f, out);
        return out.getCopyOfBuffer();
    }

    private static List<Frame> read(TypeSerializer<Frame> serializer, byte[] bytes, int count)
            throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) frames.add(serializer.deserialize(in));
        assertThat(in.available()).as("bytes left").isZero();
        return frames;
    }
}
