package io.actelemetry.job.sink;

import com.google.protobuf.CodedInputStream;
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
    private record Column(String name, FieldDescriptor.Type type, PrimitiveTypeName parquet, boolean repeated, int index) {}

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
                Column c = new Column(name, f.getType(), parquetType(f.getType()), f.isRepeated(), columns.size());
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
     * the slot's default, which is their proto3 default.
     */
    void read(byte[] serialized, FlatRow row, int first) throws IOException {
        read(serialized, CodedInputStream.newInstance(serialized), root, row, first);
    }

    private static void read(byte[] serialized, CodedInputStream in, Node node, FlatRow row, int first) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int number = tag >>> 3;
            Column leaf = number < node.leaves.length ? node.leaves[number] : null;
            Node child = number < node.children.length ? node.children[number] : null;
            if (child != null) {
                int limit = in.pushLimit(in.readRawVarint32());
                read(serialized, in, child, row, first);
                in.popLimit(limit);
            } else if (leaf == null) {
                in.skipField(tag);
            } else if (!leaf.repeated) {
                readValue(serialized, in, leaf, row, first + leaf.index);
            } else {
                LongList list = row.list(first + leaf.index);
                if ((tag & 7) == 2) {
                    int limit = in.pushLimit(in.readRawVarint32()); // packed
                    while (in.getBytesUntilLimit() > 0) list.add(scalar(in, leaf.type));
                    in.popLimit(limit);
                } else {
                    list.add(scalar(in, leaf.type));
                }
            }
        }
    }

    private static void readValue(byte[] serialized, CodedInputStream in, Column c, FlatRow row, int slot) throws IOException {
        switch (c.parquet) {
            case BINARY -> { // in place: the row copies it only when it differs from the previous row's
                int length = in.readRawVarint32();
                row.putBytes(slot, serialized, in.getTotalBytesRead(), length);
                in.skipRawBytes(length);
            }
            case INT64, DOUBLE -> row.putLong(slot, scalar(in, c.type));
            default -> row.putInt(slot, (int) scalar(in, c.type));
        }
    }

    private static boolean isBytes(FieldDescriptor.Type type) {
        return type == FieldDescriptor.Type.STRING || type == FieldDescriptor.Type.BYTES;
    }

    /** A scalar as raw bits in a long (floats and doubles as their bit patterns). */
    private static long scalar(CodedInputStream in, FieldDescriptor.Type type) throws IOException {
        return switch (type) {
            case FLOAT -> Float.floatToRawIntBits(in.readFloat());
            case DOUBLE -> Double.doubleToRawLongBits(in.readDouble());
            case INT32 -> in.readInt32();
            case SINT32 -> in.readSInt32();
            case SFIXED32 -> in.readSFixed32();
            case ENUM -> in.readEnum();
            case UINT32 -> in.readUInt32() & 0xffffffffL;
            case FIXED32 -> in.readFixed32() & 0xffffffffL;
            case INT64 -> in.readInt64();
            case UINT64 -> in.readUInt64();
            case SINT64 -> in.readSInt64();
            case FIXED64 -> in.readFixed64();
            case SFIXED64 -> in.readSFixed64();
            case BOOL -> in.readBool() ? 1 : 0;
            default -> throw new IllegalStateException("not a scalar: " + type);
        };
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
