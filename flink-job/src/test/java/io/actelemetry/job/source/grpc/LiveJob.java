package io.actelemetry.job.source.grpc;

import io.actelemetry.job.TelemetryJob;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The live job (live source, the real job, Parquet tables) running in the test's mini-cluster. */
final class LiveJob implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    final GrpcIngestSource source;
    final Path out;
    final JobClient job;
    final SortedMap<Integer, Integer> ports;

    private LiveJob(
            GrpcIngestSource source, Path out, JobClient job, SortedMap<Integer, Integer> ports) {
        this.source = source;
        this.out = out;
        this.job = job;
        this.ports = ports;
    }

    /** Checkpoints every 300 ms, no restarts. */
    static LiveJob start(GrpcIngestSource source, Path out, int readers) throws Exception {
        return start(
                source,
                out,
                readers,
                new Configuration(),
                io.actelemetry.job.source.recording.RecordingSource.watermarks());
    }

    static LiveJob start(
            GrpcIngestSource source,
            Path out,
            int readers,
            Configuration extra,
            WatermarkStrategy<Frame> watermarks)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        conf.setString("restart-strategy.type", "none");
        conf.addAll(extra);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        TelemetryJob.build(
                env,
                source,
                watermarks,
                readers,
                TelemetryJob.Sinks.parquet(out),
                LapOptions.defaults());
        JobClient job = env.executeAsync("live test");
        return new LiveJob(source, out, job, source.awaitBoundPorts(readers, TIMEOUT));
    }

    String target(int subtask) {
        return "127.0.0.1:" + ports.get(subtask);
    }

    long frames() throws Exception {
        return TableReader.count(out, ParquetTables.FRAMES);
    }

    void awaitFrames(long n) throws Exception {
        CommonTestUtils.waitUtil(
                () -> {
                    try {
                        return frames() >= n;
                    } catch (Exception e) {
                        return false; // a file being committed
                    }
                },
                TIMEOUT,
                Duration.ofMillis(100),
                n + " frames in the table");
    }

    JobStatus status() throws Exception {
        return job.getJobStatus().get();
    }

    /** Cancels the job and waits until its readers have let their ports go. */
    @Override
    public void close() throws Exception {
        if (!status().isGloballyTerminalState()) job.cancel().get();
        CommonTestUtils.waitUtil(
                () -> source.boundPorts().isEmpty(),
                TIMEOUT,
                Duration.ofMillis(20),
                "the readers closed");
    }
}
