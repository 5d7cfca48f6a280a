package io.actelemetry.bridge.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actelemetry.bridge.pages.DocumentedLayout.Doc;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageDecodingTest {

    @Test
    void sizesAreThoseOfSmVersion17() {
        assertThat(PhysicsPage.LAYOUT.size()).isEqualTo(592);
        assertThat(GraphicsPage.LAYOUT.size()).isEqualTo(304);
        assertThat(StaticPage.LAYOUT.size()).isEqualTo(684);
    }

    @Test
    void physicsFieldsAreReadAtTheDocumentedOffsets() throws Exception {
        checkEveryField(
                PhysicsPage.class,
                PhysicsPage.SIZE,
                DocumentedLayout.PHYSICS,
                bytes -> PhysicsPage.decode(bytes, bytes.length));
    }

    @Test
    void graphicsFieldsAreReadAtTheDocumentedOffsets() throws Exception {
        checkEveryField(
                GraphicsPage.class,
                GraphicsPage.SIZE,
                DocumentedLayout.GRAPHICS,
                bytes -> GraphicsPage.decode(bytes, bytes.length));
    }

    @Test
    void staticFieldsAreReadAtTheDocumentedOffsets() throws Exception {
        checkEveryField(
                StaticPage.class,
                StaticPage.SIZE,
                DocumentedLayout.STATIC,
                bytes -> StaticPage.decode(bytes, bytes.length));
    }

    @Test
    void encodingWritesTheDocumentedBytes() {
        for (var c :
                List.of(
                        new Object[] {
                            DocumentedLayout.PHYSICS, PhysicsPage.SIZE, PhysicsPage.LAYOUT
                        },
                        new Object[] {
                            DocumentedLayout.GRAPHICS, GraphicsPage.SIZE, GraphicsPage.LAYOUT
                        },
                        new Object[] {
                            DocumentedLayout.STATIC, StaticPage.SIZE, StaticPage.LAYOUT
                        })) {
            @SuppressWarnings("unchecked")
            List<Doc> docs = (List<Doc>) c[0];
            @SuppressWarnings("unchecked")
            Layout<Record> layout = (Layout<Record>) c[2];
            byte[] original = new byte[(int) c[1]];
            DocumentedLayout.fill(docs, original);
            byte[] reEncoded = layout.encode(layout.decode(original));
            assertThat(reEncoded).as(layout.toString()).isEqualTo(original);
        }
    }

    @Test
    void olderShorterPagesLeaveMissingFieldsUnset() {
        byte[] full = new byte[PhysicsPage.SIZE];
        Map<String, Object> written = DocumentedLayout.fill(DocumentedLayout.PHYSICS, full);
        // AC before 1.5 wrote the page up to rideHeight (ends at 0x114).
        byte[] old = Arrays.copyOf(full, 0x114);
        PhysicsPage p = PhysicsPage.decode(old, old.length);
        assertThat(p.packetId()).isEqualTo(written.get("packetId"));
        assertThat(p.rideHeightRear()).isEqualTo(((List<?>) written.get("rideHeightRear")).get(0));
        assertThat(p.turboBoost()).isZero();
        assertThat(p.clutch()).isZero();
        assertThat(p.tyreTempM()).isEqualTo(Wheels.ZERO);
        assertThat(p.tyreContactPoint()).isEqualTo(WheelVectors.ZERO);
        assertThat(p.currentMaxRpm()).isZero();

        // A page cut inside a field: the partial field is absent, not half-read.
        PhysicsPage cut = PhysicsPage.decode(full, 0x02c + 6);
        assertThat(cut.velocity()).isNotEqualTo(Vec3.ZERO);
        assertThat(cut.accG()).isEqualTo(Vec3.ZERO);

        byte[] graphics = new byte[GraphicsPage.SIZE];
        DocumentedLayout.fill(DocumentedLayout.GRAPHICS, graphics);
        GraphicsPage g = GraphicsPage.decode(graphics, 0x114);
        assertThat(g.flag()).isNotZero();
        assertThat(g.isInPitLane()).isZero();
        assertThat(g.windDirection()).isZero();

        byte[] stat = new byte[StaticPage.SIZE];
        DocumentedLayout.fill(DocumentedLayout.STATIC, stat);
        StaticPage s = StaticPage.decode(stat, 0x208);
        assertThat(s.kersMaxJ()).isNotZero();
        assertThat(s.trackSplineLength()).isZero();
        assertThat(s.trackConfiguration()).isEmpty();
        assertThat(s.carSkin()).isEmpty();
    }

    @Test
    void encodingIntoAShorterPageWritesOnlyWhatFits() {
        byte[] full = new byte[StaticPage.SIZE];
        DocumentedLayout.fill(DocumentedLayout.STATIC, full);
        StaticPage s = StaticPage.decode(full, full.length);
        byte[] old = new byte[0x1c4];
        StaticPage.LAYOUT.encode(s, old, old.length);
        assertThat(old).isEqualTo(Arrays.copyOf(full, 0x1c4));
    }

    @Test
    void stringsAreUtf16LittleEndianNulTerminated() {
        byte[] page = new byte[StaticPage.SIZE];
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x0c8, "Kimi Räikkönen".getBytes(StandardCharsets.UTF_16LE));
        b.put(0x086, "鈴鹿".getBytes(StandardCharsets.UTF_16LE));
        // After the NUL the game leaves whatever was there before: it must not leak into the name.
        b.put(0x044, "ks_bmw\0garbage".getBytes(StandardCharsets.UTF_16LE));
        // 33 chars with no NUL at all: the fixed length ends the string.
        b.put(0x14c, "x".repeat(33).getBytes(StandardCharsets.UTF_16LE));
        StaticPage s = StaticPage.decode(page, page.length);
        assertThat(s.playerName()).isEqualTo("Kimi Räikkönen");
        assertThat(s.track()).isEqualTo("鈴鹿");
        assertThat(s.carModel()).isEqualTo("ks_bmw");
        assertThat(s.playerNick()).isEqualTo("x".repeat(33));
        assertThat(s.playerSurname()).isEmpty();
    }

    @Test
    void encodingTruncatesTooLongStringsAndKeepsTheNul() {
        StaticPage s = StaticPage.LAYOUT.empty();
        StaticPage named =
                new StaticPage(
                        "1.7",
                        "1.16.4",
                        1,
                        1,
                        "é".repeat(40),
                        "",
                        "",
                        "",
                        "",
                        3,
                        0,
                        0,
                        8000,
                        0,
                        Wheels.ZERO,
                        Wheels.ZERO,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        "",
                        0,
                        0,
                        0,
                        "",
                        0,
                        0,
                        0);
        assertThat(s.carModel()).isEmpty();
        byte[] page = named.encode();
        assertThat(page[0x044 + 64]).isZero();
        assertThat(page[0x044 + 65]).isZero();
        assertThat(StaticPage.decode(page, page.length).carModel()).isEqualTo("é".repeat(32));
    }

    private record Two(int a, float b) {
        static Two read(Layout.Reader r) {
            return new Two(r.i32(), r.f32());
        }
    }

    @Test
    void layoutRejectsOverlapsAndMisnamedFields() {
        assertThatThrownBy(
                        () ->
                                Layout.of(
                                        Two.class,
                                        8,
                                        Two::read,
                                        Layout.i32(0, "a"),
                                        Layout.f32(2, "b")))
                .hasMessageContaining("overlaps");
        assertThatThrownBy(
                        () ->
                                Layout.of(
                                        Two.class,
                                        8,
                                        Two::read,
                                        Layout.i32(0, "a"),
                                        Layout.f32(4, "c")))
                .hasMessageContaining("record component");
        assertThatThrownBy(
                        () ->
                                Layout.of(
                                        Two.class,
                                        8,
                                        Two::read,
                                        Layout.i32(0, "a"),
                                        Layout.i32(4, "b")))
                .hasMessageContaining("record component");
    }

    @Test
    void layoutRejectsADecoderThatReadsOtherFieldsThanListed() {
        assertThatThrownBy(
                        () ->
                                Layout.of(
                                        Two.class,
                                        8,
                                        r -> new Two(r.i32(), r.i32()),
                                        Layout.i32(0, "a"),
                                        Layout.f32(4, "b")))
                .hasMessageContaining("reads I32 as field 1");
        assertThatThrownBy(
                        () ->
                                Layout.of(
                                        Two.class,
                                        8,
                                        r -> new Two(r.i32(), 0f),
                                        Layout.i32(0, "a"),
                                        Layout.f32(4, "b")))
                .hasMessageContaining("read 1 of 2 fields");
        Layout<Two> layout =
                Layout.of(Two.class, 8, Two::read, Layout.i32(0, "a"), Layout.f32(4, "b"));
        assertThat(layout.decode(layout.encode(new Two(7, 2.5f)), 6))
                .as("b lies past a 6-byte page")
                .isEqualTo(new Two(7, 0f));
    }

    private interface Decoder {
        Record decode(byte[] bytes);
    }

    private static void checkEveryField(
            Class<? extends Record> type, int size, List<Doc> docs, Decoder decoder)
            throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        assertThat(docs)
                .extracting(Doc::name)
                .as("every record component is in the documented table")
                .containsExactly(
                        Arrays.stream(components)
                                .map(RecordComponent::getName)
                                .toArray(String[]::new));
        byte[] page = new byte[size];
        Map<String, Object> written = DocumentedLayout.fill(docs, page);
        Record decoded = decoder.decode(page);
        for (RecordComponent c : components) {
            Object value = c.getAccessor().invoke(decoded);
            assertThat(flatten(value))
                    .as(type.getSimpleName() + "." + c.getName())
                    .isEqualTo(written.get(c.getName()));
        }
    }

    /**
     * Turns decoded values into what {@link DocumentedLayout#fill} wrote: Integer, String or a List
     * of Floats.
     */
    private static Object flatten(Object value) {
        if (value instanceof Integer || value instanceof String) {
            return value;
        }
        List<Float> floats = new ArrayList<>();
        collect(value, floats);
        return floats;
    }

    private static void collect(Object value, List<Float> out) {
        if (value instanceof Float f) {
            out.add(f);
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        } else if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    collect(c.getAccessor().invoke(r), out);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        } else {
            throw new AssertionError("unexpected " + value);
        }
    }
}
