package io.actelemetry.job.cli;

import io.actelemetry.job.report.Reports;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Write one self-contained HTML page per session of an output folder, under"
                        + " OUTPUT/reports/ (it opens offline, from the file), and print where.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "OUTPUT",
            converter = Storage.Converter.class,
            description =
                    "An output folder of a run: a local path, or any Flink filesystem URI"
                            + " (s3://bucket/prefix).")
    Path out;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
    String session;

    @Mixin FileSystemOptions fileSystem;

    @Override
    public Integer call() throws Exception {
        fileSystem.initialize();
        if (!OutputFolder.holdsTables(out))
            throw new java.io.IOException(Storage.show(out) + " holds no tables of a run");
        print(Reports.write(out, session), System.out);
        return 0;
    }

    static void print(List<Path> pages, java.io.PrintStream to) {
        if (pages.isEmpty()) to.println("\nNo session with laps: no report.");
        for (Path p : pages) to.printf("%nReport: %s%n", Storage.show(p));
    }
}
