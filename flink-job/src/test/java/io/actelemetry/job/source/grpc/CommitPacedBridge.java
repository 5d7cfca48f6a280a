package io.actelemetry.job.source.grpc;

import io.actelemetry.bridge.delivery.DeliveryStats;
import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.core.testutils.CommonTestUtils;

/** The bridge's real delivery client, fed frames as fast as the job commits them. */
final class CommitPacedBridge implements AutoCloseable {

    /**
     * Frames the bridge keeps uncommitted at most before the feeder waits, like a game that runs at
     * its pace.
     */
    private static final int AHEAD = 10_000;

    final IngestClient client;
    final List<String> events = new CopyOnWriteArrayList<>();

    CommitPacedBridge(IngestOptions options) throws Exception {
        client = IngestClient.start(options, events::add);
    }

    static IngestOptions options(String target) {
        return IngestOptions.defaults(target)
                .withBuffer(1_000_000, 1L << 30)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .withSendInterval(Duration.ofMillis(5));
    }

    static CommitPacedBridge to(String target) throws Exception {
        return new CommitPacedBridge(options(target));
    }

    /** Offers {@code frames}, waiting while too many are uncommitted. */
    void send(List<TelemetryFrame> frames) throws Exception {
        for (TelemetryFrame f : frames) {
            if (client.buffered() >= AHEAD) {
                CommonTestUtils.waitUtil(
                        () -> client.buffered() < AHEAD / 2,
                        LiveJob.TIMEOUT,
                        Duration.ofMillis(5),
                        "the job committing frames; " + client.stats() + " " + events);
            }
            client.offer(f);
        }
    }

    /** Waits until the job committed everything offered. */
    void awaitCommitted() throws Exception {
        CommonTestUtils.waitUtil(
                () -> client.buffered() == 0,
                LiveJob.TIMEOUT,
                Duration.ofMillis(20),
                "every frame committed; " + client.stats() + " " + events);
    }

    DeliveryStats stats() {
        return client.stats();
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
    }
}
