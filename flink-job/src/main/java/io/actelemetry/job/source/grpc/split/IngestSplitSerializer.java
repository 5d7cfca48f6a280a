package io.actelemetry.job.source.grpc.split;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Version 1: index, port, then per (session, car): session, car, sequence, last seen. */
public final class IngestSplitSerializer implements SimpleVersionedSerializer<IngestSplit> {

    public static final IngestSplitSerializer INSTANCE = new IngestSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(IngestSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + 64 * split.committed().size());
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public IngestSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) throw new IOException("unknown ingest split version " + version);
        return read(new DataInputDeserializer(serialized));
    }

    private static void write(IngestSplit split, DataOutputView out) throws IOException {
        out.writeInt(split.index());
        out.writeInt(split.port());
        out.writeInt(split.committed().size());
        for (Map.Entry<SessionCar, IngestSplit.Committed> e : split.committed().entrySet()) {
            // Length-prefixed UTF-8, not writeUTF: ids come from clients and may exceed its 64 KB
            // limit.
            writeString(e.getKey().sessionId(), out);
            writeString(e.getKey().carId(), out);
            out.writeLong(e.getValue().sequence());
            out.writeLong(e.getValue().lastSeenMs());
        }
    }

    private static IngestSplit read(DataInputView in) throws IOException {
        int index = in.readInt();
        int port = in.readInt();
        int n = in.readInt();
        Map<SessionCar, IngestSplit.Committed> committed = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            SessionCar key = new SessionCar(readString(in), readString(in));
            committed.put(key, new IngestSplit.Committed(in.readLong(), in.readLong()));
        }
        return new IngestSplit(index, port, committed);
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
