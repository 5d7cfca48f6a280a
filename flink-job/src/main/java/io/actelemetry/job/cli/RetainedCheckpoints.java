package io.actelemetry.job.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A folder of a live job's retained checkpoints and savepoints, so that a job started again with the same
 * command carries on where the last one stopped, killed or not. Flink lays it out as
 * {@code DIR/<job id>/chk-<n>/_metadata} for checkpoints and {@code DIR/savepoints/savepoint-.../_metadata} for
 * savepoints; the newest {@code _metadata} is where to resume. Local or on any Flink filesystem
 * ({@code s3://bucket/checkpoints}): it is looked through with Flink's {@link FileSystem}.
 */
final class RetainedCheckpoints {

    static final String SAVEPOINTS = "savepoints";
    private static final String METADATA = "_metadata";

    private final Path dir;

    RetainedCheckpoints(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path savepoints() {
        return new Path(dir, SAVEPOINTS);
    }

    /**
     * Checkpoints kept on cancellation and on failure, in {@code dir}; savepoints there too. Restoring claims the
     * snapshot: Flink deletes it once a newer one of the new run subsumes it, so the folder does not grow.
     */
    Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        return conf;
    }

    /** The newest complete checkpoint or savepoint (the folder holding its {@code _metadata}), if any. */
    Optional<Path> latest() throws IOException {
        FileSystem fs = Storage.fileSystem(dir, "--checkpoints");
        FileStatus newest = null;
        for (FileStatus parent : list(fs, dir)) { // <job id>/ and savepoints/
            if (!parent.isDir()) continue;
            for (FileStatus snapshot : list(fs, parent.getPath())) { // chk-<n>/, savepoint-.../
                if (!snapshot.isDir()) continue;
                FileStatus metadata = status(fs, new Path(snapshot.getPath(), METADATA));
                if (metadata != null && (newest == null || metadata.getModificationTime() > newest.getModificationTime())) newest = metadata;
            }
        }
        return newest == null ? Optional.empty() : Optional.of(newest.getPath().getParent());
    }

    /** A folder's entries; none if it is not there (yet, or any more: Flink subsumed a checkpoint while listing). */
    private static FileStatus[] list(FileSystem fs, Path folder) throws IOException {
        try {
            FileStatus[] entries = fs.exists(folder) ? fs.listStatus(folder) : null;
            return entries == null ? new FileStatus[0] : entries;
        } catch (FileNotFoundException gone) {
            return new FileStatus[0];
        }
    }

    private static FileStatus status(FileSystem fs, Path file) throws IOException {
        try {
            return fs.getFileStatus(file);
        } catch (FileNotFoundException e) {
            return null; // a checkpoint being written, or one taken without its metadata
        }
    }

    /** How old a snapshot is, for the user. */
    static String age(Path snapshot) throws IOException {
        Path metadata = new Path(snapshot, METADATA);
        long modified = metadata.getFileSystem().getFileStatus(metadata).getModificationTime();
        Duration age = Duration.ofMillis(System.currentTimeMillis() - modified);
        return age.toSeconds() < 120 ? age.toSeconds() + " s" : age.toMinutes() < 120 ? age.toMinutes() + " min" : age.toHours() + " h";
    }
}
