package io.actelemetry.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.job.frame.FrameSerializer;
import io.actelemetry.job.laps.LapRow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the tables' sink closes a session's file: Flink's own file sink writer, driven through its
 * operator with the test harness's processing-time clock, writing real Parquet files.
 */
class SessionFilesTest {

    @TempDir Path out;

    @Test
    void aSessionsFramesFileClosesOnceAnotherSessionFollowsAndItWasIdle() throws Exception {
        FileSink<Frame> sink =
                ParquetTables.sink(
                        new org.apache.flink.core.fs.Path(out.toUri()),
                        ParquetTables.FRAMES,
                        new FrameRows());
        try (OneInputStreamOperatorTestHarness<Frame, ?> h =
                new OneInputStreamOperatorTestHarness<>(
                        new SinkWriterOperatorFactory<>(sink), new FrameSerializer())) {
            h.setProcessingTime(0);
            h.open(); // the sink looks at its files every second from now
            h.setProcessingTime(400);
            for (long seq = 1; seq <= 3; seq++) h.processElement(frame("a", seq), 0);
            h.setProcessingTime(800);
            for (long seq = 1; seq <= 3; seq++) h.processElement(frame("b", seq), 0);
            h.setProcessingTime(1_000); // a's file has been idle 0.6 s only
            assertThat(wholeParquetFiles(ParquetTables.FRAMES, "a")).isZero();

            h.setProcessingTime(2_000); // a: idle 1.6 s, another session after it
            assertThat(wholeParquetFiles(ParquetTables.FRAMES, "a")).isEqualTo(1);
            assertThat(wholeParquetFiles(ParquetTables.FRAMES, "b")).isZero();

            h.setProcessingTime(60_000); // b paused a minute, but nothing came after it
            assertThat(wholeParquetFiles(ParquetTables.FRAMES, "b")).isZero();

            h.processElement(frame("b", 4), 0); // so its run goes on in the same file
            assertThat(inFolder(ParquetTables.FRAMES, "b")).hasSize(1);
            assertThat(inFolder(ParquetTables.FRAMES, "a")).hasSize(1);
        }
    }

    @Test
    void tablesWhoseRowsComeAtTheEndOfInputKeepTheirFilesOpenUntilThen() throws Exception {
        FileSink<LapRow> sink =
                ParquetTables.sink(
                        new org.apache.flink.core.fs.Path(out.toUri()),
                        ParquetTables.LAPS,
                        new PojoRows<>(LapRow.class, "sessionId"));
        try (OneInputStreamOperatorTestHarness<LapRow, ?> h =
                new OneInputStreamOperatorTestHarness<>(
                        new SinkWriterOperatorFactory<>(sink),
                        TypeInformation.of(LapRow.class)
                                .createSerializer(new SerializerConfigImpl()))) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(lap("a", 1), 0);
            h.setProcessingTime(100);
            h.processElement(lap("b", 1), 0);
            h.setProcessingTime(60_000);
            // a replay's last lap of each session comes at the end of input: a's file must be open
            h.processElement(lap("a", 2), 0);
            assertThat(wholeParquetFiles(ParquetTables.LAPS, "a")).isZero();
            assertThat(inFolder(ParquetTables.LAPS, "a")).hasSize(1);
            assertThat(inFolder(ParquetTables.LAPS, "b")).hasSize(1);
        }
    }

    private static Frame frame(String session, long seq) {
        return FrameConverter.convert(Frames.current(session, "car", seq));
    }

    private static LapRow lap(String session, int number) {
        LapRow lap = new LapRow();
        lap.sessionId = session;
        lap.lapNumber = number;
        return lap;
    }

    private List<Path> inFolder(String table, String session) throws IOException {
        Path folder = out.resolve(table).resolve(ParquetTables.partition(session));
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    /** Files of {@code session}'s folder that end in Parquet's footer: closed, whole files. */
    private long wholeParquetFiles(String table, String session) throws IOException {
        long whole = 0;
        for (Path f : inFolder(table, session)) {
            try (RandomAccessFile file = new RandomAccessFile(f.toFile(), "r")) {
                if (file.length() < 8) continue;
                byte[] magic = new byte[4];
                file.seek(file.length() - 4);
                file.readFully(magic);
                if (new String(magic, StandardCharsets.US_ASCII).equals("PAR1")) whole++;
            }
        }
        return whole;
    }
}
