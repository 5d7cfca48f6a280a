package io.actelemetry.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.job.source.recording.RecordingSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TelemetryJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    @Test
    void replaysASimulatedSessionIntoThreeTables() throws Exception {
        Path rec = dir.resolve("rec/demo.pb.gz");
        java.nio.file.Files.createDirectories(rec.getParent());
        long frames = SimulatedRecordings.write(rec, Scenario.laps(2, 3));
        Path out = dir.resolve("out");

        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        TelemetryJob.build(env, RecordingSource.bounded(List.of(rec.getParent())), RecordingSource.watermarks(), 1,
                TelemetryJob.Sinks.parquet(out), LapOptions.defaults());
        env.execute("test");

        assertThat(TableReader.count(out, ParquetTables.FRAMES)).isEqualTo(frames);
        List<Map<String, Object>> laps = TableReader.rows(out, ParquetTables.LAPS);
        laps.forEach(System.out::println);
        System.out.println(frames + " frames, segments " + TableReader.count(out, ParquetTables.SEGMENTS));
    }
}
