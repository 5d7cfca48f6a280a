package io.actelemetry.job.cli;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The job's one entry point, for {@code java -jar} (a local mini-cluster) and {@code flink run}
 * alike.
 */
@Command(
        name = "ac-telemetry-job",
        mixinStandardHelpOptions = true,
        version = "ac-telemetry flink job 0.1.0",
        subcommands = {
            ReplayCommand.class,
            LiveCommand.class,
            DemoCommand.class,
            LapsCommand.class,
            ReportCommand.class,
            WatchCommand.class,
            CommandLine.HelpCommand.class
        },
        description = {
            "Assetto Corsa telemetry on Apache Flink: laps, segments and Parquet tables."
        })
public final class TelemetryJobMain {

    private TelemetryJobMain() {}

    /** When the running command started: what its user waits from. */
    private static volatile Instant started = Instant.now();

    public static void main(String[] args) {
        // a program of its own (java -jar, flink run): the wait began with the JVM
        int code =
                run(
                        Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()),
                        args);
        // Started by java -jar: exit, once a local mini-cluster has closed. Under flink run or in
        // application mode the main runs inside Flink's own process (in the JobManager, for the
        // latter), which an exit would take down: return, and fail by exception so Flink reports
        // it.
        if (!runsInFlink()) {
            LocalCluster.closeAll(Duration.ofSeconds(10));
            System.exit(code);
        }
        if (code != 0)
            throw new IllegalStateException(
                    "ac-telemetry-job failed with exit code " + code + " (see above)");
    }

    /**
     * Flink's client and application mode install a context environment; plain java -jar gets a
     * local one.
     */
    static boolean runsInFlink() {
        return !(StreamExecutionEnvironment.getExecutionEnvironment()
                instanceof LocalStreamEnvironment);
    }

    static Instant started() {
        return started;
    }

    /** Runs a command line and returns its exit code; errors are printed, not thrown. */
    public static int run(String... args) {
        return run(Instant.now(), args);
    }

    private static int run(Instant origin, String... args) {
        started = origin;
        return new CommandLine(new TelemetryJobMain())
                .setExecutionExceptionHandler(
                        (e, cmd, parsed) -> {
                            cmd.getErr()
                                    .println(
                                            cmd.getColorScheme()
                                                    .errorText("error: " + e.getMessage()));
                            return 1;
                        })
                .execute(args);
    }
}
