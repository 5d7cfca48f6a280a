package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code watch} says after a commit: each session that gained rows, once, with its frames and
 * lap table.
 */
class WatchReportTest {

    @TempDir Path dir;

    @Test
    void saysEachSessionOnceWhenItsRowsAppear() throws Exception {
        Path watched = replay(5);
        Path other = replay(6);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        WatchReport report =
                new WatchReport(
                        Storage.local(watched),
                        new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(report.report()).isEqualTo(1);
        String first = printed.toString(StandardCharsets.UTF_8);
        long frames = TableReader.count(watched, ParquetTables.FRAMES);
        int laps = TableReader.rows(watched, ParquetTables.LAPS).size();
        assertThat(first)
                .contains(
                        String.format(
                                "Committed session %s: %,d frames, %d laps so far",
                                SimulatedSession.sessionId(5), frames, laps))
                .contains("Session " + SimulatedSession.sessionId(5))
                .contains("Best lap");
        assertThat(laps).isGreaterThanOrEqualTo(3);

        printed.reset();
        assertThat(report.report()).as("nothing new was committed").isZero();
        assertThat(printed.size()).isZero();

        // the next commit brings another recording's session: only that one is said
        for (String table : List.of(ParquetTables.FRAMES, ParquetTables.LAPS))
            copySession(other, watched, table, SimulatedSession.sessionId(6));
        assertThat(report.report()).isEqualTo(1);
        String second = printed.toString(StandardCharsets.UTF_8);
        assertThat(second)
                .contains("Committed session " + SimulatedSession.sessionId(6))
                .doesNotContain(SimulatedSession.sessionId(5));
    }

    /** The tables of one simulated session of three laps, replayed through the command line. */
    private Path replay(long seed) throws IOException {
        Path recording = dir.resolve("s" + seed + ".pb.gz");
        try (RecordingWriter w = RecordingWriter.open(recording);
                Stream<TelemetryFrame> frames = SimulatedSession.frames(Scenario.laps(3, seed))) {
            frames.forEach(
                    f -> {
                        try {
                            w.write(f);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
        Path out = dir.resolve("out" + seed);
        CliRun.of("replay", recording.toString(), "--out", out.toString()).ok();
        return out;
    }

    private static void copySession(Path from, Path to, String table, String session)
            throws IOException {
        Path source = from.resolve(table).resolve(ParquetTables.partition(session));
        Path target =
                Files.createDirectories(
                        to.resolve(table).resolve(ParquetTables.partition(session)));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList())
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
