package io.actelemetry.job.sink;

import java.util.Objects;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Which file a table's row goes to: its session's folder ({@link ParquetTables#partition}), and
 * when a session's file is closed. Files roll at every checkpoint (the end of input in a replay),
 * as Parquet needs. A table whose rows come with the frames ({@link
 * TableLayout#rowsComeWithFrames}) also closes a session's file once rows of another session came
 * after its last one and {@link #IDLE_MS} passed: a recording holds its sessions one after another,
 * so that session is over. Without it a replay of an archive kept every session's frames file open
 * (its page arrays and compressed pages) until the last frame, and the heap grew with the archive.
 * The session written last is never closed this way, so one session's run is never cut however long
 * it pauses; in a live job a car that stops sending has its file closed before the next checkpoint
 * would roll it. One object is both the sink's bucket assigner and its rolling policy, so the
 * policy knows the latest row's session: a writer's copy is its own, used on its task's thread.
 */
final class SessionFiles<T> extends CheckpointRollingPolicy<T, String>
        implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    /** How long a file of a session other than the latest must have had no row to be closed. */
    static final long IDLE_MS = 1_000;

    /** How often the sink looks for files to close. */
    static final long CHECK_INTERVAL_MS = 1_000;

    private final TableLayout<T> rows;
    // rows come in runs of one session: the folder name is made once per run, not once per row
    private transient String lastSession;
    private transient String lastBucket;

    SessionFiles(TableLayout<T> rows) {
        this.rows = rows;
    }

    @Override
    public String getBucketId(T row, Context context) {
        String session = rows.sessionId(row);
        if (lastBucket == null || !Objects.equals(session, lastSession)) {
            lastSession = session;
            lastBucket = ParquetTables.partition(session);
        }
        return lastBucket;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<String> file, T row) {
        return false;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<String> file, long now) {
        return rows.rowsComeWithFrames()
                && !Objects.equals(file.getBucketId(), lastBucket)
                && now - file.getLastUpdateTime() >= IDLE_MS;
    }
}
