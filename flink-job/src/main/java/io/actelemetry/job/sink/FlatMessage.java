package io.actelemetry.job.sink;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * A protobuf message type flattened into Parquet columns, generically from its descriptor, so every channel
 * added to the contract becomes a column without code: nested messages become prefixes
 * ({@code physics.tyre_temp_c.fl} is {@code physics_tyre_temp_c_fl}), repeated scalars become list columns,
 * enums their number. Unset fields are their proto3 default, as the generated getters return them. Repeated
 * messages and repeated strings (none in the contract today) are left out.
 *
 * <p>Rows are decoded straight from the serialized bytes into one slot per column ({@link FlatRow}), without
 * building the message or going through reflection: this is the hot path of the {@code frames} table.
 */
final class FlatMessage {
    private static final int MAX_DEPTH = 4;

    /** One leaf column. */
    private record Column(String name, FieldDescriptor.Type type, PrimitiveTypeName parquet, int wire, boolean repeated, int index) {}

    /** A message type: its fields by number. */
    private static final class Node {
        final Column[] leaves;
        final Node[] children;

        Node(int maxNumber) {
            leaves = new Column[maxNumber + 1];
            children = new Node[maxNumber + 1];
        }
    }

    private final List<Column> columns = new ArrayList<>();
    private final Node root;

    /** {@code taken}: names already used by the table (those fields are not repeated as columns). */
    FlatMessage(Descriptor type, Set<String> taken) {
        root = node(type, "", 0, taken);
    }

    private Node node(Descriptor type, String prefix, int depth, Set<String> taken) {
        int max = type.getFields().stream().mapToInt(FieldDescriptor::getNumber).max().orElse(0);
        Node node = new Node(max);
        for (FieldDescriptor f : type.getFields()) {
            String name = prefix + f.getName();
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (!f.isRepeated() && depth < MAX_DEPTH) node.children[f.getNumber()] = node(f.getMessageType(), name + "_", depth + 1, taken);
            } else if (!taken.contains(name) && !(f.isRepeated() && isBytes(f.getType()))) {
                Column c = new Column(name, f.getType(), parquetType(f.getType()), wireType(f.getType()), f.isRepeated(), columns.size());
                columns.add(c);
                node.leaves[f.getNumber()] = c;
            }
        }
        return node;
    }

    void addFields(Types.GroupBuilder<?> schema) {
        for (Column c : columns) {
            PrimitiveTypeName p = c.parquet;
            LogicalTypeAnnotation logical = c.type == FieldDescriptor.Type.STRING ? LogicalTypeAnnotation.stringType() : null;
            if (c.repeated) {
                schema.addField(Types.requiredList().requiredElement(p).as(logical).named(c.name));
            } else {
                schema.addField(Types.required(p).as(logical).named(c.name));
            }
        }
    }

    /** Number of leaf columns. */
    int size() {
        return columns.size();
    }

    /**
     * Decodes one serialized message into slots {@code first...} of {@code row}; fields it does not carry keep
     * the slot's default, which is their proto3 default. A field whose wire type is not its declared one is
     * skipped as unknown, as protobuf's own parser does.
     *
     * @throws IOException if the bytes are not a well-formed message
     */
    void read(byte[] serialized, FlatRow row, int first) throws IOException {
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

        long varint(int end) throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw malformed(this, "a varint runs past the end");
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) return v;
            }
            throw malformed(this, "a varint is longer than 10 bytes");
        }

        int fixed32(int end) throws IOException {
            if (end - pos < 4) throw malformed(this, "a fixed32 runs past the end");
            int p = pos;
            pos += 4;
            return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
        }

        long fixed64(int end) throws IOException {
            return (fixed32(end) & 0xffffffffL) | (long) fixed32(end) << 32;
        }

        /** The end of the length-delimited field starting here; the cursor is left at its first byte. */
        int delimitedEnd(int end) throws IOException {
            long length = varint(end);
            if (length < 0 || length > end - pos) throw malformed(this, "a length-delimited field runs past the end");
            return pos + (int) length;
        }

        void skip(int tag, int end) throws IOException {
            switch (tag & 7) {
                case WIRE_VARINT -> varint(end);
                case WIRE_FIXED64 -> fixed64(end);
                case WIRE_DELIMITED -> pos = delimitedEnd(end);
                case WIRE_FIXED32 -> fixed32(end);
                case WIRE_START_GROUP -> { // proto2 groups: skipped whole, up to their end tag
                    for (int t = (int) varint(end); t != ((tag & ~7) | WIRE_END_GROUP); t = (int) varint(end)) skip(t, end);
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

    private static void read(Cursor in, int end, Node node, FlatRow row, int first) throws IOException {
        while (in.pos < end) {
            int tag = (int) in.varint(end);
            int number = tag >>> 3;
            int wire = tag & 7;
            Column leaf = number < node.leaves.length ? node.leaves[number] : null;
            Node child = number < node.children.length ? node.children[number] : null;
            if (child != null && wire == WIRE_DELIMITED) {
                int childEnd = in.delimitedEnd(end);
                read(in, childEnd, child, row, first);
            } else if (leaf == null) {
                in.skip(tag, end);
            } else if (wire == leaf.wire) {
                long v = scalar(in, end, leaf.type);
                if (leaf.repeated) {
                    row.list(first + leaf.index).add(v);
                } else {
                    put(in, leaf, v, row, first + leaf.index);
                }
            } else if (leaf.repeated && wire == WIRE_DELIMITED) { // packed
                int listEnd = in.delimitedEnd(end);
                LongList list = row.list(first + leaf.index);
                while (in.pos < listEnd) list.add(scalar(in, listEnd, leaf.type));
                if (in.pos != listEnd) throw malformed(in, "a packed list runs past its length");
            } else {
                in.skip(tag, end);
            }
        }
    }

    private static void put(Cursor in, Column c, long v, FlatRow row, int slot) {
        switch (c.parquet) {
            case BINARY -> { // in place: the row copies it only when it differs from the previous row's
                int length = (int) v;
                row.putBytes(slot, in.b, in.pos - length, length);
            }
            case INT64, DOUBLE -> row.putLong(slot, v);
            default -> row.putInt(slot, (int) v);
        }
    }

    /**
     * A scalar as raw bits in a long (floats and doubles as their bit patterns); for strings and bytes, their
     * length, with the cursor moved past them.
     */
    private static long scalar(Cursor in, int end, FieldDescriptor.Type type) throws IOException {
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

    private static IOException malformed(Cursor in, String what) {
        return new IOException("malformed message: " + what + " (byte " + in.pos + " of " + in.b.length + ")");
    }

    private static PrimitiveTypeName parquetType(FieldDescriptor.Type type) {
        return switch (type) {
            case FLOAT -> PrimitiveTypeName.FLOAT;
            case DOUBLE -> PrimitiveTypeName.DOUBLE;
            case INT32, SINT32, SFIXED32, ENUM -> PrimitiveTypeName.INT32;
            case BOOL -> PrimitiveTypeName.BOOLEAN;
            case STRING, BYTES -> PrimitiveTypeName.BINARY;
            default -> PrimitiveTypeName.INT64; // unsigned 32-bit values do not fit INT32
        };
    }
}
