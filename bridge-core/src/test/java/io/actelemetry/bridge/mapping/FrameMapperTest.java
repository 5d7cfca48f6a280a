package io.actelemetry.bridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.Layout;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.pages.StaticPage;
import io.actelemetry.bridge.pages.Vec3;
import io.actelemetry.bridge.pages.Wheels;
import io.actelemetry.proto.v1.AcStatus;
import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FrameMapperTest {

    @Test
    void everyChannelOfTheContractIsFilled() {
        PhysicsPage p = distinct(PhysicsPage.LAYOUT);
        GraphicsPage g = distinct(GraphicsPage.LAYOUT);
        Static stat = StaticMapper.map(distinct(StaticPage.LAYOUT));
        TelemetryFrame f =
                new FrameMapper("s-1", "rig-2")
                        .map(p, g, stat, SampleState.SAMPLE_STATE_LIVE, 11, 22);
        assertThat(unset(f)).isEmpty();
        assertThat(unset(f.getPhysics())).isEmpty();
        assertThat(unset(f.getGraphics())).isEmpty();
        assertThat(unset(f.getStat())).isEmpty();
        assertThat(f.getPhysics().getCarDamageList())
                .hasSize(5)
                .containsExactlyElementsOf(p.carDamage());
    }

    @Test
    void semanticsOfTheRawPageAreFixed() {
        PhysicsPage p =
                with(
                        PhysicsPage.LAYOUT,
                        b ->
                                b.putInt(0x010, 0) // gear raw 0 = reverse
                                        .putFloat(
                                                0x018, -0.5f) // steerAngle: already the -1..1 input
                                        .putFloat(0x020, 10f)
                                        .putFloat(0x024, 0.5f)
                                        .putFloat(0x028, -30f) // velocity, world m/s
                                        .putFloat(0x02c, 1.2f)
                                        .putFloat(0x030, 1.01f)
                                        .putFloat(0x034, -0.8f) // accG, car-local g
                                        .putInt(0x014, 7345)
                                        .putFloat(0x16c, 0.3f)
                                        .putFloat(0x138, -0.42f)
                                        .putInt(0x0f8, 1)
                                        .putFloat(0x0cc, 0.12f));
        GraphicsPage g =
                with(
                        GraphicsPage.LAYOUT,
                        b ->
                                b.putInt(0x004, AcStatus.AC_STATUS_LIVE_VALUE)
                                        .putInt(0x084, 3)
                                        .putInt(0x08c, 61_234)
                                        .putInt(0x090, 105_678)
                                        .putInt(0x094, 104_001)
                                        .putInt(0x0a0, 1)
                                        .putInt(0x114, 0)
                                        .putInt(0x0a4, 2)
                                        .putInt(0x0a8, 35_500));
        TelemetryFrame f =
                new FrameMapper("s", "")
                        .map(
                                p,
                                g,
                                Static.getDefaultInstance(),
                                SampleState.SAMPLE_STATE_LIVE,
                                1_700_000_000_000_000_000L,
                                5);
        var ph = f.getPhysics();
        assertThat(ph.getGear()).isEqualTo(-1);
        assertThat(ph.getSteer()).isEqualTo(-0.5f);
        assertThat(ph.getVelocity().getX()).isEqualTo(10f);
        assertThat(ph.getVelocity().getZ()).isEqualTo(-30f);
        assertThat(ph.getAccG().getX()).isEqualTo(1.2f);
        assertThat(ph.getAccG().getY()).isEqualTo(1.01f);
        assertThat(ph.getAccG().getZ()).isEqualTo(-0.8f);
        assertThat(ph.getEngineRpm()).isEqualTo(7345f);
        assertThat(ph.getClutch()).isEqualTo(0.3f);
        assertThat(ph.getPitLimiterOn()).isTrue();
        assertThat(ph.getTc()).isEqualTo(0.12f);
        var gr = f.getGraphics();
        assertThat(gr.getCurrentLapMs()).isEqualTo(61_234);
        assertThat(gr.getLastLapMs()).isEqualTo(105_678);
        assertThat(gr.getBestLapMs()).isEqualTo(104_001);
        assertThat(gr.getICurrentTimeS()).isEqualTo(61.234f);
        assertThat(gr.getLapTimeS()).isEqualTo(61.234f);
        assertThat(gr.getILastTimeS()).isEqualTo(105.678f);
        assertThat(gr.getIBestTimeS()).isEqualTo(104.001f);
        assertThat(gr.getDeltaLapS()).isEqualTo(-0.42f);
        assertThat(gr.getIsInPit()).isTrue();
        assertThat(gr.getIsInPitLane()).isFalse();
        assertThat(gr.getCurrentSectorIndex()).isEqualTo(2);
        assertThat(gr.getLastSectorTimeMs()).isEqualTo(35_500);
        assertThat(f.getGame()).isEqualTo("assetto_corsa");
        assertThat(f.getFormatVersion()).isEqualTo(FormatVersion.FORMAT_VERSION_CURRENT_VALUE);
        assertThat(f.getCaptureUnixNs()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(f.getMonotonicNs()).isEqualTo(5);

        // Neutral and first gear.
        assertThat(PhysicsMapper.map(with(PhysicsPage.LAYOUT, b -> b.putInt(0x010, 1))).getGear())
                .isZero();
        assertThat(PhysicsMapper.map(with(PhysicsPage.LAYOUT, b -> b.putInt(0x010, 2))).getGear())
                .isEqualTo(1);
    }

    @Test
    void sequenceNumbersRunFromOneWithoutGaps() {
        FrameMapper mapper = new FrameMapper("s", "");
        PhysicsPage p = PhysicsPage.LAYOUT.empty();
        GraphicsPage g = GraphicsPage.LAYOUT.empty();
        List<Long> sequences =
                java.util.stream.LongStream.range(0, 5)
                        .mapToObj(
                                i ->
                                        mapper.map(
                                                        p,
                                                        g,
                                                        Static.getDefaultInstance(),
                                                        SampleState.SAMPLE_STATE_LIVE,
                                                        i,
                                                        i)
                                                .getSequence())
                        .collect(Collectors.toList());
        assertThat(sequences).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(mapper.lastSequence()).isEqualTo(5);
    }

    @Test
    void outOfRangeValuesAreFlaggedAndPassedOn() {
        FrameMapper mapper = new FrameMapper("s", "");
        PhysicsPage p =
                with(
                        PhysicsPage.LAYOUT,
                        b ->
                                b.putFloat(0x11c, 7.5f)
                                        .putFloat(0x004, Float.NaN)
                                        .putInt(0x010, 2)
                                        .putFloat(0x01c, 100));
        GraphicsPage live =
                with(GraphicsPage.LAYOUT, b -> b.putInt(0x004, AcStatus.AC_STATUS_LIVE_VALUE));
        TelemetryFrame f =
                mapper.map(
                        p, live, Static.getDefaultInstance(), SampleState.SAMPLE_STATE_LIVE, 0, 0);
        mapper.map(p, live, Static.getDefaultInstance(), SampleState.SAMPLE_STATE_LIVE, 0, 0);
        assertThat(f.getPhysics().getAirDensity()).isEqualTo(7.5f);
        assertThat(f.getPhysics().getGas()).isNaN();
        assertThat(mapper.rangeCheck().flagged())
                .containsOnlyKeys("airDensity", "gas")
                .containsEntry("airDensity", 2L);
    }

    @Test
    void accIsAcceptedAndAccAndOthersAreNot() {
        StaticPage ac = with(StaticPage.LAYOUT, b -> b.put(0, utf16("1.7")));
        assertThat(GameCheck.problem(ac, 592, 304, 684)).isEmpty();
        assertThat(
                        GameCheck.problem(
                                with(StaticPage.LAYOUT, b -> b.put(0, utf16("1.5"))),
                                0x120,
                                0x114,
                                0x1c4))
                .isEmpty();
        assertThat(GameCheck.problem(StaticPage.LAYOUT.empty(), 592, 304, 684))
                .as("not written yet")
                .isEmpty();
        assertThat(
                        GameCheck.problem(
                                with(StaticPage.LAYOUT, b -> b.put(0, utf16("1.9"))),
                                592,
                                304,
                                684))
                .get()
                .asString()
                .contains("Competizione");
        assertThat(
                        GameCheck.problem(
                                with(StaticPage.LAYOUT, b -> b.put(0, utf16("ëx"))), 592, 304, 684))
                .get()
                .asString()
                .contains("not Assetto Corsa");
        assertThat(GameCheck.problem(ac, 800, 304, 684)).get().asString().contains("physics 800");
    }

    private static byte[] utf16(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
    }

    private static List<String> unset(Message m) {
        return m.getDescriptorForType().getFields().stream()
                .filter(fd -> fd.isRepeated() ? m.getRepeatedFieldCount(fd) == 0 : !m.hasField(fd))
                .map(FieldDescriptor::getName)
                .collect(Collectors.toList());
    }

    private interface Fill {
        void fill(ByteBuffer b);
    }

    private static <R extends Record> R with(Layout<R> layout, Fill fill) {
        byte[] page = new byte[layout.size()];
        fill.fill(ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN));
        return layout.decode(page);
    }

    /** A page in which every field holds a distinct non-zero value. */
    private static <R extends Record> R distinct(Layout<R> layout) {
        return with(
                layout,
                b -> {
                    int n = 3;
                    for (Layout.Field f : layout.fields()) {
                        n++;
                        if (f.kind() == Layout.Kind.I32) {
                            b.putInt(f.offset(), n);
                        } else if (f.kind() == Layout.Kind.UTF16) {
                            b.put(f.offset(), utf16("v" + n));
                        } else {
                            for (int i = 0; i < f.size() / 4; i++) {
                                b.putFloat(f.offset() + 4 * i, n + i / 8f);
                            }
                        }
                    }
                });
    }

    @Test
    void distinctFixtureReallyIsDistinct() {
        PhysicsPage p = distinct(PhysicsPage.LAYOUT);
        assertThat(p.accG())
                .isNotEqualTo(new Vec3(p.velocity().x(), p.velocity().y(), p.velocity().z()));
        assertThat(p.tyreWear()).isNotEqualTo(Wheels.ZERO);
    }
}
