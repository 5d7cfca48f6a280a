package io.actelemetry.job.cli;

import io.actelemetry.job.TelemetryJob;
import io.actelemetry.job.source.recording.RecordingSource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "watch",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Watch a folder for recordings and stream each new one through the job (STREAMING mode)"
                    + " into the Parquet tables; files become visible at each checkpoint.",
            "Runs until stopped (Ctrl-C, or cancel the job)."
        })
final class WatchCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "FOLDER",
            converter = Storage.Converter.class,
            description =
                    "Folder searched (recursively) for *.pb.gz recordings: a local path, or any"
                            + " Flink filesystem URI.")
    org.apache.flink.core.fs.Path folder;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            converter = Storage.Converter.class,
            description =
                    "Output folder for the Parquet tables: a local path, or any Flink filesystem"
                            + " URI (s3://bucket/prefix, hdfs://...).")
    org.apache.flink.core.fs.Path out;

    @Option(
            names = "--look-every",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How often to look for new files (default: ${DEFAULT-VALUE}).")
    Duration lookEvery;

    @Option(
            names = "--quiet-period",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description =
                    "Take a file once unchanged this long, so one still being written is read when"
                            + " finished (default: ${DEFAULT-VALUE}).")
    Duration quietPeriod;

    @Mixin LapTableOptions laps;

    @Mixin FlinkOptions flink;

    @Override
    public Integer call() throws Exception {
        Storage.initialize(flink.configuration());
        if (!Storage.fileSystem(folder, "FOLDER").exists(folder))
            throw new IOException("FOLDER " + Storage.show(folder) + ": no such folder");
        OutputFolder.writable(out);
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                Duration.ofSeconds(30)); // the sink commits on checkpoints
        conf.addAll(flink.configuration());
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        TelemetryJob.build(
                RecordingSource.frames(
                        env,
                        RecordingSource.watching(folder, lookEvery, quietPeriod),
                        RecordingSource.watermarks(),
                        1),
                TelemetryJob.Sinks.parquet(out),
                laps.options());
        Duration interval = conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        System.out.printf(
                "Watching %s; tables in %s, committed every %s. Ctrl-C to stop.%n",
                Storage.show(folder), Storage.show(out), TimeUtils.formatWithHighestUnit(interval));
        String name = "ac-telemetry watch " + Storage.show(folder);
        if (TelemetryJobMain
                .runsInFlink()) { // under flink run the client may be detached: the cluster runs it
            env.execute(name);
            return 0;
        }
        JobClient job = env.executeAsync(name);
        WatchReport report = new WatchReport(out, System.out);
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        while (!result.isDone()) {
            try {
                result.get(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                report.report();
            }
        }
        result.get();
        return 0;
    }
}
