package io.actelemetry.job.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.actelemetry.job.Frames;
import io.actelemetry.proto.v1.Physics;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The wire-format decoder under the frames table, on encodings that protobuf's own writer never
 * produces but other writers (and newer contracts) may: unknown fields of every wire type, fields
 * with a wire type other than their declared one, unpacked repeated values, and cut-off messages.
 * The rows of well-formed frames are checked against the generated getters in the frames table's
 * FlatRowWriterTest; here odd encodings must give the same row as the plain encoding of the same
 * frame, and broken ones an IOException, as protobuf's parser sees them.
 */
class FlatMessageTest {
    private static final FlatMessage FLAT =
            new FlatMessage(TelemetryFrame.getDescriptor(), Set.of());
    private static final TelemetryFrame FRAME = Frames.current("s1", "rig", 42);
    private static final int SPEED = Physics.SPEED_KMH_FIELD_NUMBER;
    private static final int DAMAGE = Physics.CAR_DAMAGE_FIELD_NUMBER;
    private static final int GEAR = Physics.GEAR_FIELD_NUMBER;
    private static final int PIT_LIMITER = Physics.PIT_LIMITER_ON_FIELD_NUMBER;
    private static final int START_GROUP = 3; // wire types; protobuf keeps its constants to itself
    private static final int END_GROUP = 4;

    @Test
    void unknownFieldsOfEveryWireTypeAreSkippedAtEveryLevel() throws IOException {
        byte[] odd =
                frameWithPhysics(
                        FRAME,
                        concat(FRAME.getPhysics().toByteArray(), unknownFields()),
                        unknownFields());

        assertThat(TelemetryFrame.parseFrom(odd).getPhysics().getUnknownFields().asMap())
                .hasSize(5);
        assertThat(row(odd)).isEqualTo(row(FRAME.toByteArray()));
    }

    @Test
    void aKnownFieldWithAnotherWireTypeIsSkippedAsProtobufDoes() throws IOException {
        byte[] physics =
                concat(FRAME.getPhysics().toByteArray(), bytes(out -> out.writeUInt64(SPEED, 999)));

        byte[] odd = frameWithPhysics(FRAME, physics, new byte[0]);

        assertThat(TelemetryFrame.parseFrom(odd).getPhysics().getSpeedKmh()).isEqualTo(201.5f);
        assertThat(row(odd)).isEqualTo(row(FRAME.toByteArray()));
    }

    @Test
    void repeatedValuesReadTheSamePackedOrOneByOne() throws IOException {
        Physics noDamage = FRAME.getPhysics().toBuilder().clearCarDamage().build();
        byte[] unpacked =
                concat(
                        noDamage.toByteArray(),
                        bytes(
                                out -> {
                                    for (float d : FRAME.getPhysics().getCarDamageList())
                                        out.writeFloat(DAMAGE, d);
                                }));

        byte[] odd = frameWithPhysics(FRAME, unpacked, new byte[0]);

        assertThat(TelemetryFrame.parseFrom(odd).getPhysics().getCarDamageList())
                .isEqualTo(FRAME.getPhysics().getCarDamageList());
        assertThat(row(odd)).isEqualTo(row(FRAME.toByteArray()));
    }

    @Test
    void aCutOffMessageIsAnIoErrorExactlyWhereProtobufRefusesIt() throws IOException {
        byte[] whole = FRAME.toByteArray();
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            boolean parses = parses(cut);
            if (parses) {
                row(cut);
            } else {
                assertThatThrownBy(() -> row(cut))
                        .as("cut at %d", length)
                        .isInstanceOf(InvalidProtocolBufferException.class)
                        .hasMessageContaining("malformed");
            }
        }
    }

    @Test
    void garbageIsAnIoErrorOrARowNeverAnotherException() {
        byte[] whole = FRAME.toByteArray();
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] bent = whole.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--)
                bent[random.nextInt(bent.length)] = (byte) random.nextInt(256);
            try {
                row(bent);
            } catch (InvalidProtocolBufferException expected) {
                assertThat(expected).hasMessageContaining("malformed");
            }
        }
    }

    @Test
    void groupsNestedPastProtobufsLimitAreRefusedNotAStackOverflow() throws IOException {
        byte[] deep =
                bytes(
                        out -> {
                            for (int i = 0; i < 100_000; i++) out.writeTag(904, START_GROUP);
                        });

        assertThatThrownBy(() -> TelemetryFrame.parseFrom(deep))
                .isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> row(deep))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void aLengthIsTheLow32BitsOfItsVarintAsProtobufReadsLengths() throws IOException {
        long wrap = 1L << 32; // a length of 2^32 + n is read as n
        byte[] physics = FRAME.getPhysics().toByteArray();
        byte[] game = concat(tag(2, 2), varint(wrap + 1), raw('a'));
        byte[] message = concat(tag(4, 2), varint(wrap + physics.length), physics);
        byte[] damage =
                concat(tag(DAMAGE, 2), varint(wrap + 8), raw(0, 0, 0x80, 0x3f, 0, 0, 0, 0x40));
        byte[] packed = concat(tag(4, 2), varint(damage.length), damage);
        byte[] unknown = concat(tag(900, 2), varint((5 * wrap) + 3), raw('a', 'b', 'c'));

        assertThat(TelemetryFrame.parseFrom(game).getGame()).isEqualTo("a");
        assertThat(TelemetryFrame.parseFrom(message).getPhysics()).isEqualTo(FRAME.getPhysics());
        assertThat(TelemetryFrame.parseFrom(packed).getPhysics().getCarDamageList())
                .containsExactly(1f, 2f);
        assertThat(TelemetryFrame.parseFrom(unknown).getUnknownFields().hasField(900)).isTrue();
        for (byte[] b : List.of(game, message, packed, unknown)) readsAsProtobuf(b);
    }

    @Test
    void aLengthNegativeAsAnInt32OrPastTheEndIsRefusedAsProtobufRefusesIt() throws IOException {
        for (long length : new long[] {1L << 31, 0xffff_ffffL, -1L, (1L << 32) + 2, 2}) {
            byte[] game = concat(tag(2, 2), varint(length), raw('a'));
            assertThat(parses(game)).as("length %d", length).isFalse();
            readsAsProtobuf(game);
        }
    }

    @Test
    void theTenthByteOfAVarintIsReadAsProtobufReadsIt() throws IOException {
        byte[] game = concat(tag(2, 2), varint(1), raw('a')); // after each varint: ten or eleven?
        for (int tenth : new int[] {0x00, 0x01, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff}) {
            byte[] v =
                    concat(raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80), raw(tenth));
            byte[] tenBytesFor1 = concat(raw(0x81), Arrays.copyOfRange(v, 1, 10));
            byte[] physicsWith = concat(tag(PIT_LIMITER, 0), v, tag(GEAR, 0), v);
            List<byte[]> cases =
                    List.of(
                            concat(tag(7, 0), v, game), // uint64 sequence
                            concat(tag(8, 0), v, game), // int64 capture_unix_ns
                            concat(tag(4, 2), varint(physicsWith.length), physicsWith, game),
                            concat(tag(900, 0), v, game), // unknown
                            concat(tag(901, START_GROUP), tag(1, 0), v, tag(901, END_GROUP), game),
                            concat(tag(10, 0), v, game), // uint32 format_version
                            concat(tag(11, 0), v, game), // enum state
                            concat(raw(0xb8), Arrays.copyOfRange(v, 1, 10), raw(5), game), // tag
                            concat(tag(2, 2), tenBytesFor1, raw('a'))); // length
            for (byte[] b : cases) readsAsProtobuf(b);
        }

        // what protobuf does: 64-bit values end at a 10th byte with its low bit (bit 63) set...
        byte[] odd =
                concat(
                        tag(7, 0),
                        raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xff),
                        game);
        assertThat(TelemetryFrame.parseFrom(odd).getSequence()).isEqualTo(Long.MIN_VALUE);
        assertThat(TelemetryFrame.parseFrom(odd).getGame()).isEqualTo("a");
        assertThat(row(odd)).contains("long " + Long.MIN_VALUE);
        // ...but 32-bit ones never, and a 10th byte with its top bit and not its low bit is too
        // long
        byte[] odd32 = odd.clone();
        odd32[0] = tag(10, 0)[0];
        assertThat(parses(odd32)).isFalse();
        byte[] even = odd.clone();
        even[10] = (byte) 0xfe;
        assertThat(parses(even)).isFalse();
    }

    /**
     * FlatMessage reads {@code b} as protobuf's parser does: the row of protobuf's own encoding of
     * what it parsed, or a refusal where protobuf refuses.
     */
    private static void readsAsProtobuf(byte[] b) throws IOException {
        if (parses(b)) {
            assertThat(row(b)).isEqualTo(row(TelemetryFrame.parseFrom(b).toByteArray()));
        } else {
            assertThatThrownBy(() -> row(b))
                    .isInstanceOf(InvalidProtocolBufferException.class)
                    .hasMessageContaining("malformed");
        }
    }

    private static byte[] tag(int number, int wireType) {
        return varint((long) number << 3 | wireType);
    }

    /** {@code v} as a varint of the fewest bytes (ten for a negative value). */
    private static byte[] varint(long v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (; (v & ~0x7fL) != 0; v >>>= 7) b.write((int) (v & 0x7f) | 0x80);
        b.write((int) v);
        return b.toByteArray();
    }

    private static byte[] raw(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return b;
    }

    @Test
    void messagesAndGroupsCountTogetherAgainstProtobufsNestingLimit() throws IOException {
        int accG = Physics.ACC_G_FIELD_NUMBER;
        for (int n = 97; n <= 101; n++) {
            byte[] groups = nestedGroups(n);
            byte[] inPhysics = concat(tag(4, 2), varint(groups.length), groups);
            byte[] inVec = concat(tag(accG, 2), varint(groups.length), groups);
            byte[] inAccG = concat(tag(4, 2), varint(inVec.length), inVec);
            for (byte[] b : List.of(groups, inPhysics, inAccG)) readsAsProtobuf(b);
        }

        // what protobuf does: 100 levels below the top-level message, of either kind, and no more
        assertThat(parses(nestedGroups(100))).isTrue();
        assertThat(parses(nestedGroups(101))).isFalse();
        byte[] groups = nestedGroups(99);
        assertThat(parses(concat(tag(4, 2), varint(groups.length), groups))).isTrue();
        byte[] inVec = concat(tag(accG, 2), varint(groups.length), groups);
        assertThat(parses(concat(tag(4, 2), varint(inVec.length), inVec))).isFalse();
    }

    /** Unknown groups nested {@code n} deep, empty inside. */
    private static byte[] nestedGroups(int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) b.writeBytes(tag(904, START_GROUP));
        for (int i = 0; i < n; i++) b.writeBytes(tag(904, END_GROUP));
        return b.toByteArray();
    }

    private static boolean parses(byte[] b) {
        try {
            TelemetryFrame.parseFrom(b);
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /**
     * The slots of one decoded row, as one comparable string per slot put; a default value put (a
     * zero written out) is the slot left alone, as protobuf's writer leaves it out.
     */
    private static String row(byte[] serialized) throws InvalidProtocolBufferException {
        Map<Integer, String> slots = new TreeMap<>();
        FLAT.read(
                serialized,
                new FlatMessage.Slots() {
                    @Override
                    public void putInt(int slot, int v) {
                        if (v == 0) slots.remove(slot);
                        else slots.put(slot, "int " + v);
                    }

                    @Override
                    public void putLong(int slot, long v) {
                        if (v == 0) slots.remove(slot);
                        else slots.put(slot, "long " + v);
                    }

                    @Override
                    public void putBytes(int slot, byte[] bytes, int offset, int length) {
                        if (length == 0) slots.remove(slot);
                        else
                            slots.put(
                                    slot,
                                    "bytes "
                                            + Arrays.toString(
                                                    Arrays.copyOfRange(
                                                            bytes, offset, offset + length)));
                    }

                    @Override
                    public void add(int slot, long v) {
                        slots.merge(slot, "list " + v, (a, b) -> a + "," + b.substring(5));
                    }
                },
                0);
        return slots.toString();
    }

    /**
     * {@code frame} with its physics message given as bytes, followed by {@code trailing} top-level
     * bytes.
     */
    private static byte[] frameWithPhysics(TelemetryFrame frame, byte[] physics, byte[] trailing)
            throws IOException {
        byte[] head = frame.toBuilder().clearPhysics().build().toByteArray();
        return concat(
                head,
                bytes(
                        out ->
                                out.writeBytes(
                                        TelemetryFrame.PHYSICS_FIELD_NUMBER,
                                        ByteString.copyFrom(physics))),
                trailing);
    }

    /** One unknown field of each wire type, a group holding fields of its own among them. */
    private static byte[] unknownFields() throws IOException {
        return bytes(
                out -> {
                    out.writeUInt64(900, Long.MIN_VALUE); // a 10-byte varint
                    out.writeFixed64(901, 0x0102030405060708L);
                    out.writeBytes(902, ByteString.copyFromUtf8("not a field of ours"));
                    out.writeFixed32(903, 7);
                    out.writeTag(904, START_GROUP);
                    out.writeUInt32(1, 5);
                    out.writeTag(2, START_GROUP);
                    out.writeFixed32(3, 9);
                    out.writeTag(2, END_GROUP);
                    out.writeTag(904, END_GROUP);
                });
    }

    private interface Writes {
        void to(CodedOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writes w) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(b);
        w.to(out);
        out.flush();
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }
}
