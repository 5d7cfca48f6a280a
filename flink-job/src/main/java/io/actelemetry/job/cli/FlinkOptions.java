package io.actelemetry.job.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import picocli.CommandLine.Option;

/** Options that are Flink's own, mapped onto its ConfigOptions; {@code -D} passes any other. */
final class FlinkOptions {

    @Option(
            names = {"-p", "--parallelism"},
            paramLabel = "N",
            description =
                    "Parallelism of the job (parallelism.default). Default: the cluster's, or the"
                            + " CPU count locally.")
    Integer parallelism;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Checkpoint interval (execution.checkpointing.interval), e.g. 30s; streaming"
                            + " runs only.")
    Duration checkpointInterval;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            mapFallbackValue = "",
            description =
                    "Any Flink configuration option, e.g. -Dtaskmanager.memory.managed.size=256m.")
    Map<String, String> flink = new LinkedHashMap<>();

    Configuration configuration() {
        Configuration conf = Configuration.fromMap(flink);
        if (parallelism != null) conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        if (checkpointInterval != null)
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        return conf;
    }
}
