package io.actelemetry.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.delivery.LoopbackIngestServer;
import io.actelemetry.bridge.delivery.LoopbackIngestServer.Behaviour;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * BridgeMain end to end: the simulated game in real time, sampled, recorded and streamed to a real
 * server.
 */
class BridgeMainRunTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = BridgeMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        return cmd.execute(args);
    }

    @Test
    void streamsAndRecordsTheSimulatedGameFrameForFrame() throws Exception {
        Path recordings = dir.resolve("recordings");
        try (LoopbackIngestServer server = LoopbackIngestServer.start(Behaviour.committing(50))) {
            int code =
                    run(
                            server.target(),
                            "--source",
                            "sim:seed=3,scenario=laps,laps=2",
                            "--frames",
                            "400",
                            "--record",
                            recordings.toString(),
                            "--car-id",
                            "rig-1");
            assertThat(code).as(out.toString()).isZero();

            List<Path> files;
            try (var list = Files.list(recordings)) {
                files = list.toList();
            }
            assertThat(files).hasSize(1);
            List<TelemetryFrame> recorded = read(files.get(0));
            assertThat(recorded).hasSize(400);
            assertThat(recorded)
                    .extracting(TelemetryFrame::getSequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
            assertThat(recorded)
                    .allSatisfy(
                            f -> {
                                assertThat(f.getCarId()).isEqualTo("rig-1");
                                assertThat(f.getState()).isEqualTo(SampleState.SAMPLE_STATE_LIVE);
                            });
            String session = recorded.get(0).getSessionId();
            assertThat(files.get(0).getFileName().toString())
                    .endsWith("_" + session.replace("-", "").substring(0, 8) + ".pb.gz");
            // Every frame reached the server exactly as recorded.
            assertThat(server.store().frames(session)).containsExactlyElementsOf(recorded);
        }
        assertThat(out.toString())
                .contains(
                        "Connected to 127.0.0.1:",
                        "Recording to ",
                        "Done: 400 frames sampled, 400 recorded",
                        "400 acked by");
    }

    @Test
    void recordOnlyWithoutAServer() throws Exception {
        Path file = dir.resolve("run.pb.gz");
        int code =
                run(
                        "--no-stream",
                        "--source",
                        "sim:seed=5",
                        "--frames",
                        "100",
                        "--record",
                        file.toString());
        assertThat(code).as(out.toString()).isZero();
        assertThat(read(file)).hasSize(100);
        assertThat(out.toString()).contains("streaming off").doesNotContain("acked");
    }

    @Test
    void saysSoWhenTheGameIsNotRunningAndLeavesNoEmptyRecording() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-game"));
        Path recordings = dir.resolve("recordings");
        int code =
                run(
                        "--no-stream",
                        "--source",
                        "dir:" + empty,
                        "--duration",
                        "2s",
                        "--record",
                        recordings.toString());
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("Waiting for Assetto Corsa", "Done: 0 frames sampled, 0 recorded");
        assertThat(recordings).doesNotExist();
    }

    @Test
    void capturedPagesReplayThroughTheFolderSource() throws Exception {
        Path pages = dir.resolve("pages");
        assertThat(run("--source", "sim:seed=9", "--capture-pages", pages.toString()))
                .as(out.toString())
                .isZero();
        assertThat(pages.resolve("acpmf_physics")).hasSize(592);
        assertThat(pages.resolve("acpmf_graphics")).hasSize(304);
        assertThat(pages.resolve("acpmf_static")).hasSize(684);
        assertThat(out.toString()).contains("--source dir:");

        Path file = dir.resolve("replayed.pb.gz");
        assertThat(
                        run(
                                "--no-stream",
                                "--source",
                                "dir:" + pages,
                                "--duration",
                                "1500ms",
                                "--record",
                                file.toString()))
                .as(out.toString())
                .isZero();
        List<TelemetryFrame> replayed = read(file);
        assertThat(replayed).isNotEmpty();
        assertThat(replayed.get(0).getState()).isEqualTo(SampleState.SAMPLE_STATE_LIVE);
        assertThat(replayed.get(0).getPhysics().getPacketId()).isPositive();
    }

    @Test
    void refusedTokenEndsWithExitCode3AndACompleteRecording() throws Exception {
        Path file = dir.resolve("run.pb.gz");
        try (LoopbackIngestServer server =
                LoopbackIngestServer.start(Behaviour.committing(1).withToken("right"))) {
            int code =
                    run(
                            server.target(),
                            "--token",
                            "wrong",
                            "--source",
                            "sim:seed=4",
                            "--frames",
                            "200",
                            "--record",
                            file.toString());
            assertThat(code).isEqualTo(BridgeMain.EXIT_REJECTED);
            assertThat(server.calls()).isEqualTo(1);
        }
        assertThat(read(file)).hasSize(200);
        assertThat(out.toString()).contains("refused this bridge");
    }

    private static List<TelemetryFrame> read(Path file) throws IOException {
        List<TelemetryFrame> frames = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) {
                frames.add(f);
            }
        }
        return frames;
    }
}
