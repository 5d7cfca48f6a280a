package io.actelemetry.job.cli;

import io.actelemetry.job.laps.LapOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The lap analytics' settings on the command line. */
final class LapTableOptions {

    @Option(
            names = "--mini-sectors",
            paramLabel = "N",
            defaultValue = "20",
            description =
                    "Mini-sectors of equal spline length per lap (default: ${DEFAULT-VALUE}).")
    int miniSectors;

    @Option(
            names = "--tyres-out-allowance",
            paramLabel = "N",
            defaultValue = "2",
            description =
                    "Tyres allowed off track at once before a lap is invalid (default:"
                            + " ${DEFAULT-VALUE}).")
    int tyresOutAllowance;

    @Option(
            names = "--session-timeout",
            paramLabel = "DURATION",
            defaultValue = "6h",
            converter = DurationConverter.class,
            description =
                    "A session (and car) without frames this long is over: its open lap ends as"
                        + " incomplete and its state is dropped; matters for live jobs (default:"
                        + " ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    LapOptions options() {
        return LapOptions.defaults()
                .withMiniSectors(miniSectors)
                .withTyresOutAllowance(tyresOutAllowance)
                .withSessionTimeoutMs(sessionTimeout.toMillis());
    }
}
