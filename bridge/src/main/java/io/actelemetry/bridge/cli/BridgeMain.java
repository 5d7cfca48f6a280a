package io.actelemetry.bridge.cli;

import io.actelemetry.bridge.delivery.ConnectionState;
import io.actelemetry.bridge.delivery.Delivery;
import io.actelemetry.bridge.delivery.FrameRecorder;
import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.bridge.sampling.Sampler;
import io.actelemetry.bridge.sampling.SamplerOptions;
import io.actelemetry.bridge.sampling.SystemTime;
import io.actelemetry.bridge.source.PageSource;
import io.actelemetry.bridge.windows.WindowsTimerResolution;
import io.actelemetry.recording.RecordingWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The bridge: samples Assetto Corsa (or the simulated game, or captured pages), records every frame
 * to a {@code .pb.gz} file and streams it to the ingest server.
 */
@Command(
        name = "ac-bridge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        versionProvider = BridgeMain.Version.class,
        description = {
            "Reads Assetto Corsa's telemetry at the physics rate (~333 Hz), records every frame to"
                + " a .pb.gz file and streams it to the ingest server (the Flink job). Ctrl+C stops"
                + " it cleanly."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:failed (message printed)",
            "2:bad command line",
            "3:the server refused the token (the recording is complete)"
        })
public final class BridgeMain implements java.util.concurrent.Callable<Integer> {

    static final int EXIT_REJECTED = 3;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TARGET",
            description =
                    "Ingest server host:port, like the original bridge's first argument (default"
                            + " ${DEFAULT-VALUE}).",
            defaultValue = IngestOptions.DEFAULT_TARGET)
    String target;

    @Option(names = "--target", paramLabel = "HOST:PORT", description = "Same as TARGET.")
    String targetOption;

    @Option(
            names = "--source",
            paramLabel = "SPEC",
            description =
                    "Where the pages come from: shm (the running game, Windows; the default there),"
                        + " dir:PATH (captured page files), sim or"
                        + " sim:seed=N,scenario=demo|laps,laps=N (the simulated game; the default"
                        + " elsewhere).")
    String source;

    @Option(
            names = "--record",
            paramLabel = "PATH",
            defaultValue = "recordings",
            description =
                    "Recording file (*.pb.gz), or a folder where each run gets "
                            + "<yyyyMMdd-HHmmss>_<session>.pb.gz (default: ${DEFAULT-VALUE}).")
    Path record;

    @Option(names = "--no-record", description = "Do not record.")
    boolean noRecord;

    @Option(
            names = "--rotate-mb",
            paramLabel = "MB",
            description = "Start a new recording file every MB megabytes.")
    long rotateMb;

    @Option(names = "--no-stream", description = "Record only; do not connect to a server.")
    boolean noStream;

    @Option(
            names = "--capture-pages",
            paramLabel = "DIR",
            description =
                    "Save the game's three raw pages to DIR (for a bug report; replay with --source"
                            + " dir:DIR) and exit.")
    Path capturePages;

    @Option(names = "--frames", paramLabel = "N", description = "Stop after N frames.")
    long frames;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Stop after this long (90s, 5m, 1h...).")
    Duration duration;

    @Option(
            names = "--rate",
            paramLabel = "HZ",
            description =
                    "Most samples per second. The game steps physics at ~333 Hz and the default"
                            + " takes every step; a lower rate (e.g. 60) thins the stream.")
    double rate;

    @Option(
            names = "--car-id",
            paramLabel = "ID",
            defaultValue = "",
            description = "Names this car (a rig or driver) when several bridges feed one job.")
    String carId;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description =
                    "Bearer token for the server (visible to other users of this PC; prefer"
                            + " --token-file).")
    String token;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "Read the bearer token from FILE.")
    Path tokenFile;

    @Option(names = "--tls", description = "Connect with TLS, trusting the system's CAs.")
    boolean tls;

    @Option(
            names = "--ca-cert",
            paramLabel = "PEM",
            description = "Connect with TLS, trusting this CA certificate (implies --tls).")
    Path caCert;

    @Option(
            names = "--buffer-mb",
            paramLabel = "MB",
            defaultValue = "16",
            description =
                    "Frames not yet committed by the server kept in memory (default"
                        + " ${DEFAULT-VALUE} MB, about a minute of driving at ~880 bytes a frame);"
                        + " beyond it the oldest are dropped from the stream (they stay in the"
                        + " recording).")
    int bufferMb;

    @Option(
            names = "--send-interval",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            defaultValue = "250ms",
            description =
                    "Frames go to the server in batches this far apart (default ${DEFAULT-VALUE});"
                            + " a shorter interval gets them there sooner for a little more CPU.")
    Duration sendInterval;

    @Option(
            names = {"-v", "--verbose"},
            description =
                    "Also log the sampler's details (state changes, re-attaches, torn reads).")
    boolean verbose;

    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new BridgeMain())
                .setExecutionExceptionHandler(
                        (e, cmd, parsed) -> {
                            cmd.getErr().println("ac-bridge: " + e.getMessage());
                            cmd.getErr().flush();
                            return 1;
                        });
    }

    @Override
    public Integer call() throws Exception {
        // The status line already tells the user what matters; the log is for --verbose (or
        // -D...=info).
        System.setProperty(
                "org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty(
                        "org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn"));
        PrintWriter out = spec.commandLine().getOut();
        PageSource pages = pages();
        try (pages) {
            if (capturePages != null) {
                PageCapture.capture(pages, capturePages, Optional.ofNullable(duration), out);
                return 0;
            }
            return run(pages, out);
        }
    }

    private int run(PageSource pages, PrintWriter out) throws Exception {
        Sampler sampler = new Sampler(pages, samplerOptions());
        StatusLine status = new StatusLine(out, System.console() != null, pages.describe());
        IngestOptions ingest = ingestOptions();
        status.message(
                "ac-bridge "
                        + Version.get()
                        + ": source "
                        + pages.describe()
                        + (noStream
                                ? ", streaming off"
                                : ", streaming to "
                                        + ingest.target()
                                        + (ingest.tls() ? " (TLS)" : ""))
                        + (noRecord
                                ? ", recording off"
                                : ", recording to " + record.toAbsolutePath())
                        + ", session "
                        + sampler.sessionId());

        Optional<FrameRecorder> recorder =
                noRecord
                        ? Optional.empty()
                        : Optional.of(
                                FrameRecorder.open(record, recordingOptions(), status::message));
        Optional<IngestClient> client =
                noStream
                        ? Optional.empty()
                        : Optional.of(IngestClient.start(ingest, status::message));
        Delivery delivery = new Delivery(recorder, client);

        AtomicBoolean stopRequested = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            stopRequested.set(true);
                            try {
                                finished.await(15, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "ac-bridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "ac-bridge-status");
                            t.setDaemon(true);
                            return t;
                        });
        ticker.scheduleAtFixedRate(
                () -> status.tick(sampler, client, recorder), 1, 1, TimeUnit.SECONDS);

        AtomicLong sampled = new AtomicLong();
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        try {
            sampler.run(
                    frame -> {
                        // The sampler hands frames on in batches: --frames N takes exactly the
                        // first N.
                        if (frames == 0 || sampled.get() < frames) {
                            delivery.accept(frame);
                            sampled.incrementAndGet();
                        }
                    },
                    () ->
                            stopRequested.get()
                                    || (frames > 0 && sampled.get() >= frames)
                                    || System.nanoTime() >= deadline);
        } finally {
            ticker.shutdownNow();
            status.finish();
            if (stopRequested.get()) {
                status.message("Stopping: sending what is left, closing the recording...");
            }
            delivery.close();
            status.message(summary(sampled.get(), recorder, client));
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl+C: the hook is running and waits for the latch released above.
            }
        }
        boolean rejected =
                client.isPresent() && client.get().stats().state() == ConnectionState.REJECTED;
        return rejected ? EXIT_REJECTED : 0;
    }

    private PageSource pages() {
        String spec = source != null ? source : defaultSource();
        try {
            return PageSources.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    this.spec.commandLine(), "--source: " + e.getMessage());
        }
    }

    static String defaultSource() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                ? "shm"
                : "sim";
    }

    SamplerOptions samplerOptions() {
        SamplerOptions options =
                SamplerOptions.defaults()
                        .withCarId(carId)
                        .withTime(SystemTime.create(0, WindowsTimerResolution::raise));
        if (rate != 0) {
            if (rate < 1 || rate > 1000) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--rate must be between 1 and 1000 Hz, got " + rate);
            }
            options = options.withPollPeriod(Duration.ofNanos((long) (1e9 / rate)));
        }
        return options;
    }

    IngestOptions ingestOptions() throws IOException {
        if (targetOption != null
                && !targetOption.equals(target)
                && !target.equals(IngestOptions.DEFAULT_TARGET)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "two different targets: " + target + " and --target " + targetOption);
        }
        if (token != null && tokenFile != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give --token or --token-file, not both");
        }
        if (bufferMb < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--buffer-mb must be at least 1");
        }
        IngestOptions options =
                IngestOptions.defaults(targetOption != null ? targetOption : target)
                        .withBuffer(Integer.MAX_VALUE, (long) bufferMb << 20)
                        .withSendInterval(sendInterval);
        if (tls || caCert != null) {
            if (caCert != null && !Files.isReadable(caCert)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--ca-cert: cannot read " + caCert.toAbsolutePath());
            }
            options = options.withTls(Optional.ofNullable(caCert));
        }
        Optional<String> bearer = Optional.ofNullable(token);
        if (tokenFile != null) {
            try {
                bearer =
                        Files.readAllLines(tokenFile).stream()
                                .map(String::trim)
                                .filter(l -> !l.isEmpty())
                                .findFirst();
            } catch (IOException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--token-file: cannot read "
                                + tokenFile.toAbsolutePath()
                                + " ("
                                + e.getMessage()
                                + ")");
            }
            if (bearer.isEmpty()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--token-file: " + tokenFile.toAbsolutePath() + " holds no token");
            }
        }
        if (bearer.isPresent()) {
            options = options.withToken(bearer.get());
        }
        return options;
    }

    private RecordingWriter.Options recordingOptions() {
        RecordingWriter.Options options = FrameRecorder.defaultOptions();
        return rotateMb > 0 ? options.withRotation(rotateMb << 20, Duration.ZERO) : options;
    }

    private static String summary(
            long sampled, Optional<FrameRecorder> recorder, Optional<IngestClient> client) {
        StringBuilder s = new StringBuilder("Done: ").append(sampled).append(" frames sampled");
        recorder.ifPresent(
                r ->
                        s.append(", ")
                                .append(r.frames())
                                .append(" recorded")
                                .append(
                                        r.files().isEmpty()
                                                ? ""
                                                : " to "
                                                        + r.files()
                                                                .get(r.files().size() - 1)
                                                                .toAbsolutePath())
                                .append(
                                        r.dropped() > 0
                                                ? " ("
                                                        + r.dropped()
                                                        + " left out: the disk was too slow)"
                                                : ""));
        client.ifPresent(
                c -> {
                    var stats = c.stats();
                    s.append(", ").append(stats.acked()).append(" acked by ").append(c.target());
                    if (stats.evicted() > 0) {
                        s.append(", ")
                                .append(stats.evicted())
                                .append(
                                        " dropped from the stream when the buffer was full"
                                                + " (recorded)");
                    }
                });
        return s.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        static String get() {
            String v = BridgeMain.class.getPackage().getImplementationVersion();
            return v == null ? "(development build)" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"ac-bridge " + get()};
        }
    }
}
