package io.actelemetry.job.cli;

import io.actelemetry.bridge.delivery.DeliveryStats;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.TelemetryJob;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.report.Reports;
import io.actelemetry.job.source.grpc.GrpcIngestSource;
import io.actelemetry.job.source.recording.RecordingSource;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The demo's live path: the live job in this JVM's mini-cluster, and a simulated bridge (the
 * bridge's real ingest client, fed by the simulated game faster than real time) streaming the
 * session to it over loopback. Once the job has committed every frame it is stopped with a drain,
 * which ends the open laps as a replay's end of input does, and the lap table is printed.
 */
final class LiveDemo {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private LiveDemo() {}

    static int run(
            Scenario sim,
            double speed,
            Path dir,
            Configuration flink,
            LapOptions options,
            PrintStream out)
            throws Exception {
        Path tables = dir.resolve("out");
        OutputFolder.prepare(Storage.local(tables), true);
        RetainedCheckpoints checkpoints =
                new RetainedCheckpoints(Storage.local(dir.resolve("checkpoints")));

        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                Duration.ofSeconds(1)); // frames are acked, and rows visible, each second
        conf.addAll(checkpoints.configuration());
        conf.addAll(flink);
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        GrpcIngestSource source = GrpcIngestSource.builder().setPort(0).build();
        TelemetryJob.build(
                env,
                source,
                RecordingSource.watermarks(),
                1,
                TelemetryJob.Sinks.parquet(tables),
                options);
        JobClient job = env.executeAsync("ac-telemetry live demo");
        int port = LiveCommand.awaitListening(job, source, 1).get(0);

        out.printf(
                "Live job listening on 127.0.0.1:%d; the simulated car drives %d laps (seed %d) at"
                        + " %.0fx real time ...%n",
                port, sim.laps(), sim.seed(), speed);
        long start = System.nanoTime();
        IngestOptions bridgeOptions =
                IngestOptions.defaults("127.0.0.1:" + port).withBuffer(1_000_000, 256L << 20);
        try (Stream<TelemetryFrame> frames = SimulatedSession.frames(sim);
                SimulatedBridge bridge =
                        SimulatedBridge.start(
                                frames.iterator(),
                                speed,
                                bridgeOptions,
                                line -> out.println("  bridge: " + line))) {
            while (!bridge.awaitCommitted(PROGRESS_EVERY)) {
                if (job.getJobExecutionResult().isDone())
                    job.getJobExecutionResult().get(); // throws why it failed
                DeliveryStats s = bridge.stats();
                out.printf(
                        "  %,d frames sent, %,d committed (%.0f s)%n",
                        s.offered(), s.acked(), (System.nanoTime() - start) / 1e9);
            }
            DeliveryStats s = bridge.stats();
            out.printf(
                    "Streamed %,d frames in %.1f s; the job committed every one (%d reconnects, %d"
                            + " evicted)%n",
                    s.offered(), (System.nanoTime() - start) / 1e9, s.reconnects(), s.evicted());
        }
        out.println("Session over: stopping the job with a drain, which ends the open lap ...");
        job.stopWithSavepoint(
                        true,
                        checkpoints.savepoints().toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        job.getJobExecutionResult().get();
        OutputFolder.report(Storage.local(tables), out);
        ReportCommand.print(Reports.write(Storage.local(tables), null), out);
        out.printf(
                "%nRead them with DuckDB: SELECT * FROM read_parquet('%s/laps/**/*.parquet',"
                        + " hive_partitioning = true);%n",
                tables.toAbsolutePath());
        return 0;
    }
}
