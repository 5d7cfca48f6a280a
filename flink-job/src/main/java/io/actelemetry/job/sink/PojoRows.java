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
 * reflection, through parquet's record API: for the small tables (laps, segments, lap fields,
 * corners), and the schema of {@link TraceRows}.
 */
public final class PojoRows<T> implements RowWriter<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String sessionField;
    // the fields and their column names, and the session field: looked up once, not for every row
    private transient List<Field> fields;
    private transient String[] names;
    private transient Field session;
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
        for (int i = 0; i < all.size(); i++) {
            Object v;
            try {
                v = all.get(i).get(row);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (v == null) continue; // an optional column left out is null
            out.startField(names[i], i);
            if (v instanceof int[] a) {
                list(out, a.length, k -> out.addInteger(a[k]));
            } else if (v instanceof float[] a) {
                list(out, a.length, k -> out.addFloat(a[k]));
            } else {
                value(out, v);
            }
            out.endField(names[i], i);
        }
    }

    private static void value(RecordConsumer out, Object v) {
        if (v instanceof Integer x) out.addInteger(x);
        else if (v instanceof Long x) out.addLong(x);
        else if (v instanceof Float x) out.addFloat(x);
        else if (v instanceof Double x) out.addDouble(x);
        else if (v instanceof Boolean x) out.addBoolean(x);
        else if (v instanceof Short x) out.addInteger(x);
        else if (v instanceof Enum<?> x) out.addBinary(Binary.fromString(x.name()));
        else out.addBinary(Binary.fromString(v.toString()));
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
