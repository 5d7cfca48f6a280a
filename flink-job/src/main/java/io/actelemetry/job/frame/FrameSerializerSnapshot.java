package io.actelemetry.job.frame;

import io.actelemetry.job.frame.FrameLayout.Entry;
import io.actelemetry.job.frame.FrameLayout.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What checkpoints and savepoints record of the frames in state: the {@link FrameLayout} they were
 * written in, its version and its fields. The build that restores them compares it with its own:
 * the same layout is compatible as is; another one whose shared fields kept their kinds is read
 * field by field ({@link FrameLayoutSerializer}) and migrated; a field that changed kind is
 * incompatible, said before anything is misread.
 */
public final class FrameSerializerSnapshot implements TypeSerializerSnapshot<Frame> {
    /** Of this snapshot's own format, not of the frames' layout. */
    private static final int VERSION = 1;

    private FrameLayout layout;

    /** For Flink, which then calls {@link #readSnapshot}. */
    public FrameSerializerSnapshot() {}

    FrameSerializerSnapshot(FrameLayout layout) {
        this.layout = layout;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(layout.version());
        out.writeInt(layout.entries().size());
        for (Entry e : layout.entries()) {
            out.writeUTF(e.name());
            out.writeUTF(e.kind().name());
        }
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
            throws IOException {
        if (readVersion != VERSION) {
            throw new IOException(
                    "FrameSerializerSnapshot version " + readVersion + " is unknown here");
        }
        int version = in.readInt();
        int count = in.readInt();
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            String kind = in.readUTF();
            try {
                entries.add(new Entry(name, Kind.valueOf(kind)));
            } catch (IllegalArgumentException e) {
                throw new IOException(
                        "frame layout "
                                + version
                                + ": "
                                + name
                                + " is of a kind unknown here, "
                                + kind,
                        e);
            }
        }
        layout = new FrameLayout(version, entries);
    }

    @Override
    public TypeSerializer<Frame> restoreSerializer() {
        return FrameSerializer.reading(layout);
    }

    @Override
    public TypeSerializerSchemaCompatibility<Frame> resolveSchemaCompatibility(
            TypeSerializerSnapshot<Frame> old) {
        FrameLayout written =
                old instanceof FrameSerializerSnapshot s
                        ? s.layout
                        : old instanceof FrameSerializer.Snapshot ? FrameLayout.V1 : null;
        if (written == null || !written.readableAs(layout))
            return TypeSerializerSchemaCompatibility.incompatible();
        return written.equals(layout)
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }

    @Override
    public String toString() {
        return "FrameSerializerSnapshot{layout " + (layout == null ? "?" : layout.version()) + "}";
    }
}
