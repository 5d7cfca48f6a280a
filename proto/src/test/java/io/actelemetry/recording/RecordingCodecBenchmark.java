package io.actelemetry.recording;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Throughput of the recording codec, not a test: {@code ./mvnw -q -Pbench -pl proto verify}.
 *
 * <p>Writes a recording of realistic frames (default 1,000,000, or the count given as the first
 * argument), or reads the recording given as the second argument, then reads it alternately with
 * {@link RecordingReader} and with the floor, a bare {@code GZIPInputStream} + {@code
 * parseDelimitedFrom} loop, in one JVM, and prints frames/s for each.
 */
public final class RecordingCodecBenchmark {

    private static final int ROUNDS = 5;

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path file;
        if (args.length > 1) {
            file = Path.of(args[1]);
        } else {
            file = Files.createTempFile("codec-bench", ".pb.gz");
            file.toFile().deleteOnExit();
            write(file, count);
        }
        System.out.printf("recording: %s, %.1f MB%n", file, Files.size(file) / 1e6);

        double[] floor = new double[ROUNDS];
        double[] reader = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            floor[round] = timeFloor(file);
            reader[round] = timeReader(file);
        }
        double floorMedian = median(floor);
        double readerMedian = median(reader);
        System.out.printf(
                "read floor (GZIPInputStream + parseDelimitedFrom): median %,.0f frames/s, best"
                        + " %,.0f%n",
                floorMedian, Arrays.stream(floor).max().orElseThrow());
        System.out.printf(
                "read RecordingReader:                              median %,.0f frames/s, best"
                        + " %,.0f%n",
                readerMedian, Arrays.stream(reader).max().orElseThrow());
        System.out.printf(
                "reader / floor: %.1f%% (target >= 90%%)%n", 100 * readerMedian / floorMedian);
    }

    private static void write(Path file, int count) throws IOException {
        // A pool of distinct frames (60 s of driving) cycled, so generation stays out of the
        // timing.
        SyntheticFrames source = new SyntheticFrames(7);
        List<TelemetryFrame> pool = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            pool.add(source.next());
        }
        long start = System.nanoTime();
        try (RecordingWriter writer = RecordingWriter.open(file)) {
            for (int i = 0; i < count; i++) {
                writer.write(pool.get(i % pool.size()));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "write RecordingWriter: %,d frames in %.2f s = %,.0f frames/s (%.1f MB/s"
                        + " uncompressed)%n",
                count,
                seconds,
                count / seconds,
                pool.stream().mapToLong(TelemetryFrame::getSerializedSize).average().orElseThrow()
                        * count
                        / seconds
                        / 1e6);
    }

    private static double timeFloor(Path file) throws IOException {
        long start = System.nanoTime();
        long frames = 0;
        long checksum = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 65_536)) {
            for (TelemetryFrame f = TelemetryFrame.parseDelimitedFrom(in);
                    f != null;
                    f = TelemetryFrame.parseDelimitedFrom(in)) {
                frames++;
                checksum += f.getSequence();
            }
        }
        return rate(frames, start, checksum);
    }

    private static double timeReader(Path file) throws IOException {
        long start = System.nanoTime();
        long frames = 0;
        long checksum = 0;
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) {
                frames++;
                checksum += f.getSequence();
            }
        }
        return rate(frames, start, checksum);
    }

    private static double rate(long frames, long startNanos, long checksum) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (checksum == 42) {
            System.out.print(""); // keeps the checksum alive
        }
        return frames / seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
