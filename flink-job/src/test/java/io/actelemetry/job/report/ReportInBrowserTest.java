package io.actelemetry.job.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.job.cli.Replay;
import io.actelemetry.job.laps.LapOptions;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session report of a replayed simulated session, opened from its file in headless Chromium
 * (Debian's {@code chromium}; {@code .ci/run} installs it): its scripts run without an error, the
 * charts are drawn, nothing is fetched, and a screenshot is taken.
 */
class ReportInBrowserTest {
    @TempDir static Path dir;
    static Path page;

    @BeforeAll
    static void report() throws Exception {
        Path recording = dir.resolve("session.pb.gz");
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(3, 5));
                RecordingWriter w = RecordingWriter.open(recording)) {
            for (TelemetryFrame f : (Iterable<TelemetryFrame>) s::iterator) w.write(f);
        }
        Path out = dir.resolve("out");
        Replay.run(
                List.of(recording),
                out,
                new Configuration(),
                LapOptions.defaults(),
                null,
                Duration.ofSeconds(5));
        List<org.apache.flink.core.fs.Path> pages =
                Reports.write(new org.apache.flink.core.fs.Path(out.toUri()), null);
        assertThat(pages).hasSize(1);
        page = Path.of(pages.get(0).toUri());
    }

    @Test
    void thePageIsSmallSelfContainedAndFetchesNothing() throws IOException {
        String html = Files.readString(page);
        assertThat(page.getParent().getFileName().toString()).isEqualTo(Reports.FOLDER);
        int data = html.indexOf("<script id=\"data\"");
        int dataEnd = html.indexOf("</script>", data);
        assertThat(html.length() - (dataEnd - data))
                .as("the page without its data")
                .isLessThan(1 << 20);
        assertThat(html.length()).as("with the data of three laps").isLessThan(2 << 20);
        // no attribute points anywhere: every script and style is inline
        Matcher refs = Pattern.compile("(?i)\\b(src|href)\\s*=").matcher(html);
        assertThat(refs.find()).as("src or href in the page").isFalse();
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
    }

    @Test
    void chromiumRunsItsScriptsDrawsTheChartsAndFetchesNothing() throws Exception {
        Path netLog = dir.resolve("net-log.json");
        String dom =
                chromium(
                        "--dump-dom",
                        "--log-net-log=" + netLog,
                        "--net-log-capture-mode=Everything");
        assertThat(dom).contains("data-ready=\"1\"");
        assertThat(dom).as("script errors").doesNotContain("data-errors=");
        assertThat(dom).as("blocked by the page's policy").doesNotContain("data-blocked=");
        // lap times, delta, speed, pedals, gear and the map, each drawn on a canvas by uPlot
        assertThat(count(dom, "class=\"uplot")).isGreaterThanOrEqualTo(6);
        assertThat(count(dom, "<canvas")).isGreaterThanOrEqualTo(6);
        assertThat(dom).contains("gap at the line").containsPattern("<td>T\\d+</td>");
        // and the page asked for nothing (the browser's own background requests are not its)
        assertThat(requestsOfThePage(netLog)).isEmpty();

        Path shot = dir.resolve("report.png");
        chromium("--screenshot=" + shot, "--window-size=1280,2600", "--hide-scrollbars");
        byte[] png = Files.readAllBytes(shot);
        assertThat(png.length).isGreaterThan(20_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void theNetLogCheckSeesWhatAPageFetches() throws Exception {
        // the check above, on a page that does fetch: it must see both requests
        Path fetching = dir.resolve("fetching.html");
        Files.writeString(
                fetching,
                "<html><body><img src=\"http://example.invalid/x.png\"><script>"
                        + "fetch('https://example.invalid/y')</script></body></html>");
        Path netLog = dir.resolve("fetching-net-log.json");
        chromium(
                fetching,
                "--dump-dom",
                "--log-net-log=" + netLog,
                "--net-log-capture-mode=Everything");
        assertThat(requestsOfThePage(netLog))
                .containsExactlyInAnyOrder(
                        "http://example.invalid/x.png", "https://example.invalid/y");
    }

    /**
     * The URLs a page loaded from a file asked for, from Chromium's net log: requests whose
     * initiator is the page's origin (a file's is "null"), not the browser's own ("not an origin").
     */
    private static List<String> requestsOfThePage(Path netLog) throws IOException {
        JsonNode log = new ObjectMapper().readTree(netLog.toFile());
        int start = log.get("constants").get("logEventTypes").get("URL_REQUEST_START_JOB").asInt();
        List<String> urls = new ArrayList<>();
        for (JsonNode e : log.get("events")) {
            JsonNode p = e.get("params");
            if (e.get("type").asInt() != start || p == null || p.get("url") == null) continue;
            String initiator = p.has("initiator") ? p.get("initiator").asText() : "";
            if (!initiator.equals("not an origin")) urls.add(p.get("url").asText());
        }
        return urls;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }

    /** Runs headless Chromium on the page with {@code args}; its standard output. */
    static String chromium(String... args) throws Exception {
        return chromium(page, args);
    }

    static String chromium(Path file, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(browser());
        command.addAll(
                List.of(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                        "--user-data-dir=" + dir.resolve("profile"),
                        "--virtual-time-budget=15000"));
        command.addAll(List.of(args));
        command.add(file.toUri().toString());
        Path stdout = dir.resolve("chromium.out");
        Process p =
                new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(dir.resolve("chromium.err").toFile())
                        .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + command);
        }
        assertThat(p.exitValue())
                .as("chromium: %s", Files.readString(dir.resolve("chromium.err")))
                .isZero();
        return Files.readString(stdout);
    }

    private static String browser() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dirName :
                    System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dirName, name)))
                    return Path.of(dirName, name).toString();
            }
        }
        throw new AssertionError(
                "no chromium on PATH: the report test opens the page in a real browser; install"
                        + " Debian's chromium (.ci/run does)");
    }
}
