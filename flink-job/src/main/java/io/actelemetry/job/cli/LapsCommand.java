package io.actelemetry.job.cli;

import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingFiles;
import io.actelemetry.recording.RecordingReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "laps", aliases = "inspect", mixinStandardHelpOptions = true,
        description = "Print the lap table of an output folder, or the summary of a recording (file or folder): frames, sessions, cars, track, time span, truncation and damage.")
final class LapsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "OUTPUT_OR_RECORDING")
    Path path;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(path.resolve(ParquetTables.LAPS)) || Files.isDirectory(path.resolve(ParquetTables.FRAMES))) {
            OutputFolder.report(path, System.out);
        } else {
            for (Path file : RecordingFiles.list(path)) summarize(file);
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
                carsBySession.computeIfAbsent(f.getSessionId(), k -> new TreeSet<>()).add(f.getCarId().isEmpty() ? "(player)" : f.getCarId());
                if (!f.getStat().getTrack().isEmpty()) {
                    tracks.add(f.getStat().getTrack() + (f.getStat().getTrackConfiguration().isEmpty() ? "" : " (" + f.getStat().getTrackConfiguration() + ")"));
                }
                formats.add(f.getFormatVersion());
            }
            System.out.printf("%s%n  frames     %,d%n", file, frames);
            if (frames > 0) {
                Duration span = Duration.ofNanos(lastNs - firstNs);
                System.out.printf("  time span  %s%s%n", span.toString().substring(2).toLowerCase(),
                        wallClock ? " (" + Instant.ofEpochSecond(0, firstNs) + " .. " + Instant.ofEpochSecond(0, lastNs) + ")" : "");
            }
            carsBySession.forEach((s, cars) -> System.out.printf("  session    %s, cars %s%n", s, cars));
            System.out.printf("  track      %s%n", tracks.isEmpty() ? "unknown" : String.join(", ", tracks));
            System.out.printf("  format     %s%n", formats.contains(0) && formats.size() == 1
                    ? "original bridge (no usable lap data)" : "version " + formats);
            System.out.printf("  truncated  %s%n", r.truncation().map(Object::toString).orElse("no"));
            for (RecordingReader.Skip s : r.skipped()) System.out.printf("  damaged    %s%n", s);
        }
    }
}
