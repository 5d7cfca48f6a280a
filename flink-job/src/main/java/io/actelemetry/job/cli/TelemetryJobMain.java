package io.actelemetry.job.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The job's one entry point, for {@code java -jar} (a local mini-cluster) and {@code flink run} alike.
 */
@Command(name = "ac-telemetry-job", mixinStandardHelpOptions = true, version = "ac-telemetry flink job 0.1.0",
        subcommands = {ReplayCommand.class, DemoCommand.class, LapsCommand.class, WatchCommand.class, CommandLine.HelpCommand.class},
        description = {"Assetto Corsa telemetry on Apache Flink: laps, segments and Parquet tables."})
public final class TelemetryJobMain {

    private TelemetryJobMain() {}

    public static void main(String[] args) {
        System.exit(run(args)); // also ends what a local mini-cluster may leave running
    }

    /** Runs a command line and returns its exit code; errors are printed, not thrown. */
    public static int run(String... args) {
        return new CommandLine(new TelemetryJobMain())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
                    return 1;
                })
                .execute(args);
    }
}
