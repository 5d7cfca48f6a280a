package io.actelemetry.job.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * Ctrl-C on a local live job: stop it with a savepoint, which commits the tables up to the last
 * frame taken and acknowledges those frames to the bridges; the next start resumes from it. Without
 * the savepoint (it failed or took too long) nothing is lost either: the next start resumes from
 * the last checkpoint and the bridges re-send.
 */
final class LiveStop {

    private static final long TIMEOUT_SECONDS = 60;

    private LiveStop() {}

    static void stop(JobClient job, RetainedCheckpoints retained, PrintStream out) {
        if (job.getJobExecutionResult().isDone()) return;
        out.println("Stopping: taking a savepoint ...");
        try {
            String savepoint =
                    job.stopWithSavepoint(
                                    false,
                                    retained.savepoints().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            out.println("Stopped. Savepoint " + savepoint + "; the same command resumes from it.");
        } catch (Exception e) {
            out.println(
                    "Stopped without a savepoint ("
                            + e
                            + "); the same command resumes from the last checkpoint,"
                            + " and the bridges re-send what came after it.");
        }
        out.flush();
    }
}
