package io.actelemetry.job.frame;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type for {@link Frame}, wherever it appears (records, side outputs, keyed state): {@link
 * FrameSerializer}.
 */
public final class FrameTypeInfo extends TypeInformation<Frame> {
    private static final long serialVersionUID = 1L;

    public static final FrameTypeInfo INSTANCE = new FrameTypeInfo();

    private FrameTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Frame> getTypeClass() {
        return Frame.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Frame> createSerializer(SerializerConfig config) {
        return new FrameSerializer();
    }

    @Override
    public String toString() {
        return "Frame";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameTypeInfo;
    }

    @Override
    public int hashCode() {
        return Frame.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof FrameTypeInfo;
    }

    /** Named by {@link Frame}'s {@code @TypeInfo}, so Flink's type extraction finds it. */
    public static final class Factory extends TypeInfoFactory<Frame> {
        @Override
        public TypeInformation<Frame> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
