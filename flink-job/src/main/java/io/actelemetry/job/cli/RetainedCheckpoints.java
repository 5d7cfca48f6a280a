package io.actelemetry.job.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
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
 * A folder of a live job's retained checkpoints and savepoints, so that a job started again with
 * the same command carries on where the last one stopped, killed or not. Flink lays it out as
 * {@code DIR/<job id>/chk-<n>/_metadata} for checkpoints and {@code
 * DIR/savepoints/savepoint-.../_metadata} for savepoints; the newest {@code _metadata} is where to
 * resume. Local or on any Flink filesystem ({@code s3://bucket/checkpoints}): it is looked through
 * with Flink's {@link FileSystem}.
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
     * Checkpoints kept on cancellation and on failure, in {@code dir}; savepoints there too.
     * Restoring claims the snapshot: Flink deletes it once a newer one of the new run subsumes it,
     * so the folder does not grow. No checkpoint once every task has ended: a live job's tasks end
     * only in a drain, whose savepoint has committed every table, and the checkpoint Flink would
     * trigger after it is declined by the sources already closing (a warning with a stack trace).
     */
    Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        conf.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, false);
        return conf;
    }

    /**
     * The newest complete checkpoint or savepoint (the folder holding its {@code _metadata}), if
     * any. Object stores give modification times in whole seconds, so a stop's savepoint may share
     * its second with the job's last checkpoint: at equal times a savepoint is newer (a job's last
     * snapshot when stopped), then the higher checkpoint number.
     */
    Optional<Path> latest() throws IOException {
        FileSystem fs = Storage.fileSystem(dir, "--checkpoints");
        Snapshot newest = null;
        for (FileStatus parent : list(fs, dir)) { // <job id>/ and savepoints/
            if (!parent.isDir()) continue;
            for (FileStatus folder : list(fs, parent.getPath())) { // chk-<n>/, savepoint-.../
                if (!folder.isDir()) continue;
                FileStatus metadata = status(fs, new Path(folder.getPath(), METADATA));
                if (metadata == null) continue;
                Snapshot snapshot = new Snapshot(folder.getPath(), metadata.getModificationTime());
                if (newest == null || Snapshot.ORDER.compare(snapshot, newest) > 0)
                    newest = snapshot;
            }
        }
        return newest == null ? Optional.empty() : Optional.of(newest.folder());
    }

    private record Snapshot(Path folder, long modified) {
        static final Comparator<Snapshot> ORDER =
                Comparator.comparingLong(Snapshot::modified)
                        .thenComparing(Snapshot::savepoint)
                        .thenComparingLong(Snapshot::checkpoint);

        boolean savepoint() {
            return folder.getParent().getName().equals(SAVEPOINTS);
        }

        long checkpoint() {
            String name = folder.getName();
            return name.matches("chk-\\d+") ? Long.parseLong(name.substring(4)) : -1;
        }
    }

    /**
     * A folder's entries; none if it is not there (yet, or any more: Flink subsumed a checkpoint
     * while listing).
     */
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
        return age.toSeconds() < 120
                ? age.toSeconds() + " s"
                : age.toMinutes() < 120 ? age.toMinutes() + " min" : age.toHours() + " h";
    }
}
