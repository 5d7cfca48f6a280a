package io.actelemetry.job.frame;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A protobuf message type flattened into leaf columns, generically from its descriptor, so every channel added
 * to the contract becomes a column without code: nested messages become prefixes ({@code physics.tyre_temp_c.fl}
 * is {@code physics_tyre_temp_c_fl}), repeated scalars become list columns, enums their number. Repeated messages
 * and repeated strings (none in the contract today) are left out.
 *
 * <p>Messages are decoded straight from their serialized bytes into one slot per column ({@link Slots}), without
 * building the message or going through reflection: this is the hot path of the job, once at the source (into a
 * {@link Frame}) and once in the {@code frames} table (every column).
 */
public final class FlatMessage {
    private static final int MAX_DEPTH = 4;

    /** Where a decoded message goes: slot {@code first + column index} per leaf column; unset fields are not put. */
    public interface Slots {
        /** 4-byte values: int32, sint32, sfixed32, enum; float as its bits; bool as 0/1. */
        void putInt(int slot, int v);

        /** 8-byte values: int64, uint64, sint64, fixed64, sfixed64, and the unsigned 32-bit uint32 and fixed32; double as its bits. */
        void putLong(int slot, long v);

        /**
         * A string or bytes field: {@code bytes[offset, offset + length)}, valid during the call only.
         *
         * @throws InvalidProtocolBufferException if the slots refuse the value (a string that is not UTF-8)
         */
        void putBytes(int slot, byte[] bytes, int offset, int length) throws InvalidProtocolBufferException;

        /** One element of a repeated column, as {@link #putInt} or {@link #putLong} would put it, widened to a long. */
        void add(int slot, long v);
    }

    /** One leaf column: its flattened name, its declared type, whether it holds a list, and its slot. */
    public record Column(String name, FieldDescriptor.Type type, boolean repeated, int index) {
        /** Whether its values go to {@link Slots#putLong} (else {@link Slots#putInt}, or putBytes for strings and bytes). */
        public boolean wide() {
            return switch (type) {
                case DOUBLE, FIXED64, SFIXED64, INT64, UINT64, SINT64, UINT32, FIXED32 -> true;
                default -> false;
            };
        }
    }

    /** A message type: its fields by number, with what decoding a leaf needs worked out once. */
    private static final class Node {
        final Column[] leaves;
        final int[] wire;
        final int[] put;
        final Node[] children;

        Node(int maxNumber) {
            leaves = new Column[maxNumber + 1];
            wire = new int[maxNumber + 1];
            put = new int[maxNumber + 1];
            children = new Node[maxNumber + 1];
        }
    }

    private static final int PUT_INT = 0;
    private static final int PUT_LONG = 1;
    private static final int PUT_BYTES = 2;

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
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (!f.isRepeated() && depth < MAX_DEPTH) node.children[f.getNumber()] = node(f.getMessageType(), name + "_", depth + 1, leftOut);
            } else if (!leftOut.contains(name) && !(f.isRepeated() && isBytes(f.getType()))) {
                Column c = new Column(name, f.getType(), f.isRepeated(), columns.size());
                columns.add(c);
                node.leaves[f.getNumber()] = c;
                node.wire[f.getNumber()] = wireType(f.getType());
                node.put[f.getNumber()] = isBytes(f.getType()) ? PUT_BYTES : c.wide() ? PUT_LONG : PUT_INT;
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
     * Decodes one serialized message into slots {@code first...} of {@code row}; fields it does not carry keep
     * the slot's default, which is their proto3 default. A field whose wire type is not its declared one is
     * skipped as unknown, as protobuf's own parser does.
     *
     * @throws InvalidProtocolBufferException if the bytes are not a well-formed message
     */
    public void read(byte[] serialized, Slots row, int first) throws InvalidProtocolBufferException {
        Cursor in = new Cursor(serialized);
        read(in, serialized.length, root, row, first);
        if (in.pos != serialized.length) throw malformed(in, "a field runs past the end");
    }

    /**
     * The wire format read straight from the array: this is the frames table's hot path (every field of every
     * frame), where CodedInputStream's general-purpose reads cost more than the rest of the writer together.
     */
    private static final class Cursor {
        final byte[] b;
        int pos;

        Cursor(byte[] b) {
            this.b = b;
        }

        long varint(int end) throws InvalidProtocolBufferException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw malformed(this, "a varint runs past the end");
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) return v;
            }
            throw malformed(this, "a varint is longer than 10 bytes");
        }

        int tag(int end) throws InvalidProtocolBufferException {
            int tag = (int) varint(end);
            if (tag >>> 3 == 0) throw malformed(this, "field number 0");
            return tag;
        }

        int fixed32(int end) throws InvalidProtocolBufferException {
            if (end - pos < 4) throw malformed(this, "a fixed32 runs past the end");
            int p = pos;
            pos += 4;
            return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
        }

        long fixed64(int end) throws InvalidProtocolBufferException {
            return (fixed32(end) & 0xffffffffL) | (long) fixed32(end) << 32;
        }

        /** The end of the length-delimited field starting here; the cursor is left at its first byte. */
        int delimitedEnd(int end) throws InvalidProtocolBufferException {
            long length = varint(end);
            if (length < 0 || length > end - pos) throw malformed(this, "a length-delimited field runs past the end");
            return pos + (int) length;
        }

        void skip(int tag, int end) throws InvalidProtocolBufferException {
            switch (tag & 7) {
                case WIRE_VARINT -> varint(end);
                case WIRE_FIXED64 -> fixed64(end);
                case WIRE_DELIMITED -> pos = delimitedEnd(end);
                case WIRE_FIXED32 -> fixed32(end);
                case WIRE_START_GROUP -> { // proto2 groups: skipped whole, up to their end tag
                    for (int t = tag(end); t != ((tag & ~7) | WIRE_END_GROUP); t = tag(end)) skip(t, end);
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

    private static void read(Cursor in, int end, Node node, Slots row, int first) throws InvalidProtocolBufferException {
        while (in.pos < end) {
            int tag = in.tag(end);
            int number = tag >>> 3;
            int wire = tag & 7;
            Column leaf = number < node.leaves.length ? node.leaves[number] : null;
            Node child = number < node.children.length ? node.children[number] : null;
            if (child != null && wire == WIRE_DELIMITED) {
                int childEnd = in.delimitedEnd(end);
                read(in, childEnd, child, row, first);
            } else if (leaf == null) {
                in.skip(tag, end);
            } else if (wire == node.wire[number]) {
                long v = scalar(in, end, leaf.type);
                if (leaf.repeated) {
                    row.add(first + leaf.index, v);
                } else {
                    put(in, node.put[number], v, row, first + leaf.index);
                }
            } else if (leaf.repeated && wire == WIRE_DELIMITED) { // packed
                int listEnd = in.delimitedEnd(end);
                while (in.pos < listEnd) row.add(first + leaf.index, scalar(in, listEnd, leaf.type));
                if (in.pos != listEnd) throw malformed(in, "a packed list runs past its length");
            } else {
                in.skip(tag, end);
            }
        }
    }

    private static void put(Cursor in, int how, long v, Slots row, int slot) throws InvalidProtocolBufferException {
        switch (how) {
            case PUT_BYTES -> { // in place: the slots copy them only when they need to
                int length = (int) v;
                row.putBytes(slot, in.b, in.pos - length, length);
            }
            case PUT_LONG -> row.putLong(slot, v);
            default -> row.putInt(slot, (int) v);
        }
    }

    /**
     * A scalar as raw bits in a long (floats and doubles as their bit patterns); for strings and bytes, their
     * length, with the cursor moved past them.
     */
    private static long scalar(Cursor in, int end, FieldDescriptor.Type type) throws InvalidProtocolBufferException {
        return switch (type) {
            case FLOAT, SFIXED32 -> in.fixed32(end);
            case FIXED32 -> in.fixed32(end) & 0xffffffffL;
            case DOUBLE, FIXED64, SFIXED64 -> in.fixed64(end);
            case INT32, ENUM -> (int) in.varint(end);
            case UINT32 -> in.varint(end) & 0xffffffffL;
            case SINT32 -> {
                int n = (int) in.varint(end);
                yield (n >>> 1) ^ -(n & 1);
            }
            case INT64, UINT64 -> in.varint(end);
            case SINT64 -> {
                long n = in.varint(end);
                yield (n >>> 1) ^ -(n & 1);
            }
            case BOOL -> in.varint(end) != 0 ? 1 : 0;
            case STRING, BYTES -> {
                int stringEnd = in.delimitedEnd(end);
                int length = stringEnd - in.pos;
                in.pos = stringEnd;
                yield length;
            }
            default -> throw new IllegalStateException("not a scalar: " + type);
        };
    }

    private static boolean isBytes(FieldDescriptor.Type type) {
        return type == FieldDescriptor.Type.STRING || type == FieldDescriptor.Type.BYTES;
    }

    private static int wireType(FieldDescriptor.Type type) {
        return switch (type) {
            case FLOAT, FIXED32, SFIXED32 -> WIRE_FIXED32;
            case DOUBLE, FIXED64, SFIXED64 -> WIRE_FIXED64;
            case STRING, BYTES -> WIRE_DELIMITED;
            default -> WIRE_VARINT;
        };
    }

    private static InvalidProtocolBufferException malformed(Cursor in, String what) {
        return new InvalidProtocolBufferException("malformed message: " + what + " (byte " + in.pos + " of " + in.b.length + ")");
    }
}
