package io.actelemetry.job.source.grpc.enumerator;

import io.actelemetry.job.source.grpc.split.IngestSplit;
import io.actelemetry.job.source.grpc.split.IngestSplitSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Version 1: the created indices, then each unassigned split in the split serializer's form. */
public final class IngestEnumeratorStateSerializer
        implements SimpleVersionedSerializer<IngestEnumeratorState> {

    private static final int VERSION = 1;
    private final IngestSplitSerializer splits = IngestSplitSerializer.INSTANCE;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(IngestEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.created().size());
        for (int index : state.created()) out.writeInt(index);
        out.writeInt(state.unassigned().size());
        for (IngestSplit split : state.unassigned()) {
            byte[] bytes = splits.serialize(split);
            out.writeInt(splits.getVersion());
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public IngestEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION)
            throw new IOException("unknown ingest enumerator state version " + version);
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int n = in.readInt();
        Set<Integer> created = new HashSet<>();
        for (int i = 0; i < n; i++) created.add(in.readInt());
        int m = in.readInt();
        List<IngestSplit> unassigned = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            int splitVersion = in.readInt();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            unassigned.add(splits.deserialize(splitVersion, bytes));
        }
        return new IngestEnumeratorState(created, unassigned);
    }
}
