package io.actelemetry.bridge.delivery;

import static io.actelemetry.bridge.delivery.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.delivery.LoopbackIngestServer.Behaviour;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against a real TLS server, with a self-signed certificate made by the JDK's keytool. */
class TlsDeliveryTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir static Path dir;

    private static Path keyStore;
    private static Path caPem;

    @BeforeAll
    static void makeCertificate() throws Exception {
        keyStore = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
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
                caPem.toString());
    }

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void streamsOverTlsTrustingTheGivenCaWithToken() throws Exception {
        String session = TestFrames.newSession();
        List<TelemetryFrame> frames = TestFrames.frames(session, 1, 200);
        try (LoopbackIngestServer server =
                        LoopbackIngestServer.startTls(
                                Behaviour.committing(20).withToken("t0k"), tls());
                IngestClient client =
                        IngestClient.start(
                                IngestOptions.defaults(server.target())
                                        .withTls(Optional.of(caPem))
                                        .withToken("t0k"),
                                events::add)) {
            frames.forEach(client::offer);
            await("all committed", Duration.ofSeconds(20), () -> client.stats().buffered() == 0);
            assertThat(server.store().frames(session)).containsExactlyElementsOf(frames);
        }
    }

    @Test
    void untrustedServerCertificateIsNeverSentFrames() throws Exception {
        try (LoopbackIngestServer server =
                        LoopbackIngestServer.startTls(Behaviour.committing(1), tls());
                IngestClient client =
                        IngestClient.start(
                                IngestOptions.defaults(server.target())
                                        .withTls(Optional.empty())
                                        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(100)),
                                events::add)) {
            client.offer(TestFrames.frame(TestFrames.newSession(), 1));
            await(
                    "a failed handshake",
                    Duration.ofSeconds(20),
                    () -> client.stats().state() == ConnectionState.RECONNECTING);
            assertThat(server.received()).isZero();
            assertThat(client.stats().buffered()).isEqualTo(1);
        }
    }

    private static ServerCredentials tls() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD);
        return TlsServerCredentials.newBuilder().keyManager(kmf.getKeyManagers()).build();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
