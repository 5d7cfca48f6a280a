package io.actelemetry.job.cli;

import io.actelemetry.job.TelemetryJob;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.laps.LapTrackingFunction;
import io.actelemetry.job.source.recording.RecordingSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.BatchShuffleMode;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.client.deployment.application.WebSubmissionJobClient;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A replay: recordings through the job in BATCH mode into the Parquet tables. Recordings are read
 * in name order, one split after another (or several at once with {@link #READERS}, put back in
 * that order), so the same input gives the same rows. Started from {@code java -jar} it runs in a
 * local mini-cluster; under {@code flink run} on the cluster.
 */
public final class Replay {

    /**
     * What a replay tells: the frames and time of a finished one, or only the job's id when it was
     * submitted detached ({@code flink run -d}, the REST API), whose end the cluster sees and this
     * program does not. Both times count from the run's origin: the program's start for the command
     * line, so the start-up is what its user waits for until the first frame.
     */
    public record Result(
            JobID job, boolean detached, long framesRead, Duration elapsed, Duration startup) {
        /** Over the whole run, start-up included. */
        public double framesPerSecond() {
            return perSecond(elapsed);
        }

        /**
         * From the first frame to the last row written: the throughput, without the fixed cost of
         * starting the job.
         */
        public double framesPerSecondRunning() {
            return perSecond(elapsed.minus(startup));
        }

        private double perSecond(Duration d) {
            return framesRead / Math.max(1e-3, d.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            if (detached)
                return "Submitted replay job "
                        + job
                        + " detached: the tables are complete when the job has finished";
            return String.format(
                    "Replayed %,d frames in %.1f s (%.1f s to the first frame, then %,.0f"
                            + " frames/s)",
                    framesRead,
                    elapsed.toMillis() / 1000.0,
                    startup.toMillis() / 1000.0,
                    framesPerSecondRunning());
        }
    }

    /**
     * How a replay runs unless {@code -D} options say otherwise. The job keeps each key's order
     * itself (as it must live), so a replay needs no sort by key; pipelined exchanges let every
     * stage run at once instead of spilling each frame to disk between stages (three times faster
     * here), which takes the default scheduler (the adaptive batch scheduler waits for a stage to
     * finish before it sizes the next one).
     */
    public static final Configuration PIPELINED = new Configuration();

    static {
        PIPELINED.set(ExecutionOptions.SORT_INPUTS, false);
        PIPELINED.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, false);
        PIPELINED.set(
                ExecutionOptions.BATCH_SHUFFLE_MODE, BatchShuffleMode.ALL_EXCHANGES_PIPELINED);
        PIPELINED.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Default);
    }

    /**
     * Readers of recordings: with more than one, the splits of the input are read at once and put
     * back in order before the job, so the output stays the same.
     */
    public static final ConfigOption<Integer> READERS =
            ConfigOptions.key("replay.readers")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Readers of recordings (source parallelism) in a replay.");

    /** Compressed bytes a split of a recording (cut where a block starts). */
    public static final ConfigOption<MemorySize> SPLIT_BYTES =
            ConfigOptions.key("replay.split-size")
                    .memoryType()
                    .defaultValue(new MemorySize(RecordingSource.DEFAULT_SPLIT_BYTES))
                    .withDescription("Compressed bytes a split of a recording in a replay.");

    private Replay() {}

    /**
     * Runs the replay of {@code inputs} (files or folders) into {@code out}, with {@code flink}
     * settings on top of BATCH mode; progress lines go to {@code progress} (null for none) every
     * {@code every}. Its times count from now.
     */
    public static Result run(
            List<Path> inputs,
            Path out,
            Configuration flink,
            LapOptions options,
            PrintStream progress,
            Duration every)
            throws Exception {
        return run(
                inputs.stream().map(Storage::local).toList(),
                Storage.local(out),
                flink,
                options,
                progress,
                every,
                Instant.now());
    }

    /**
     * The same, from and into any Flink filesystem ({@code s3://bucket/prefix}, {@code file:/...}),
     * its times counted from {@code origin}.
     */
    public static Result run(
            List<org.apache.flink.core.fs.Path> inputs,
            org.apache.flink.core.fs.Path out,
            Configuration flink,
            LapOptions options,
            PrintStream progress,
            Duration every,
            Instant origin)
            throws Exception {
        Configuration conf = new Configuration();
        conf.addAll(PIPELINED);
        conf.addAll(flink);
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        // java -jar: the cluster starts while the job is planned (under flink run there is one)
        LocalCluster local =
                TelemetryJobMain.runsInFlink() ? null : LocalCluster.start(conf, conf.get(READERS));
        StreamExecutionEnvironment env =
                local == null
                        ? StreamExecutionEnvironment.getExecutionEnvironment(conf)
                        : local.environment(conf);
        JobClient job;
        try {
            TelemetryJob.build(
                    RecordingSource.frames(
                            env,
                            RecordingSource.bounded(inputs, conf.get(SPLIT_BYTES).getBytes()),
                            RecordingSource.watermarks(),
                            conf.get(READERS)),
                    TelemetryJob.Sinks.parquet(out),
                    options);
            job = env.executeAsync("ac-telemetry replay");
        } catch (Exception e) {
            if (local != null) local.close();
            throw e;
        }
        if (detached(env, job))
            return new Result(job.getJobID(), true, 0, Duration.ZERO, Duration.ZERO);
        if (progress != null) report(job, progress, every, origin);
        JobExecutionResult result = job.getJobExecutionResult().get();
        long startMs = origin.toEpochMilli();
        Duration elapsed = Duration.between(origin, Instant.now());
        Long frames = result.getAccumulatorResult(LapTrackingFunction.FRAMES_IN);
        Long firstFrameAt = result.getAccumulatorResult(LapTrackingFunction.FIRST_FRAME_AT);
        Duration startup =
                firstFrameAt == null || frames == null || frames == 0
                        ? Duration.ZERO
                        : Duration.ofMillis(
                                Math.max(0, Math.min(firstFrameAt - startMs, elapsed.toMillis())));
        return new Result(job.getJobID(), false, frames == null ? 0 : frames, elapsed, startup);
    }

    /**
     * Submitted with flink run -d, or through the REST API (whose job client cannot wait for the
     * result).
     */
    private static boolean detached(StreamExecutionEnvironment env, JobClient job) {
        return !env.getConfiguration().get(DeploymentOptions.ATTACHED)
                || job instanceof WebSubmissionJobClient;
    }

    /** Prints frames read so far while the job runs (the counts arrive with task heartbeats). */
    private static void report(JobClient job, PrintStream progress, Duration every, Instant origin)
            throws InterruptedException {
        CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();
        long last = 0;
        Instant next = origin.plus(every);
        while (!done.isDone()) {
            Thread.sleep(200);
            if (Instant.now().isBefore(next)) continue;
            next = next.plus(every);
            Object read;
            try {
                read = job.getAccumulators().get().get(LapTrackingFunction.FRAMES_IN);
            } catch (ExecutionException | IllegalStateException e) {
                // finishing: a local cluster ends with its job, and asked after that it refuses at
                // once (IllegalStateException) or through the future; the final count comes with
                // the result
                continue;
            }
            if (read instanceof Long n && n > last) {
                double s = Duration.between(origin, Instant.now()).toMillis() / 1e3;
                progress.printf("  %,d frames read (%.0f s, %,.0f frames/s)%n", n, s, n / s);
                last = n;
            }
        }
    }
}
