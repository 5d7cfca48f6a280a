package io.actelemetry.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actelemetry.bridge.delivery.ConnectionState;
import io.actelemetry.bridge.delivery.DeliveryStats;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.sampling.SamplerState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BridgeMainOptionsTest {

    @TempDir Path dir;

    private static BridgeMain parse(String... args) {
        CommandLine cmd = BridgeMain.commandLine();
        cmd.parseArgs(args);
        return cmd.getCommand();
    }

    @Test
    void defaultsMatchTheOriginalBridge() throws Exception {
        BridgeMain main = parse();
        IngestOptions ingest = main.ingestOptions();
        assertThat(ingest.target()).isEqualTo("127.0.0.1:50051");
        assertThat(ingest.tls()).isFalse();
        assertThat(ingest.token()).isEmpty();
        assertThat(ingest.maxBytes()).isEqualTo(16L << 20);
        assertThat(ingest.sendInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(main.record).isEqualTo(Path.of("recordings"));
        assertThat(main.noRecord).isFalse();
        assertThat(main.noStream).isFalse();
        assertThat(main.samplerOptions().pollPeriod()).isEqualTo(Duration.ofMillis(1));
        assertThat(BridgeMain.defaultSource())
                .isEqualTo(
                        System.getProperty("os.name").toLowerCase().startsWith("windows")
                                ? "shm"
                                : "sim");
    }

    @Test
    void targetAsFirstArgumentLikeTheOriginalOrAsOption() throws Exception {
        assertThat(parse("192.168.1.20:50051").ingestOptions().target())
                .isEqualTo("192.168.1.20:50051");
        assertThat(parse("--target", "flink.local:6000").ingestOptions().target())
                .isEqualTo("flink.local:6000");
        assertThatThrownBy(() -> parse("a:1", "--target", "b:2").ingestOptions())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("two different targets");
    }

    @Test
    void tokenFromFileTlsAndCarId() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token.txt"), "\n  abc.def.ghi  \n");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        BridgeMain main =
                parse(
                        "--token-file",
                        tokenFile.toString(),
                        "--ca-cert",
                        ca.toString(),
                        "--car-id",
                        "rig-2",
                        "--rate",
                        "100",
                        "--duration",
                        "90s",
                        "--frames",
                        "5000",
                        "--buffer-mb",
                        "4",
                        "--send-interval",
                        "50ms");
        IngestOptions ingest = main.ingestOptions();
        assertThat(ingest.token()).contains("abc.def.ghi");
        assertThat(ingest.tls()).isTrue();
        assertThat(ingest.caCert()).contains(ca);
        assertThat(ingest.maxBytes()).isEqualTo(4L << 20);
        assertThat(ingest.sendInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(main.samplerOptions().carId()).isEqualTo("rig-2");
        assertThat(main.samplerOptions().pollPeriod()).isEqualTo(Duration.ofMillis(10));
        assertThat(main.duration).isEqualTo(Duration.ofSeconds(90));
        assertThat(main.frames).isEqualTo(5000);
    }

    @Test
    void badOptionsAreClearErrors() {
        assertThatThrownBy(() -> parse("--token", "a", "--token-file", "b").ingestOptions())
                .hasMessageContaining("not both");
        assertThatThrownBy(
                        () ->
                                parse("--token-file", dir.resolve("missing").toString())
                                        .ingestOptions())
                .hasMessageContaining("--token-file: cannot read");
        assertThatThrownBy(
                        () ->
                                parse("--ca-cert", dir.resolve("missing.pem").toString())
                                        .ingestOptions())
                .hasMessageContaining("--ca-cert: cannot read");
        assertThatThrownBy(() -> parse("--rate", "0.5").samplerOptions())
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> parse("--duration", "soon"))
                .hasMessageContaining("not a duration");
    }

    @Test
    void durationsAsPeopleTypeThem() {
        DurationConverter convert = new DurationConverter();
        assertThat(convert.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(convert.convert("60s")).isEqualTo(Duration.ofMinutes(1));
        assertThat(convert.convert("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(convert.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(convert.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(convert.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> convert.convert("0s")).hasMessageContaining("longer than zero");
    }

    @Test
    void unknownSourceExitsWithUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cmd = BridgeMain.commandLine();
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("--source", "nonsense", "--no-record", "--no-stream");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--source").contains("unknown page source 'nonsense'");
    }

    @Test
    void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        CommandLine cmd = BridgeMain.commandLine();
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "TARGET",
                        "--source",
                        "--record",
                        "--no-record",
                        "--capture-pages",
                        "--frames",
                        "--duration",
                        "--rate",
                        "--token",
                        "--token-file",
                        "--tls",
                        "--ca-cert",
                        "--car-id",
                        "--no-stream",
                        "Exit codes");
    }

    @Test
    void statusLineShowsWhatAGamerNeeds() {
        String line =
                StatusLine.format(
                        SamplerState.LIVE,
                        333.4,
                        Optional.of(
                                new DeliveryStats(
                                        ConnectionState.RECONNECTING,
                                        1000,
                                        900,
                                        800,
                                        200,
                                        140_000,
                                        12,
                                        3,
                                        "")),
                        Optional.of("127.0.0.1:50051"),
                        Optional.empty());
        assertThat(line)
                .isEqualTo(
                        "live | 333 fr/s | 127.0.0.1:50051 reconnecting | buffered 200 | acked 800"
                                + " | evicted 12 | recording off");
    }
}
