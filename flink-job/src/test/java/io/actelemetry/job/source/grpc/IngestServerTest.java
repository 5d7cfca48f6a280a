package io.actelemetry.job.source.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.delivery.ConnectionState;
import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.job.Frames;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.source.grpc.server.Inbox;
import io.actelemetry.job.source.grpc.server.IngestServer;
import io.actelemetry.job.source.grpc.server.IngestStream;
import io.actelemetry.job.source.grpc.split.SessionCar;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server alone, a real one on loopback, with an inbox the test drains by hand. */
class IngestServerTest {

    private static final GrpcIngestOptions OPTIONS =
            GrpcIngestSource.builder().setPort(0).setMaxMessageBytes(4096).build().options();

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
        public void closed(IngestStream stream) {}

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
            // write while gRPC says the stream can take more: it stops once the server's window and
            // buffers are full
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
            CommonTestUtils.waitUtil(
                    () -> inbox.frames.get() == IngestStream.WINDOW,
                    Duration.ofSeconds(20),
                    "a window of frames");
            Thread.sleep(300); // nothing beyond the window may come while the reader takes nothing
            assertThat(inbox.frames.get()).isEqualTo(IngestStream.WINDOW);
            assertThat(sent)
                    .isLessThan(100_000); // the client was held back, not buffered without bound

            inbox.take(IngestStream.WINDOW);
            CommonTestUtils.waitUtil(
                    () -> inbox.frames.get() == 2 * IngestStream.WINDOW,
                    Duration.ofSeconds(20),
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
            assertThat(status.getDescription())
                    .contains("message 2 on stream")
                    .contains("from /127.0.0.1:")
                    .contains("is not a TelemetryFrame");
            assertThat(inbox.malformed.get()).isEqualTo(1);
            assertThat(inbox.frames.get()).isEqualTo(1); // the good frame before it is kept

            huge.send(Frames.current("m", "", 1).toByteArray());
            huge.send(new byte[8192]);
            Status tooBig = huge.awaitEnd();
            assertThat(tooBig.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(tooBig.getDescription())
                    .contains("message 2 on stream")
                    .contains("8192 bytes, above the limit of 4096");
            assertThat(inbox.malformed.get()).isEqualTo(2);

            // beyond gRPC's own limit it is gRPC's reset, before any ack: the status still reaches
            // the client
            try (RawClient giant = new RawClient("127.0.0.1:" + server.port(), null)) {
                giant.send(new byte[IngestServer.grpcMessageLimit(4096) + 1]);
                assertThat(giant.awaitEnd().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            }
        }
    }

    @Test
    void servesTlsWithPemFilesAndChecksTheToken(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "server",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "changeit",
                "-file",
                cert.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(Files.newInputStream(keyStore), "changeit".toCharArray());
        Key privateKey =
                store.getKey(
                        "server",
                        "changeit".toCharArray()); // PKCS#8, as the PEM the option expects
        Files.writeString(
                key,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(privateKey.getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");

        GrpcIngestOptions tls =
                GrpcIngestSource.builder()
                        .setPort(0)
                        .setTls(cert, key)
                        .setBearerToken("t0k")
                        .build()
                        .options();
        HeldInbox inbox = new HeldInbox();
        try (IngestServer server = IngestServer.start(tls, 0, "test-ingest", inbox)) {
            IngestOptions client =
                    IngestOptions.defaults("localhost:" + server.port()).withTls(Optional.of(cert));
            IngestClient trusted = IngestClient.start(client.withToken("t0k"), e -> {});
            IngestClient anonymous = IngestClient.start(client, e -> {});
            try {
                for (int seq = 1; seq <= 10; seq++) trusted.offer(Frames.current("tls", "", seq));
                anonymous.offer(Frames.current("tls-anonymous", "", 1));
                CommonTestUtils.waitUtil(
                        () -> inbox.frames.get() == 10, Duration.ofSeconds(20), "frames over TLS");
                CommonTestUtils.waitUtil(
                        () -> anonymous.stats().state() == ConnectionState.REJECTED,
                        Duration.ofSeconds(20),
                        "the client without token refused");
            } finally {
                trusted.close();
                anonymous.close();
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IllegalStateException("keytool: " + output);
    }
}
