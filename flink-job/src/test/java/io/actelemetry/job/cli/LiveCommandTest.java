package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code live} command line: its help, and the combinations it refuses before starting
 * anything.
 */
class LiveCommandTest {

    @TempDir Path dir;

    @Test
    void helpNamesEveryOptionAUserNeeds() {
        CliRun help = CliRun.of("live", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains(
                        "--port",
                        "PORT+i",
                        "--bind",
                        "--token-file",
                        "--tls-cert",
                        "--tls-key",
                        "--insecure",
                        "--out",
                        "--checkpoints",
                        "--no-resume",
                        "--checkpoint-interval",
                        "--parallelism",
                        "--session-timeout");
    }

    @Test
    void aNonLoopbackBindNeedsATokenOrInsecure() throws Exception {
        CliRun open =
                CliRun.of("live", "--out", dir.resolve("out").toString(), "--bind", "0.0.0.0");
        assertThat(open.exit()).isEqualTo(2);
        assertThat(open.err())
                .contains("--bind 0.0.0.0 would let anyone who reaches this machine write frames")
                .contains("--token-file")
                .contains("--insecure");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void refusesHalfATlsSetupTwoTokensAndAnEmptyTokenFile() throws Exception {
        Path out = dir.resolve("out");
        Path empty = Files.writeString(dir.resolve("token"), "\n");
        assertThat(CliRun.of("live", "--out", out.toString(), "--tls-cert", "cert.pem").err())
                .contains("TLS needs both --tls-cert and --tls-key");
        assertThat(
                        CliRun.of(
                                        "live",
                                        "--out",
                                        out.toString(),
                                        "--token",
                                        "a",
                                        "--token-file",
                                        empty.toString())
                                .err())
                .contains("give --token or --token-file, not both");
        assertThat(
                        CliRun.of(
                                        "live",
                                        "--out",
                                        out.toString(),
                                        "--bind",
                                        "0.0.0.0",
                                        "--token-file",
                                        empty.toString())
                                .err())
                .contains("the token file " + empty + " is empty");
        assertThat(CliRun.of("live", "--out", out.toString(), "--port", "70000").err())
                .contains("--port must be 0..65535");
    }

    @Test
    void aPortInUseIsSaidAtOnce() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run =
                    CliRun.of(
                            "live",
                            "--out",
                            dir.resolve("out").toString(),
                            "--port",
                            Integer.toString(taken.getLocalPort()));
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err())
                    .contains(
                            "127.0.0.1:"
                                    + taken.getLocalPort()
                                    + " is already in use (another live job?)");
        }
    }
}
