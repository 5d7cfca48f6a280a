package io.actelemetry.job.source.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.grpc.server.Inbox;
import io.actelemetry.job.source.grpc.server.IngestServer;
import io.actelemetry.job.source.grpc.server.IngestStream;
import io.actelemetry.job.source.grpc.split.SessionCar;
import io.grpc.Status;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.flink.core.testutils.CommonTestUtils;
import org.junit.jupiter.api.Test;

/** The server alone, a real one on loopback, with an inbox the test drains by hand. */
class IngestServerTest {

    private static final GrpcIngestOptions OPTIONS = GrpcIngestSource.builder().setPort(0).setMaxMessageBytes(4096)
            .build().options();

    /** Holds frames until the test takes them, like a reader whose job is stalled. */
    private static final class HeldInbox implements Inbox {
        final ConcurrentLinkedQueue<IngestStream> queued = new ConcurrentLinkedQueue<>();
        final AtomicInteger frames = new AtomicInteger();
        final AtomicInteger malformed = new AtomicInteger();

        @Override
        public boolean opened(IngestStream stream) {
            return true;
        }

        @Override
        public void closed(IngestStream stream) {
        }

        @Override
        public void frame(IngestStream from, Frame frame, SessionCar key, int bytes) {
            frames.incrementAndGet();
            queued.add(from);
        }

        @Override
        public void malformed(IngestStream from, String why) {
            malformed.incrementAndGet();
        }

        @Override
        public long committed(SessionCar key) {
            return 0;
        }

        /** Takes {@code n} frames out, as the reader's pollNext does. */
        void take(int n) {
            for (int i = 0; i < n; i++) queued.poll().taken(true);
        }
    }

    @Test
    void aStalledReaderHoldsTheClientBackAndReleasesItAsItDrains() throws Exception {
        HeldInbox inbox = new HeldInbox();
        try (IngestServer server = IngestServer.start(OPTIONS, 0, "test-ingest", inbox);
             RawClient client = new RawClient("127.0.0.1:" + server.port(), null)) {
            int sent = 0;
            long notReadySince = 0;
            // write while gRPC says the stream can take more: it stops once the server's window and buffers are full
            while (sent < 100_000) {
                if (client.ready()) {
                    client.send(Frames.current("held", "", sent + 1).toByteArray());
                    sent++;
                    notReadySince = 0;
                } else if (notReadySince == 0) {
                    notReadySince = System.nanoTime();
                } else if (sent > 0 && System.nanoTime() - notReadySince > 1_000_000_000L) {
                    break; // held back for a second
                } else {
                    Thread.sleep(10);
                }
            }
            CommonTestUtils.waitUtil(() -> inbox.frames.get() == IngestStream.WINDOW, Duration.ofSeconds(20),
                    "a window of frames");
            Thread.sleep(300); // nothing beyond the window may come while the reader takes nothing
            assertThat(inbox.frames.get()).isEqualTo(IngestStream.WINDOW);
            assertThat(sent).isLessThan(100_000); // the client was held back, not buffered without bound

            inbox.take(IngestStream.WINDOW);
            CommonTestUtils.waitUtil(() -> inbox.frames.get() == 2 * IngestStream.WINDOW, Duration.ofSeconds(20),
                    "another window once the first was taken");
            assertThat(inbox.malformed.get()).isZero();
        }
    }

    @Test
    void oversizedAndMalformedMessagesEndTheirStreamWithAStatus() throws Exception {
        HeldInbox inbox = new HeldInbox();
        try (IngestServer server = IngestServer.start(OPTIONS, 0, "test-ingest", inbox);
             RawClient garbage = new RawClient("127.0.0.1:" + server.port(), null);
             RawClient huge = new RawClient("127.0.0.1:" + server.port(), null)) {
            garbage.send(Frames.current("m", "", 1).toByteArray());
            garbage.send(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
            Status status = garbage.awaitEnd();
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("message 2 on stream").contains("from /127.0.0.1:")
                    .contains("is not a TelemetryFrame");
            assertThat(inbox.malformed.get()).isEqualTo(1);
            assertThat(inbox.frames.get()).isEqualTo(1); // the good frame before it is kept

            huge.send(Frames.current("m", "", 1).toByteArray());
            huge.send(new byte[8192]);
            Status tooBig = huge.awaitEnd();
            assertThat(tooBig.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(tooBig.getDescription()).contains("message 2 on stream").contains("8192 bytes, above the limit of 4096");
            assertThat(inbox.malformed.get()).isEqualTo(2);

            // beyond gRPC's own limit it is gRPC's reset, before any ack: the status still reaches the client
            try (RawClient giant = new RawClient("127.0.0.1:" + server.port(), null)) {
                giant.send(new byte[IngestServer.grpcMessageLimit(4096) + 1]);
                assertThat(giant.awaitEnd().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            }
        }
    }
}
