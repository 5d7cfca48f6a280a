package io.actelemetry.job.source.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.cli.Replay;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's real delivery client streaming simulated sessions into the live job in a mini-cluster, over gRPC on
 * loopback, into Parquet; read back and compared with a replay of the same frames.
 */
class LiveIngestTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;

    static List<TelemetryFrame> session;
    static Path replayed;

    @BeforeAll
    static void replay() throws Exception {
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(1, 21))) {
            session = s.toList();
        }
        Path recording = Files.createDirectories(dir.resolve("rec")).resolve("s.pb.gz");
        try (RecordingWriter w = RecordingWriter.open(recording)) {
            for (TelemetryFrame f : session) w.write(f);
        }
        replayed = dir.resolve("replayed");
        Replay.run(List.of(recording), replayed, new Configuration(), LapOptions.defaults(), null, null);
    }

    @Test
    void everyFrameOnceAndTheLapsOfAReplay() throws Exception {
        GrpcIngestSource source = GrpcIngestSource.builder().setPort(0).build();
        Path out = dir.resolve("live");
        try (LiveJob live = LiveJob.start(source, out, 1); SimulatedBridge bridge = SimulatedBridge.to(live.target(0))) {
            bridge.send(session);
            bridge.awaitCommitted();
            live.awaitFrames(session.size());
            assertThat(bridge.stats().evicted()).isZero();
        }
        List<Map<String, Object>> frames = TableReader.rows(out, ParquetTables.FRAMES);
        assertThat(frames).hasSize(session.size());
        assertThat(frames.stream().map(f -> f.get("sequence")).distinct()).hasSize(session.size());
        assertThat(laps(out)).isNotEmpty().isEqualTo(laps(replayed).subList(0, laps(out).size()));
        System.out.println(laps(out).size() + " vs " + laps(replayed).size());
    }

    static List<Map<String, Object>> laps(Path out) throws Exception {
        return TableReader.rows(out, ParquetTables.LAPS).stream()
                .sorted(Comparator.comparing(l -> (Integer) l.get("lap_index"))).toList();
    }
}
