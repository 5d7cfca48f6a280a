package io.actelemetry.job.laps;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes state the way Flink's keyed state does (PojoSerializer, no Kryo). */
final class TrackerStates {
    private TrackerStates() {}

    static int serializedSize(TrackerState state) throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // fails instead of falling back to Kryo
        TypeSerializer<TrackerState> serializer =
                TypeInformation.of(TrackerState.class).createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(4096);
        serializer.serialize(state, out);
        return out.length();
    }
}
