package io.actelemetry.job.cli;

import io.actelemetry.job.laps.LapOptions;

import picocli.CommandLine.Option;

/** The lap analytics' settings on the command line. */
final class LapTableOptions {

    @Option(names = "--mini-sectors", paramLabel = "N", defaultValue = "20",
            description = "Mini-sectors of equal spline length per lap (default: ${DEFAULT-VALUE}).")
    int miniSectors;

    @Option(names = "--tyres-out-allowance", paramLabel = "N", defaultValue = "2",
            description = "Tyres allowed off track at once before a lap is invalid (default: ${DEFAULT-VALUE}).")
    int tyresOutAllowance;

    LapOptions options() {
        return LapOptions.defaults().withMiniSectors(miniSectors).withTyresOutAllowance(tyresOutAllowance);
    }
}
