package io.actelemetry.job.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;

/**
 * A folder of a live job's retained checkpoints and savepoints, so that a job started again with the same
 * command carries on where the last one stopped, killed or not. Flink lays it out as
 * {@code DIR/<job id>/chk-<n>/_metadata} for checkpoints and {@code DIR/savepoints/savepoint-.../_metadata} for
 * savepoints; the newest {@code _metadata} is where to resume.
 */
final class RetainedCheckpoints {

    static final String SAVEPOINTS = "savepoints";
    private static final String METADATA = "_metadata";

    private final Path dir;

    RetainedCheckpoints(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    Path dir() {
        return dir;
    }

    Path savepoints() {
        return dir.resolve(SAVEPOINTS);
    }

    /**
     * Checkpoints kept on cancellation and on failure, in {@code dir}; savepoints there too. Restoring claims the
     * snapshot: Flink deletes it once a newer one of the new run subsumes it, so the folder does not grow.
     */
    Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints().toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        return conf;
    }

    /** The newest complete checkpoint or savepoint (the folder holding its {@code _metadata}), if any. */
    Optional<Path> latest() throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> files = Files.find(dir, 3, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(METADATA))) {
            return files.max(Comparator.comparing(RetainedCheckpoints::modified)).map(Path::getParent);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a folder vanished while listing: Flink subsumed a checkpoint
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How old a snapshot is, for the user. */
    static String age(Path snapshot) throws IOException {
        Duration age = Duration.ofMillis(System.currentTimeMillis() - Files.getLastModifiedTime(snapshot.resolve(METADATA)).toMillis());
        return age.toSeconds() < 120 ? age.toSeconds() + " s" : age.toMinutes() < 120 ? age.toMinutes() + " min" : age.toHours() + " h";
    }
}
