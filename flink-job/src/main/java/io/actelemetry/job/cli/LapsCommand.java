package io.actelemetry.job.cli;

import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingFiles;
import io.actelemetry.recording.RecordingReader;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "laps",
        aliases = "inspect",
        mixinStandardHelpOptions = true,
        description =
                "Print the lap table of an output folder, or the summary of a recording (file or"
                    + " folder): frames, blocks, sessions, cars, track, time span, truncation and"
                    + " damage.")
final class LapsCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "OUTPUT_OR_RECORDING",
            converter = Storage.Converter.class,
            description =
                    "An output folder (a local path, or any Flink filesystem URI:"
                            + " s3://bucket/prefix), or a local recording file or folder.")
    org.apache.flink.core.fs.Path path;

    @Mixin FileSystemOptions fileSystem;

    @Override
    public Integer call() throws Exception {
        fileSystem.initialize();
        if (OutputFolder.holdsTables(path)) {
            OutputFolder.report(path, System.out);
        } else if (Storage.isLocal(path)) {
            for (Path file : RecordingFiles.list(Paths.get(path.toUri()))) summarize(file);
        } else {
            throw new IOException(
                    Storage.show(path)
                            + " holds no tables ("
                            + String.join(", ", ParquetTables.ALL)
                            + "); recordings"
                            + " are summarized from local files only");
        }
        return 0;
    }

    private static void summarize(Path file) throws Exception {
        long frames = 0;
        long firstNs = Long.MAX_VALUE;
        long lastNs = Long.MIN_VALUE;
        TreeMap<String, TreeSet<String>> carsBySession = new TreeMap<>();
        TreeSet<String> tracks = new TreeSet<>();
        TreeSet<Integer> formats = new TreeSet<>();
        boolean wallClock = true;
        try (RecordingReader r = RecordingReader.open(file, RecordingReader.OnCorruption.SKIP)) {
            for (TelemetryFrame f = r.next(); f != null; f = r.next()) {
                frames++;
                wallClock &= f.getCaptureUnixNs() != 0;
                long t = f.getCaptureUnixNs() != 0 ? f.getCaptureUnixNs() : f.getMonotonicNs();
                firstNs = Math.min(firstNs, t);
                lastNs = Math.max(lastNs, t);
                carsBySession
                        .computeIfAbsent(f.getSessionId(), k -> new TreeSet<>())
                        .add(f.getCarId().isEmpty() ? "(player)" : f.getCarId());
                if (!f.getStat().getTrack().isEmpty()) {
                    tracks.add(
                            f.getStat().getTrack()
                                    + (f.getStat().getTrackConfiguration().isEmpty()
                                            ? ""
                                            : " (" + f.getStat().getTrackConfiguration() + ")"));
                }
                formats.add(f.getFormatVersion());
            }
            System.out.printf("%s%n  frames     %,d%n", file, frames);
            System.out.printf("  blocks     %,d%n", r.blocks());
            if (frames > 0) {
                Duration span = Duration.ofNanos(lastNs - firstNs);
                System.out.printf(
                        "  time span  %s%s%n",
                        span.toString().substring(2).toLowerCase(),
                        wallClock
                                ? " ("
                                        + Instant.ofEpochSecond(0, firstNs)
                                        + " .. "
                                        + Instant.ofEpochSecond(0, lastNs)
                                        + ")"
                                : "");
            }
            carsBySession.forEach(
                    (s, cars) -> System.out.printf("  session    %s, cars %s%n", s, cars));
            System.out.printf(
                    "  track      %s%n", tracks.isEmpty() ? "unknown" : String.join(", ", tracks));
            System.out.printf(
                    "  format     %s%n",
                    formats.contains(0) && formats.size() == 1
                            ? "0, the original contract (a replay judges whether its lap fields are"
                                    + " usable)"
                            : "version " + formats);
            System.out.printf(
                    "  truncated  %s%n", r.truncation().map(Object::toString).orElse("no"));
            List<RecordingReader.Skip> skipped = r.skipped();
            // Bytes of the file for damaged blocks, of the decompressed records for broken ones.
            long bytes = skipped.stream().mapToLong(RecordingReader.Skip::bytesSkipped).sum();
            System.out.printf(
                    "  damage     %s%n",
                    skipped.isEmpty()
                            ? "no damage"
                            : String.format(
                                    "skipped %,d damaged spot(s), %,d byte(s)",
                                    skipped.size(), bytes));
            for (RecordingReader.Skip s : skipped) System.out.printf("  damaged    %s%n", s);
        }
    }
}
