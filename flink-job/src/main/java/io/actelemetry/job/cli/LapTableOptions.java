package io.actelemetry.job.cli;

import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.traces.Reference;
import java.io.IOException;
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

    @Option(
            names = "--trace-step",
            paramLabel = "METRES",
            defaultValue = "2",
            description =
                    "Distance between the points of a lap's trace (default: ${DEFAULT-VALUE} m).")
    float traceStepM;

    @Option(
            names = "--reference",
            paramLabel = "SESSION:LAP",
            description =
                    "The lap every lap of its layout is compared with (a session id and a lap"
                            + " index of this run); by default each lap's session's best valid lap"
                            + " (live: the best when the lap ended).")
    String reference;

    @Option(
            names = "--reference-from",
            paramLabel = "OUTPUT",
            converter = Storage.Converter.class,
            description =
                    "Compare with personal bests: the best valid lap of the same track, layout"
                            + " and car in an earlier run's output folder.")
    org.apache.flink.core.fs.Path referenceFrom;

    LapOptions options() throws IOException {
        if (reference != null && referenceFrom != null)
            throw new IllegalArgumentException(
                    "--reference and --reference-from choose the same thing: give one");
        Reference choice =
                reference != null
                        ? Reference.parse(reference)
                        : referenceFrom != null
                                ? Reference.personalBests(PersonalBests.in(referenceFrom))
                                : Reference.sessionBest();
        return LapOptions.defaults()
                .withMiniSectors(miniSectors)
                .withTyresOutAllowance(tyresOutAllowance)
                .withSessionTimeoutMs(sessionTimeout.toMillis())
                .withTraceStepM(traceStepM)
                .withReference(choice);
    }
}
