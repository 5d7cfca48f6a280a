package io.actelemetry.bridge.delivery;

import static io.actelemetry.bridge.delivery.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.delivery.LoopbackIngestServer.Behaviour;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class IngestClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<String> events = new CopyOnWriteArrayList<>();

    private IngestClient client(String target) throws Exception {
        return IngestClient.start(
                IngestOptions.defaults(target)
                        .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)),
                events::add);
    }

    @Test
    void serverDownThenUpThenCrashingLosesAndDuplicatesNothing() throws Exception {
        String session = TestFrames.newSession();
        List<TelemetryFrame> frames = TestFrames.frames(session, 1, 3000);
        int port = LoopbackIngestServer.freePort();
        LoopbackIngestServer.Store durable = new LoopbackIngestServer.Store();

        try (IngestClient client = client("127.0.0.1:" + port)) {
            frames.subList(0, 1000).forEach(client::offer);
            await(
                    "a failed connection attempt",
                    WAIT,
                    () -> client.stats().state() == ConnectionState.RECONNECTING);
            assertThat(client.stats().buffered()).isEqualTo(1000);

            try (LoopbackIngestServer server =
                    LoopbackIngestServer.start(port, Behaviour.committing(50), durable)) {
                await("buffered frames committed", WAIT, () -> durable.committedCount() == 1000);
                // Frames keep coming while the server receives, then it dies without committing the
                // tail.
                frames.subList(1000, 2000).forEach(client::offer);
                await(
                        "some of the second batch received",
                        WAIT,
                        () -> durable.committedCount() > 1000);
            }
            frames.subList(2000, 3000).forEach(client::offer);
            await(
                    "the client noticed the crash",
                    WAIT,
                    () -> client.stats().state() != ConnectionState.CONNECTED);

            try (LoopbackIngestServer server =
                    LoopbackIngestServer.start(port, Behaviour.committing(50), durable)) {
                await("everything committed", WAIT, () -> client.stats().buffered() == 0);
            }
            assertThat(client.stats().evicted()).isZero();
            assertThat(client.stats().reconnects()).isGreaterThanOrEqualTo(2);
        }
        // Deduplicated by sequence, the server holds every frame exactly as sent.
        assertThat(durable.frames(session)).containsExactlyElementsOf(frames);
        assertThat(events)
                .anyMatch(e -> e.startsWith("Cannot reach the ingest server"))
                .anyMatch(e -> e.startsWith("Reconnected to"));
    }

    @Test
    void slowServerBoundsMemoryEvictsOldestAndNeverBlocksTheSampler() throws Exception {
        String session = TestFrames.newSession();
        List<TelemetryFrame> frames = TestFrames.frames(session, 1, 6000);
        int frameBytes = frames.get(0).getSerializedSize();
        try (LoopbackIngestServer server =
                LoopbackIngestServer.start(Behaviour.committing(10).withReadDelayMicros(1000))) {
            IngestOptions options =
                    IngestOptions.defaults(server.target()).withBuffer(500, 1L << 30);
            try (IngestClient client = IngestClient.start(options, events::add)) {
                await("connected", WAIT, () -> client.stats().state() == ConnectionState.CONNECTED);
                long maxBuffered = 0;
                long maxInFlight = 0;
                for (TelemetryFrame frame : frames) {
                    client.offer(frame);
                    DeliveryStats stats = client.stats();
                    maxBuffered = Math.max(maxBuffered, stats.buffered());
                    maxInFlight = Math.max(maxInFlight, stats.sent() - server.received());
                }
                // The offers did not wait for a server reading 1 frame per ms.
                assertThat(server.received()).isLessThan(frames.size() / 2);
                assertThat(maxBuffered).isLessThanOrEqualTo(500);
                // Flow control: what gRPC holds beyond the buffer is bounded by the HTTP/2 window,
                // not by the backlog.
                assertThat(maxInFlight * frameBytes).isLessThan(2L << 20);

                await("the buffer drained", WAIT, () -> client.stats().buffered() == 0);
                DeliveryStats stats = client.stats();
                assertThat(stats.evicted()).isPositive();
                // Every frame that did not arrive was counted as evicted (some evicted ones were
                // already on the wire).
                assertThat(frames.size() - server.store().committedCount())
                        .isPositive()
                        .isLessThanOrEqualTo((int) stats.evicted());
            }
            // Eviction takes the oldest: the newest frames all arrived.
            List<TelemetryFrame> held = server.store().frames(session);
            assertThat(held)
                    .endsWith(
                            frames.subList(frames.size() - 400, frames.size())
                                    .toArray(TelemetryFrame[]::new));
        }
    }

    @Test
    void closeTakesTheCommitTheServerMakesWhenTheStreamEnds() throws Exception {
        String session = TestFrames.newSession();
        List<TelemetryFrame> frames = TestFrames.frames(session, 1, 100);
        // Commits only at the end of a stream (no count or interval reached in this test).
        Behaviour atEnd = Behaviour.committing(1_000_000).withCommitIntervalMillis(60_000);
        try (LoopbackIngestServer server = LoopbackIngestServer.start(atEnd)) {
            IngestClient client =
                    IngestClient.start(
                            IngestOptions.defaults(server.target())
                                    .withDrainTimeout(Duration.ofMillis(300)),
                            events::add);
            frames.forEach(client::offer);
            await("all received", WAIT, () -> server.received() == 100);
            assertThat(client.stats().buffered()).isEqualTo(100);
            client.close();
            assertThat(client.stats().acked()).isEqualTo(100);
            assertThat(client.stats().buffered()).isZero();
            assertThat(client.stats().state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(server.store().frames(session)).containsExactlyElementsOf(frames);
            assertThat(events).noneMatch(e -> e.contains("not confirmed"));
        }
    }

    @Test
    void byteLimitEvictsToo() throws Exception {
        String session = TestFrames.newSession();
        List<TelemetryFrame> frames = TestFrames.frames(session, 1, 300);
        long newest100 =
                frames.subList(200, 300).stream()
                        .mapToLong(TelemetryFrame::getSerializedSize)
                        .sum();
        IngestOptions options =
                IngestOptions.defaults("127.0.0.1:" + LoopbackIngestServer.freePort())
                        .withBuffer(1_000_000, newest100);
        try (IngestClient client = IngestClient.start(options, events::add)) {
            frames.forEach(client::offer);
            assertThat(client.stats().buffered()).isEqualTo(100);
            assertThat(client.stats().bufferedBytes()).isEqualTo(newest100);
            assertThat(client.stats().evicted()).isEqualTo(200);
        }
    }

    @Test
    void originalServerAcksEachFrameAndTheBufferEmpties() throws Exception {
        String session = TestFrames.newSession();
        List<TelemetryFrame> frames = TestFrames.frames(session, 1, 1000);
        try (LoopbackIngestServer server = LoopbackIngestServer.start(Behaviour.original());
                IngestClient client = client(server.target())) {
            frames.forEach(client::offer);
            await("all acked", WAIT, () -> client.stats().acked() == 1000);
            assertThat(client.stats().buffered()).isZero();
            assertThat(server.received()).isEqualTo(1000);
            assertThat(events).anyMatch(e -> e.contains("acks frames the original way"));
        }
    }

    @Test
    void commitThatNamesNoSessionCommitsNothingAndIsReported() throws Exception {
        String session = TestFrames.newSession();
        List<TelemetryFrame> frames = TestFrames.frames(session, 1, 500);
        try (LoopbackIngestServer server =
                        LoopbackIngestServer.start(Behaviour.committingUnnamed(10));
                IngestClient client = client(server.target())) {
            frames.forEach(client::offer);
            await("all received", WAIT, () -> server.received() == 500);
            await(
                    "reported",
                    WAIT,
                    () -> events.stream().anyMatch(e -> e.contains("names no session")));
            assertThat(client.stats().acked()).isZero();
            assertThat(client.stats().buffered()).isEqualTo(500);
        }
    }

    @Test
    void serverThatDropsEveryStreamAtOnceIsRetriedWithGrowingDelays() throws Exception {
        try (LoopbackIngestServer server = LoopbackIngestServer.start(Behaviour.hangingUp());
                IngestClient client =
                        IngestClient.start(
                                IngestOptions.defaults(server.target())
                                        .withBackoff(Duration.ofMillis(20), Duration.ofSeconds(5)),
                                events::add)) {
            client.offer(TestFrames.frame(TestFrames.newSession(), 1));
            // It does come back...
            await("a retry after the first refused stream", WAIT, () -> server.calls() >= 2);
            int first = server.calls();
            Thread.sleep(1500);
            // ...but with growing delays: 20, 40, 80... ms (jittered down to half), so at most ~8
            // more
            // attempts in 1.5 s, where a client resetting its backoff on every accepted stream
            // would
            // make ~75. A loaded machine only makes fewer.
            assertThat(server.calls() - first).isLessThanOrEqualTo(12);
            assertThat(client.stats().buffered()).isEqualTo(1);
            assertThat(client.stats().lastError()).contains("not accepting frames right now");
        }
    }

    @Test
    void rejectedTokenStopsStreamingWithoutRetrying() throws Exception {
        try (LoopbackIngestServer server =
                LoopbackIngestServer.start(Behaviour.committing(1).withToken("s3cret"))) {
            IngestOptions options =
                    IngestOptions.defaults(server.target())
                            .withToken("wrong")
                            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(10));
            try (IngestClient client = IngestClient.start(options, events::add)) {
                client.offer(TestFrames.frame(TestFrames.newSession(), 1));
                await("rejected", WAIT, () -> client.stats().state() == ConnectionState.REJECTED);
                Thread.sleep(300); // a retrying client would have called ~30 more times by now
                assertThat(server.calls()).isEqualTo(1);
                client.offer(TestFrames.frame(TestFrames.newSession(), 2));
                assertThat(client.stats().buffered())
                        .as("nothing is kept for a stream that will never be")
                        .isZero();
                assertThat(client.stats().evicted()).isEqualTo(1);
                assertThat(client.stats().lastError())
                        .contains("UNAUTHENTICATED")
                        .contains("invalid bearer token");
                assertThat(events)
                        .anyMatch(e -> e.contains("refused this bridge") && e.contains("--token"));
            }
        }
    }

    @Test
    void acceptedTokenIsSentAsBearerHeader() throws Exception {
        String session = TestFrames.newSession();
        try (LoopbackIngestServer server =
                        LoopbackIngestServer.start(Behaviour.committing(1).withToken("s3cret"));
                IngestClient client =
                        IngestClient.start(
                                IngestOptions.defaults(server.target()).withToken("s3cret"),
                                events::add)) {
            TestFrames.frames(session, 1, 10).forEach(client::offer);
            await("committed", WAIT, () -> server.store().committedCount() == 10);
            assertThat(server.authorizations()).containsOnly("Bearer s3cret");
        }
    }

    @Test
    void resumeAckDropsWhatTheServerAlreadyHolds() throws Exception {
        String session = TestFrames.newSession();
        List<TelemetryFrame> frames = TestFrames.frames(session, 1, 12_000);
        int port = LoopbackIngestServer.freePort();
        LoopbackIngestServer.Store durable = new LoopbackIngestServer.Store();
        // The server committed the first 10,000 frames, but the acks never reached the bridge.
        durable.commit(frames.subList(0, 10_000));

        try (IngestClient client = client("127.0.0.1:" + port)) {
            frames.forEach(client::offer);
            try (LoopbackIngestServer server =
                    LoopbackIngestServer.start(
                            port, Behaviour.committing(50).withResume(), durable)) {
                await("everything committed", WAIT, () -> client.stats().buffered() == 0);
                // Only what was already on the wire before the RESUME ack came back is sent twice:
                // at most
                // one HTTP/2 flow-control window (1 MiB, about 3,000 of these frames), however slow
                // the machine.
                long duplicates = server.received() - 2_000;
                assertThat(duplicates * frames.get(0).getSerializedSize()).isLessThan(2L << 20);
                assertThat(server.received()).isLessThan(frames.size());
            }
        }
        assertThat(durable.frames(session)).containsExactlyElementsOf(frames);
        assertThat(events).anyMatch(e -> e.contains("already holds frames up to #10000"));
    }
}
