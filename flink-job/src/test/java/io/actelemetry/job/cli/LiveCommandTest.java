package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code live} command line: its help, and the combinations it refuses before starting anything. */
class LiveCommandTest {

    @TempDir
    Path dir;

    @Test
    void helpNamesEveryOptionAUserNeeds() {
        Run help = run("live", "--help");
        assertThat(help.exit).isZero();
        assertThat(help.out).contains("--port", "PORT+i", "--bind", "--token-file", "--tls-cert", "--tls-key", "--insecure",
                "--out", "--checkpoints", "--no-resume", "--checkpoint-interval", "--parallelism", "--session-timeout");
    }

    @Test
    void aNonLoopbackBindNeedsATokenOrInsecure() throws Exception {
        Run open = run("live", "--out", dir.resolve("out").toString(), "--bind", "0.0.0.0");
        assertThat(open.exit).isEqualTo(2);
        assertThat(open.err).contains("--bind 0.0.0.0 would let anyone who reaches this machine write frames")
                .contains("--token-file").contains("--insecure");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void refusesHalfATlsSetupTwoTokensAndAnEmptyTokenFile() throws Exception {
        Path out = dir.resolve("out");
        Path empty = Files.writeString(dir.resolve("token"), "\n");
        assertThat(run("live", "--out", out.toString(), "--tls-cert", "cert.pem").err)
                .contains("TLS needs both --tls-cert and --tls-key");
        assertThat(run("live", "--out", out.toString(), "--token", "a", "--token-file", empty.toString()).err)
                .contains("give --token or --token-file, not both");
        assertThat(run("live", "--out", out.toString(), "--bind", "0.0.0.0", "--token-file", empty.toString()).err)
                .contains("the token file " + empty + " is empty");
        assertThat(run("live", "--out", out.toString(), "--port", "70000").err).contains("--port must be 0..65535");
    }

    @Test
    void aPortInUseIsSaidAtOnce() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run("live", "--out", dir.resolve("out").toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exit).isEqualTo(1);
            assertThat(run.err).contains("127.0.0.1:" + taken.getLocalPort() + " is already in use (another live job?)");
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream wasOut = System.out;
        PrintStream wasErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = TelemetryJobMain.run(args);
        } finally {
            System.setOut(wasOut);
            System.setErr(wasErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
