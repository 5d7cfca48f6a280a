package io.actelemetry.job.cli;

import io.actelemetry.job.TelemetryJob;
import io.actelemetry.job.source.grpc.GrpcIngestSource;
import io.actelemetry.job.source.grpc.GrpcIngestSourceBuilder;
import io.actelemetry.job.source.recording.RecordingSource;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "live",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Take frames live from bridges (ac-bridge HOST:PORT) over gRPC into the frames, laps,"
                + " segments and lap_fields tables. Each reader subtask i listens on PORT+i; a"
                + " frame is acknowledged to its bridge once a checkpoint holds it, so nothing is"
                + " lost and nothing is written twice, even across a crash.",
            "-p N runs N readers, on PORT to PORT+N-1 (default 1). A checkpoint every 5s unless"
                + " --checkpoint-interval says otherwise: it is also how long a bridge waits for"
                + " its acks.",
            "Checkpoints are kept in --checkpoints: started again with the same command, the job"
                + " resumes from the newest. Runs until stopped (Ctrl-C takes a savepoint first)."
        })
final class LiveCommand implements Callable<Integer> {

    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "50051",
            description =
                    "Port of reader subtask 0; subtask i listens on PORT+i (default:"
                            + " ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description =
                    "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Any other"
                        + " address needs --token or --token-file, or --insecure; 0.0.0.0 listens"
                        + " on every interface.")
    String bind;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description =
                    "Bearer token the bridges must send (visible to other users of this machine;"
                            + " prefer --token-file).")
    String token;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "Read the bearer token from FILE (first line).")
    Path tokenFile;

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description = "Serve TLS with this certificate chain (needs --tls-key).")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "PEM",
            description = "Private key (PKCS#8 PEM) of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--insecure",
            description =
                    "Allow a non-loopback --bind without a token: anyone who reaches the port can"
                            + " write.")
    boolean insecure;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            converter = Storage.Converter.class,
            description =
                    "Output folder for the Parquet tables, a local path or any Flink filesystem URI"
                        + " (s3://bucket/prefix); new sessions are added to tables already there.")
    org.apache.flink.core.fs.Path out;

    @Option(
            names = "--checkpoints",
            paramLabel = "DIR",
            converter = Storage.Converter.class,
            description =
                    "Where checkpoints and savepoints are kept, and resumed from, a local path or a"
                            + " URI (default: OUT/_checkpoints).")
    org.apache.flink.core.fs.Path checkpoints;

    @Option(
            names = "--no-resume",
            description =
                    "Start afresh even if --checkpoints holds a checkpoint of an earlier run.")
    boolean noResume;

    @Mixin LapTableOptions laps;

    @Mixin FlinkOptions flink;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GrpcIngestSource source = source();
        boolean cluster = TelemetryJobMain.runsInFlink();
        Storage.initialize(flink.configuration());
        OutputFolder.writable(out);
        RetainedCheckpoints retained =
                new RetainedCheckpoints(
                        checkpoints != null
                                ? checkpoints
                                : new org.apache.flink.core.fs.Path(out, "_checkpoints"));
        Storage.fileSystem(retained.dir(), "--checkpoints");

        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL);
        conf.addAll(retained.configuration());
        conf.addAll(flink.configuration());
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        // locally one reader unless -p says more; under flink run or the REST API, the parallelism
        // they were given
        if (!cluster && flink.parallelism == null) conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        Optional<org.apache.flink.core.fs.Path> resume =
                noResume || conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)
                        ? Optional.empty()
                        : retained.latest();
        resume.ifPresent(
                snapshot -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, snapshot.toString()));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        int readers = Math.max(1, env.getParallelism());
        TelemetryJob.build(
                env,
                source,
                RecordingSource.watermarks(),
                readers,
                TelemetryJob.Sinks.parquet(out),
                laps.options());

        Duration interval = conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        System.out.printf(
                "Live: tables in %s, committed every %s; checkpoints in %s%n",
                Storage.show(out),
                TimeUtils.formatWithHighestUnit(interval),
                Storage.show(retained.dir()));
        if (resume.isPresent()) {
            System.out.printf(
                    "Resuming from %s (%s old): bridges re-send only what it does not hold.%n",
                    Storage.show(resume.get()), RetainedCheckpoints.age(resume.get()));
        }
        if (cluster) {
            System.out.printf(
                    "Reader subtask i listens on port %d+i of the TaskManager that runs it (%d"
                            + " readers): see the log lines 'ingest: subtask <i> listening on"
                            + " <host>:<port>'.%n",
                    port, readers);
            env.execute("ac-telemetry live");
            return 0;
        }
        if (port != 0) requireFree(readers);
        JobClient job;
        SortedMap<Integer, Integer> ports;
        try {
            job = env.executeAsync("ac-telemetry live");
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> LiveStop.stop(job, retained, System.out), "live-stop"));
            ports = awaitListening(job, source, readers);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "the live job did not start: "
                            + rootCause(e)
                            + (resume.isPresent()
                                    ? " (if the snapshot does not fit this job, --no-resume starts"
                                            + " afresh)"
                                    : ""),
                    e);
        }
        String host =
                InetAddress.getByName(bind).isAnyLocalAddress()
                        ? InetAddress.getLocalHost().getHostName()
                        : bind;
        System.out.println("Bridges connect to:");
        ports.values()
                .forEach(p -> System.out.printf("  ac-bridge %s:%d%s%n", host, p, bridgeFlags()));
        System.out.println(
                "Ctrl-C to stop (a savepoint is taken first; the same command resumes from it).");
        job.getJobExecutionResult().get();
        return 0;
    }

    /**
     * The ports of the job's readers (in this JVM) once they all listen; fails with the job's error
     * if it fails first.
     */
    static SortedMap<Integer, Integer> awaitListening(
            JobClient job, GrpcIngestSource source, int readers) throws Exception {
        while (true) {
            if (job.getJobExecutionResult().isDone()) {
                job.getJobExecutionResult().get(); // throws why it failed
                throw new IllegalStateException("the live job ended before its readers listened");
            }
            try {
                return source.awaitBoundPorts(readers, Duration.ofSeconds(1));
            } catch (IllegalStateException notYet) {
                // still starting
            }
        }
    }

    /**
     * A port taken (by a live job already running, say) would fail the readers, which Flink
     * restarts again and again: say so at once instead.
     */
    private void requireFree(int readers) throws IOException {
        for (int p = port; p < port + readers; p++) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(
                        true); // as the server will: connections of a killed job in TIME_WAIT do
                // not count
                probe.bind(new InetSocketAddress(InetAddress.getByName(bind), p));
            } catch (BindException e) {
                throw new IOException(
                        bind
                                + ":"
                                + p
                                + " is already in use (another live job?): stop it, or choose"
                                + " another --port");
            }
        }
    }

    /** What went wrong at the bottom of Flink's wrapping exceptions. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /**
     * The source as the options ask, refusing combinations that would expose the port by accident.
     */
    private GrpcIngestSource source() throws IOException {
        if (token != null && tokenFile != null)
            throw usage("give --token or --token-file, not both");
        if ((tlsCert == null) != (tlsKey == null))
            throw usage("TLS needs both --tls-cert and --tls-key");
        if (port < 0 || port + (flink.parallelism == null ? 1 : flink.parallelism) - 1 > 65535)
            throw usage("--port must be 0..65535 (its last reader's too): " + port);
        Optional<String> bearer = Optional.ofNullable(token);
        if (tokenFile != null) {
            String first =
                    Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream()
                            .findFirst()
                            .orElse("")
                            .strip();
            if (first.isEmpty()) throw usage("the token file " + tokenFile + " is empty");
            bearer = Optional.of(first);
        }
        if (bearer.isEmpty() && !insecure && !InetAddress.getByName(bind).isLoopbackAddress()) {
            throw usage(
                    "--bind "
                            + bind
                            + " would let anyone who reaches this machine write frames: give"
                            + " --token-file (or --token), or --insecure to accept that");
        }
        GrpcIngestSourceBuilder builder =
                GrpcIngestSource.builder().setBindAddress(bind).setPort(port).setInsecure(insecure);
        bearer.ifPresent(builder::setBearerToken);
        if (tlsCert != null) builder.setTls(tlsCert, tlsKey);
        return builder.build();
    }

    private String bridgeFlags() {
        String flags = "";
        if (tlsCert != null) flags += " --ca-cert <CA of " + tlsCert.getFileName() + ">";
        if (token != null || tokenFile != null) flags += " --token-file <file with the token>";
        return flags;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
