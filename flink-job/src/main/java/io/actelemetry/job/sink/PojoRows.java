package io.actelemetry.job.sink;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A table whose rows are a POJO's public fields, in declaration order, named in snake_case ({@code
 * lapTimeMs} is {@code lap_time_ms}). Primitives are required columns, boxed values and strings
 * optional (null stays null), {@code int[]}/{@code float[]} list columns. It reads fields by
 * reflection, through parquet's record API: for the tables of a row a lap or a trace point, not for
 * frames.
 */
public final class PojoRows<T> implements RowWriter<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String sessionField;
    // the fields and their column names, and the session field: looked up once, not for every row
    private transient List<Field> fields;
    private transient String[] names;
    private transient Field session;
    private transient String[] lastStrings;
    private transient Binary[] lastBinaries;
    private transient MessageType schema;

    /** {@code sessionField}: the String field holding the row's session id. */
    public PojoRows(Class<T> type, String sessionField) {
        this.type = type;
        this.sessionField = sessionField;
        fields(); // fail at job assembly, not at the first row
    }

    private List<Field> fields() {
        if (fields == null) {
            List<Field> list = new ArrayList<>();
            for (Field f : type.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    kind(f.getType()); // rejects types without a column form
                    list.add(f);
                }
            }
            names = new String[list.size()];
            for (int i = 0; i < names.length; i++) names[i] = snake(list.get(i).getName());
            lastStrings = new String[names.length];
            lastBinaries = new Binary[names.length];
            fields = list;
        }
        return fields;
    }

    @Override
    public MessageType schema() {
        if (schema == null) {
            Types.MessageTypeBuilder b = Types.buildMessage();
            for (Field f : fields()) b.addField(column(f));
            schema = b.named(type.getSimpleName());
        }
        return schema;
    }

    @Override
    public String sessionId(T row) {
        try {
            if (session == null) session = type.getField(sessionField);
            return (String) session.get(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no public String " + sessionField, e);
        }
    }

    @Override
    public void write(T row, RecordConsumer out) {
        List<Field> all = fields();
        try {
            for (int i = 0; i < all.size(); i++) {
                Field f = all.get(i);
                Class<?> c = f.getType();
                if (c.isPrimitive()) {
                    out.startField(names[i], i);
                    primitive(f, c, row, out);
                    out.endField(names[i], i);
                    continue;
                }
                Object v = f.get(row);
                if (v == null) continue; // an optional column left out is null
                out.startField(names[i], i);
                if (v instanceof int[] a) {
                    list(out, a.length, k -> out.addInteger(a[k]));
                } else if (v instanceof float[] a) {
                    list(out, a.length, k -> out.addFloat(a[k]));
                } else if (v instanceof String text) {
                    out.addBinary(binary(i, text));
                } else {
                    value(out, v);
                }
                out.endField(names[i], i);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Read without boxing. */
    private static void primitive(Field f, Class<?> c, Object row, RecordConsumer out)
            throws IllegalAccessException {
        if (c == int.class) out.addInteger(f.getInt(row));
        else if (c == float.class) out.addFloat(f.getFloat(row));
        else if (c == long.class) out.addLong(f.getLong(row));
        else if (c == double.class) out.addDouble(f.getDouble(row));
        else if (c == boolean.class) out.addBoolean(f.getBoolean(row));
        else out.addInteger(f.getShort(row));
    }

    /**
     * A string column's value, encoded once while rows repeat the same string (a session's id on
     * all its rows).
     */
    private Binary binary(int column, String text) {
        if (lastStrings[column] != text) {
            lastStrings[column] = text;
            lastBinaries[column] = Binary.fromString(text);
        }
        return lastBinaries[column];
    }

    private static void value(RecordConsumer out, Object v) {
        if (v instanceof Integer x) out.addInteger(x);
        else if (v instanceof Long x) out.addLong(x);
        else if (v instanceof Float x) out.addFloat(x);
        else if (v instanceof Double x) out.addDouble(x);
        else if (v instanceof Boolean x) out.addBoolean(x);
        else if (v instanceof Short x) out.addInteger(x);
        else out.addBinary(Binary.fromString(((Enum<?>) v).name())); // the other kind() allows
    }

    private interface Element {
        void add(int k);
    }

    private static void list(RecordConsumer out, int n, Element element) {
        out.startGroup();
        if (n > 0) {
            out.startField("list", 0);
            for (int k = 0; k < n; k++) {
                out.startGroup();
                out.startField("element", 0);
                element.add(k);
                out.endField("element", 0);
                out.endGroup();
            }
            out.endField("list", 0);
        }
        out.endGroup();
    }

    private static Type column(Field f) {
        Class<?> c = f.getType();
        String name = snake(f.getName());
        if (c == int[].class)
            return Types.optionalList().requiredElement(PrimitiveTypeName.INT32).named(name);
        if (c == float[].class)
            return Types.optionalList().requiredElement(PrimitiveTypeName.FLOAT).named(name);
        PrimitiveTypeName p = kind(c);
        Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> b =
                c.isPrimitive() ? Types.required(p) : Types.optional(p);
        if (p == PrimitiveTypeName.BINARY) b = b.as(LogicalTypeAnnotation.stringType());
        return b.named(name);
    }

    private static PrimitiveTypeName kind(Class<?> c) {
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class)
            return PrimitiveTypeName.INT32;
        if (c == long.class || c == Long.class) return PrimitiveTypeName.INT64;
        if (c == float.class || c == Float.class) return PrimitiveTypeName.FLOAT;
        if (c == double.class || c == Double.class) return PrimitiveTypeName.DOUBLE;
        if (c == boolean.class || c == Boolean.class) return PrimitiveTypeName.BOOLEAN;
        if (c == String.class || c.isEnum()) return PrimitiveTypeName.BINARY;
        if (c == int[].class || c == float[].class) return null;
        throw new IllegalArgumentException("no Parquet column for a field of type " + c);
    }

    /** {@code tyreCoreTempAvgFlC} to {@code tyre_core_temp_avg_fl_c}. */
    static String snake(String camel) {
        StringBuilder s = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) s.append('_');
                s.append(Character.toLowerCase(ch));
            } else {
                s.append(ch);
            }
        }
        return s.toString();
    }
}
