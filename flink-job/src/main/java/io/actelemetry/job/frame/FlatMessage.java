package io.actelemetry.job.frame;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A protobuf message type flattened into leaf columns, generically from its descriptor, so every
 * channel added to the contract becomes a column without code: nested messages become prefixes
 * ({@code physics.tyre_temp_c.fl} is {@code physics_tyre_temp_c_fl}), repeated scalars become list
 * columns, enums their number. Repeated messages and repeated strings (none in the contract today)
 * are left out.
 *
 * <p>Messages are decoded straight from their serialized bytes into one slot per column ({@link
 * Slots}), without building the message or going through reflection: this is the hot path of the
 * job, once at the source (into a {@link Frame}) and once in the {@code frames} table (every
 * column).
 */
public final class FlatMessage {
    private static final int MAX_DEPTH = 4;

    /**
     * protobuf's default recursion limit, on nested messages and groups together as
     * CodedInputStream counts them: hostile input must not exhaust the stack.
     */
    private static final int MAX_NESTING = 100;

    /**
     * Where a decoded message goes: slot {@code first + column index} per leaf column; unset fields
     * are not put.
     */
    public interface Slots {
        /** 4-byte values: int32, sint32, sfixed32, enum; float as its bits; bool as 0/1. */
        void putInt(int slot, int v);

        /**
         * 8-byte values: int64, uint64, sint64, fixed64, sfixed64, and the unsigned 32-bit uint32
         * and fixed32; double as its bits.
         */
        void putLong(int slot, long v);

        /**
         * A string or bytes field: {@code bytes[offset, offset + length)}, valid during the call
         * only.
         *
         * @throws InvalidProtocolBufferException if the slots refuse the value (a string that is
         *     not UTF-8)
         */
        void putBytes(int slot, byte[] bytes, int offset, int length)
                throws InvalidProtocolBufferException;

        /**
         * One element of a repeated column, as {@link #putInt} or {@link #putLong} would put it,
         * widened to a long.
         */
        void add(int slot, long v);
    }

    /**
     * One leaf column: its flattened name, its declared type, whether it holds a list, and its
     * slot.
     */
    public record Column(String name, FieldDescriptor.Type type, boolean repeated, int index) {
        /**
         * Whether its values go to {@link Slots#putLong} (else {@link Slots#putInt}, or putBytes
         * for strings and bytes).
         */
        public boolean wide() {
            return switch (type) {
                case DOUBLE, FIXED64, SFIXED64, INT64, UINT64, SINT64, UINT32, FIXED32 -> true;
                default -> false;
            };
        }
    }

    /**
     * A message type: by field number, how to decode the field (one of the OP_ codes), and its
     * column or node.
     */
    private static final class Node {
        final int[] ops;
        final int[] elementOps; // of lists
        final Column[] leaves;
        final Node[] children;

        Node(int maxNumber) {
            ops = new int[maxNumber + 1];
            elementOps = new int[maxNumber + 1];
            leaves = new Column[maxNumber + 1];
            children = new Node[maxNumber + 1];
        }
    }

    // how a field is decoded: worked out once per field from its declared type, so the hot loop is
    // one switch
    private static final int OP_SKIP = 0; // unknown, left out, or a message type too deep
    private static final int OP_CHILD = 1;
    private static final int OP_LIST = 2; // repeated scalars, packed or not
    private static final int OP_FIXED32_INT = 3; // float (bits), sfixed32
    private static final int OP_FIXED32_LONG = 4; // fixed32, unsigned
    private static final int OP_FIXED64 = 5; // double (bits), fixed64, sfixed64
    private static final int OP_VARINT_INT = 6; // int32, enum
    private static final int OP_ZIGZAG32 = 7;
    private static final int OP_BOOL = 8;
    private static final int OP_VARINT_UINT32 = 9;
    private static final int OP_VARINT_LONG = 10; // int64, uint64
    private static final int OP_ZIGZAG64 = 11;
    private static final int OP_BYTES = 12; // string, bytes

    private final List<Column> columns = new ArrayList<>();
    private final Node root;

    /** {@code leftOut}: flattened names to skip (a table that has its own column for them). */
    public FlatMessage(Descriptor type, Set<String> leftOut) {
        root = node(type, "", 0, leftOut);
    }

    private Node node(Descriptor type, String prefix, int depth, Set<String> leftOut) {
        int max = type.getFields().stream().mapToInt(FieldDescriptor::getNumber).max().orElse(0);
        Node node = new Node(max);
        for (FieldDescriptor f : type.getFields()) {
            String name = prefix + f.getName();
            int number = f.getNumber();
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (!f.isRepeated() && depth < MAX_DEPTH) {
                    node.children[number] =
                            node(f.getMessageType(), name + "_", depth + 1, leftOut);
                    node.ops[number] = OP_CHILD;
                }
            } else if (!leftOut.contains(name) && !(f.isRepeated() && isBytes(f.getType()))) {
                Column c = new Column(name, f.getType(), f.isRepeated(), columns.size());
                columns.add(c);
                node.leaves[number] = c;
                node.ops[number] = f.isRepeated() ? OP_LIST : op(f.getType());
                node.elementOps[number] = op(f.getType());
            }
        }
        return node;
    }

    /** The leaf columns, in slot order. */
    public List<Column> columns() {
        return List.copyOf(columns);
    }

    /** The slot of the column named {@code name}. */
    public int index(String name) {
        for (Column c : columns) {
            if (c.name.equals(name)) return c.index;
        }
        throw new IllegalArgumentException("no column " + name);
    }

    /** Number of leaf columns. */
    public int size() {
        return columns.size();
    }

    /**
     * Decodes one serialized message into slots {@code first...} of {@code row}; fields it does not
     * carry keep the slot's default, which is their proto3 default. A field whose wire type is not
     * its declared one is skipped as unknown, as protobuf's own parser does.
     *
     * @throws InvalidProtocolBufferException if the bytes are not a well-formed message
     */
    public void read(byte[] serialized, Slots row, int first)
            throws InvalidProtocolBufferException {
        Cursor in = new Cursor(serialized);
        read(in, serialized.length, root, row, first);
        if (in.pos != serialized.length) throw malformed(in, "a field runs past the end");
    }

    /**
     * The wire format read straight from the array: this is the frames table's hot path (every
     * field of every frame), where CodedInputStream's general-purpose reads cost more than the rest
     * of the writer together.
     */
    private static final class Cursor {
        private static final VarHandle INT_LE =
                MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
        final byte[] b;
        int pos;
        int depth; // messages and groups open around pos, the top-level message not counted

        Cursor(byte[] b) {
            this.b = b;
        }

        /** A varint as CodedInputStream reads tags, lengths and 32-bit values: its low 32 bits. */
        int varint32(int end) throws InvalidProtocolBufferException {
            return (int) varint(end, false);
        }

        /** A varint as CodedInputStream reads int64, uint64, bool and unknown varint fields. */
        long varint64(int end) throws InvalidProtocolBufferException {
            return varint(end, true);
        }

        private long varint(int end, boolean wide) throws InvalidProtocolBufferException {
            if (pos < end && b[pos] >= 0) return b[pos++]; // one byte: most tags, small numbers
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw malformed(this, "a varint runs past the end");
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift; // of a 10th byte, only the low bit: bit 63
                // protobuf's 64-bit read ends at a 10th byte with that bit set, top bit or not
                if (x >= 0 || (wide && shift == 63 && (x & 1) != 0)) return v;
            }
            throw malformed(this, "a varint is longer than 10 bytes");
        }

        int tag(int end) throws InvalidProtocolBufferException {
            int tag = varint32(end);
            if (tag >>> 3 == 0) throw malformed(this, "field number 0");
            return tag;
        }

        int fixed32(int end) throws InvalidProtocolBufferException {
            if (end - pos < 4) throw malformed(this, "a fixed32 runs past the end");
            int v = (int) INT_LE.get(b, pos);
            pos += 4;
            return v;
        }

        long fixed64(int end) throws InvalidProtocolBufferException {
            return (fixed32(end) & 0xffffffffL) | (long) fixed32(end) << 32;
        }

        /**
         * The end of the length-delimited field starting here; the cursor is left at its first
         * byte.
         */
        int delimitedEnd(int end) throws InvalidProtocolBufferException {
            // an int32, as CodedInputStream reads lengths: the low 32 bits of the varint
            int length = varint32(end);
            if (length < 0) throw malformed(this, "a negative length");
            if (length > end - pos)
                throw malformed(this, "a length-delimited field runs past the end");
            return pos + length;
        }

        /** Into a nested message or group: refused past protobuf's limit, as its parser does. */
        void enter() throws InvalidProtocolBufferException {
            if (depth == MAX_NESTING)
                throw malformed(this, "messages and groups nested deeper than " + MAX_NESTING);
            depth++;
        }

        void skip(int tag, int end) throws InvalidProtocolBufferException {
            switch (tag & 7) {
                case WIRE_VARINT -> varint64(end);
                case WIRE_FIXED64 -> fixed64(end);
                case WIRE_DELIMITED -> pos = delimitedEnd(end);
                case WIRE_FIXED32 -> fixed32(end);
                case WIRE_START_GROUP -> { // proto2 groups: skipped whole, up to their end tag
                    enter();
                    for (int t = tag(end); t != ((tag & ~7) | WIRE_END_GROUP); t = tag(end))
                        skip(t, end);
                    depth--;
                }
                default -> throw malformed(this, "wire type " + (tag & 7));
            }
        }
    }

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_DELIMITED = 2;
    private static final int WIRE_START_GROUP = 3;
    private static final int WIRE_END_GROUP = 4;
    private static final int WIRE_FIXED32 = 5;

    private static void read(Cursor in, int end, Node node, Slots row, int first)
            throws InvalidProtocolBufferException {
        int[] ops = node.ops;
        while (in.pos < end) {
            int tag = in.tag(end);
            int number = tag >>> 3;
            int wire = tag & 7;
            int op = number < ops.length ? ops[number] : OP_SKIP;
            // a field whose wire type is not its type's is an unknown field to protobuf's parser
            // too
            if (op > OP_LIST && wire != WIRE_OF[op]) op = OP_SKIP;
            switch (op) {
                case OP_SKIP -> in.skip(tag, end);
                case OP_CHILD -> {
                    if (wire != WIRE_DELIMITED) {
                        in.skip(tag, end);
                    } else {
                        int childEnd = in.delimitedEnd(end);
                        in.enter();
                        read(in, childEnd, node.children[number], row, first);
                        in.depth--;
                    }
                }
                case OP_LIST ->
                        list(
                                in,
                                tag,
                                end,
                                node.leaves[number],
                                node.elementOps[number],
                                row,
                                first);
                case OP_BYTES -> {
                    int stringEnd = in.delimitedEnd(end);
                    int start = in.pos;
                    in.pos = stringEnd; // in place: the slots copy the bytes only when they need to
                    row.putBytes(first + node.leaves[number].index, in.b, start, stringEnd - start);
                }
                default -> {
                    long v = value(in, end, op);
                    if (WIDE[op]) {
                        row.putLong(first + node.leaves[number].index, v);
                    } else {
                        row.putInt(first + node.leaves[number].index, (int) v);
                    }
                }
            }
        }
    }

    /** One element of a repeated column, or a packed run of them. */
    private static void list(Cursor in, int tag, int end, Column c, int op, Slots row, int first)
            throws InvalidProtocolBufferException {
        int wire = tag & 7;
        if (wire == WIRE_OF[op]) {
            row.add(first + c.index, value(in, end, op));
        } else if (wire == WIRE_DELIMITED) { // packed
            int listEnd = in.delimitedEnd(end);
            while (in.pos < listEnd) row.add(first + c.index, value(in, listEnd, op));
        } else {
            in.skip(tag, end);
        }
    }

    /**
     * A scalar's value as raw bits in a long (floats and doubles as their bit patterns), as {@link
     * Slots} takes it.
     */
    private static long value(Cursor in, int end, int op) throws InvalidProtocolBufferException {
        return switch (op) {
            case OP_FIXED32_INT -> in.fixed32(end);
            case OP_FIXED32_LONG -> in.fixed32(end) & 0xffffffffL;
            case OP_FIXED64 -> in.fixed64(end);
            case OP_VARINT_INT -> in.varint32(end);
            case OP_ZIGZAG32 -> {
                int n = in.varint32(end);
                yield (n >>> 1) ^ -(n & 1);
            }
            case OP_BOOL -> in.varint64(end) != 0 ? 1 : 0;
            case OP_VARINT_UINT32 -> in.varint32(end) & 0xffffffffL;
            case OP_VARINT_LONG -> in.varint64(end);
            case OP_ZIGZAG64 -> {
                long n = in.varint64(end);
                yield (n >>> 1) ^ -(n & 1);
            }
            default -> throw new IllegalStateException("not a scalar: " + op);
        };
    }

    private static boolean isBytes(FieldDescriptor.Type type) {
        return type == FieldDescriptor.Type.STRING || type == FieldDescriptor.Type.BYTES;
    }

    private static int op(FieldDescriptor.Type type) {
        return switch (type) {
            case FLOAT, SFIXED32 -> OP_FIXED32_INT;
            case FIXED32 -> OP_FIXED32_LONG;
            case DOUBLE, FIXED64, SFIXED64 -> OP_FIXED64;
            case INT32, ENUM -> OP_VARINT_INT;
            case SINT32 -> OP_ZIGZAG32;
            case BOOL -> OP_BOOL;
            case UINT32 -> OP_VARINT_UINT32;
            case INT64, UINT64 -> OP_VARINT_LONG;
            case SINT64 -> OP_ZIGZAG64;
            case STRING, BYTES -> OP_BYTES;
            default -> throw new IllegalStateException("not a scalar: " + type);
        };
    }

    /** The wire type of each OP_ code's values, and whether they go to {@link Slots#putLong}. */
    private static final int[] WIRE_OF = new int[OP_BYTES + 1];

    private static final boolean[] WIDE = new boolean[OP_BYTES + 1];

    static {
        WIDE[OP_FIXED32_LONG] =
                WIDE[OP_FIXED64] =
                        WIDE[OP_VARINT_UINT32] = WIDE[OP_VARINT_LONG] = WIDE[OP_ZIGZAG64] = true;
        WIRE_OF[OP_FIXED32_INT] = WIRE_OF[OP_FIXED32_LONG] = WIRE_FIXED32;
        WIRE_OF[OP_FIXED64] = WIRE_FIXED64;
        WIRE_OF[OP_BYTES] = WIRE_DELIMITED;
        // the varint codes: WIRE_VARINT, which is 0
    }

    private static InvalidProtocolBufferException malformed(Cursor in, String what) {
        return new InvalidProtocolBufferException(
                "malformed message: " + what + " (byte " + in.pos + " of " + in.b.length + ")");
    }
}
