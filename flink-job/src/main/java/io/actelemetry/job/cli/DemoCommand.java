package io.actelemetry.job.cli;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.report.Reports;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Simulate a practice session (out lap, flying laps, an off-track, a pit stop) through"
                    + " the bridge's own code, record it, replay the recording through the job and"
                    + " print the lap table.",
            "With --live, stream it into the live job instead, as a bridge on a racing PC does."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "ac-telemetry-demo",
            description =
                    "Where the recording and the tables go (default: ${DEFAULT-VALUE}); replaced on"
                            + " each run.")
    Path dir;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--scenario",
            paramLabel = "SPEC",
            description =
                    "Another scenario, e.g. 'scenario=laps,laps=3' or 'events=pause@2.5/3' (see the"
                            + " bridge's --source sim).")
    String scenario;

    @Option(
            names = "--live",
            description =
                    "Stream the session live instead: the bridge's ingest client, fed by the"
                            + " simulated game, into the live job (gRPC on loopback,"
                            + " checkpoint-acknowledged), then print the same lap table.")
    boolean live;

    @Option(
            names = "--speed",
            paramLabel = "X",
            defaultValue = "20",
            description =
                    "With --live: how many times faster than real time the simulated car drives"
                            + " (default: ${DEFAULT-VALUE}).")
    double speed;

    @Mixin LapTableOptions laps;

    @Mixin FlinkOptions flink;

    @Override
    public Integer call() throws Exception {
        Scenario sim =
                scenario == null
                        ? Scenario.demo(seed)
                        : Scenario.parse("seed=" + seed + "," + scenario);
        if (live)
            return LiveDemo.run(sim, speed, dir, flink.configuration(), laps.options(), System.out);
        Path recording =
                dir.resolve("recording")
                        .resolve("demo-" + SimulatedSession.sessionId(sim.seed()) + ".pb.gz");
        Path out = dir.resolve("out");
        Files.createDirectories(recording.getParent());
        Files.deleteIfExists(recording);
        OutputFolder.prepare(Storage.local(out), true);

        System.out.printf("Simulating %d laps (seed %d) ...%n", sim.laps(), sim.seed());
        long frames;
        try (Stream<TelemetryFrame> session = SimulatedSession.frames(sim);
                RecordingWriter w = RecordingWriter.open(recording)) {
            for (TelemetryFrame f : (Iterable<TelemetryFrame>) session::iterator) w.write(f);
            frames = w.framesWritten();
        }
        System.out.printf("Recorded %,d frames to %s%n", frames, recording.toAbsolutePath());

        Replay.Result r =
                Replay.run(
                        List.of(recording),
                        out,
                        flink.configuration(),
                        laps.options(),
                        System.out,
                        Duration.ofSeconds(5));
        System.out.println(r);
        OutputFolder.report(Storage.local(out), System.out);
        ReportCommand.print(Reports.write(Storage.local(out), null), System.out);
        System.out.printf(
                "%nRead them with DuckDB: SELECT * FROM read_parquet('%s/laps/**/*.parquet',"
                        + " hive_partitioning = true);%n",
                out.toAbsolutePath());
        return 0;
    }
}
