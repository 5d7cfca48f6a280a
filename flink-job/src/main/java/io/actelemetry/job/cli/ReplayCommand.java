package io.actelemetry.job.cli;

import io.actelemetry.job.report.Reports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "replay",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Replay recordings (.pb.gz files, or folders searched for them) through the job in"
                + " batch mode, write the frames, laps, segments and lap_fields tables, and print"
                + " the lap table.",
            "The same input always gives the same rows."
        })
final class ReplayCommand implements Callable<Integer> {

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE_OR_FOLDER",
            converter = Storage.Converter.class,
            description =
                    "Recordings to replay: local paths, or any Flink filesystem URI"
                            + " (s3://bucket/recordings/, ...).")
    List<org.apache.flink.core.fs.Path> inputs;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            converter = Storage.Converter.class,
            description =
                    "Output folder for the Parquet tables: a local path, or any Flink filesystem"
                            + " URI (s3://bucket/prefix, hdfs://...).")
    org.apache.flink.core.fs.Path out;

    @Option(names = "--overwrite", description = "Replace tables already in the output folder.")
    boolean overwrite;

    @Option(
            names = "--progress-every",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often to print progress (default: ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Option(
            names = "--readers",
            paramLabel = "N",
            description =
                    "Read recordings with N readers (source slots) at once, each long recording"
                            + " cut into splits where its blocks start; the output is the same"
                            + " (default: 1, or -D replay.readers).")
    Integer readers;

    @Option(
            names = "--report",
            description =
                    "At the end, write each session's HTML report under OUTPUT/reports/ (as the"
                            + " report command does).")
    boolean report;

    @Mixin LapTableOptions laps;

    @Mixin FlinkOptions flink;

    @Override
    public Integer call() throws Exception {
        Storage.initialize(flink.configuration());
        for (org.apache.flink.core.fs.Path input : inputs)
            Storage.fileSystem(input, "FILE_OR_FOLDER");
        OutputFolder.prepare(out, overwrite);
        System.out.printf(
                "Replaying %s into %s%n",
                inputs.stream().map(Storage::show).toList(), Storage.show(out));
        Configuration conf = flink.configuration();
        if (readers != null) conf.set(Replay.READERS, readers);
        Replay.Result r =
                Replay.run(
                        inputs,
                        out,
                        conf,
                        laps.options(),
                        System.out,
                        progressEvery,
                        TelemetryJobMain.started());
        System.out.println(r);
        if (!r.detached()) {
            OutputFolder.reportAfterRun(out, System.out);
            if (report) ReportCommand.print(Reports.write(out, null), System.out);
        }
        return 0;
    }
}
