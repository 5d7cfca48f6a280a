package io.actelemetry.job.cli;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The mini-cluster of a {@code java -jar} run, started while the job is still being planned.
 * Flink's local executor starts its cluster only when the job is submitted, and that start is most
 * of what a short replay waits for; begun on a thread of its own, it runs beside the listing of the
 * inputs and the building of the job. One job runs on it, and the cluster ends with that job.
 */
final class LocalCluster implements PipelineExecutorServiceLoader, PipelineExecutorFactory {
    private static final String NAME = "ac-telemetry-local";

    /** The clusters this JVM started and not yet closed, for {@link #closeAll} before it exits. */
    private static final Set<CompletableFuture<MiniCluster>> STARTED =
            ConcurrentHashMap.newKeySet();

    final CompletableFuture<MiniCluster> cluster;

    private LocalCluster(CompletableFuture<MiniCluster> cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts a cluster for a job of {@code conf} whose widest operator runs {@code slots} subtasks;
     * the parallelism defaults to the cores, as Flink's local environment does.
     */
    static LocalCluster start(Configuration conf, int slots) {
        Configuration c = new Configuration(conf);
        if (!c.contains(RestOptions.BIND_PORT)) c.set(RestOptions.BIND_PORT, "0");
        // no Kerberos or Hadoop tokens for a run of local files: their providers load Hadoop's
        // security classes while the cluster starts
        if (!c.contains(SecurityOptions.DELEGATION_TOKENS_ENABLED))
            c.set(SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
        int width = Math.max(slots, parallelism(conf));
        if (!c.contains(TaskManagerOptions.NETWORK_MEMORY_MIN)
                && !c.contains(TaskManagerOptions.NETWORK_MEMORY_MAX)) {
            MemorySize network =
                    networkMemory(width, c.get(TaskManagerOptions.MEMORY_SEGMENT_SIZE));
            c.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
            c.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
        }
        if (!c.contains(TaskManagerOptions.NETWORK_BATCH_SHUFFLE_READ_MEMORY))
            c.set(TaskManagerOptions.NETWORK_BATCH_SHUFFLE_READ_MEMORY, readMemory(width));
        MiniClusterConfiguration config =
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(c)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(width)
                        .setRpcServiceSharing(RpcServiceSharing.SHARED)
                        .build();
        CompletableFuture<MiniCluster> started = new CompletableFuture<>();
        Thread starter =
                new Thread(
                        () -> {
                            MiniCluster mc = new MiniCluster(config);
                            try {
                                mc.start();
                                started.complete(mc);
                            } catch (Throwable e) {
                                mc.closeAsync();
                                started.completeExceptionally(e);
                            }
                        },
                        "local-cluster-start");
        starter.setDaemon(true);
        starter.start();
        STARTED.add(started);
        started.whenComplete(
                (mc, failed) -> {
                    if (failed != null) STARTED.remove(started);
                });
        return new LocalCluster(started);
    }

    /**
     * Closes the clusters this JVM started and waits, at most {@code atMost} in all, until they
     * have. A cluster ends with its job but on threads of its own; a JVM that exits meanwhile runs
     * its shutdown hooks under a closing RPC system (Pekko's then loads classes from a class loader
     * already closed, and fails loudly).
     */
    static void closeAll(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (CompletableFuture<MiniCluster> cluster : STARTED) {
            try {
                cluster.thenCompose(MiniCluster::closeAsync)
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // not started, or not closed in time: the exit ends it
            }
            STARTED.remove(cluster);
        }
    }

    /**
     * Network buffers for a job {@code width} subtasks wide. Flink's local default (64 MB) is too
     * few from about 24 subtasks on, the cores of many a desktop PC: an all-to-all exchange holds
     * buffers for every pair of subtasks, so the need grows with the square of the width. A narrow
     * job needs a fraction of it, and every buffer is zeroed before the cluster is up. The count
     * bounds what replays 16, 24, 32 and 48 wide were measured to need, with a margin.
     */
    static MemorySize networkMemory(int width, MemorySize segment) {
        long buffers = 3L * width * width + 64L * width + 512;
        return new MemorySize(buffers * segment.getBytes());
    }

    /**
     * The pool a replay's committers read their writers' files through (the edge between them is
     * blocking in BATCH mode), which the first writer zeroes before it takes a frame: each
     * committer reads a few bytes in requests of 4 MB, so Flink's 64 MB serves a wide job and a
     * fraction of it a narrow one.
     */
    static MemorySize readMemory(int width) {
        return MemorySize.ofMebiBytes(Math.min(64, Math.max(8, 4L * width)));
    }

    /** The job's parallelism where it runs locally: as set, else the cores. */
    static int parallelism(Configuration conf) {
        return conf.getOptional(CoreOptions.DEFAULT_PARALLELISM)
                .orElse(Runtime.getRuntime().availableProcessors());
    }

    /** An environment whose jobs run on this cluster. */
    StreamExecutionEnvironment environment(Configuration conf) {
        Configuration c = new Configuration(conf);
        c.set(CoreOptions.DEFAULT_PARALLELISM, parallelism(conf));
        c.set(DeploymentOptions.TARGET, NAME);
        c.set(DeploymentOptions.ATTACHED, true);
        return new StreamExecutionEnvironment(
                this, c, Thread.currentThread().getContextClassLoader());
    }

    /** Whether {@link #closeAll} has let go of this cluster: closed, or never started. */
    boolean forgotten() {
        return !STARTED.contains(cluster);
    }

    /**
     * Closes the cluster, once its job is done or when no job was given to it (the planning
     * failed); again is the same close. Forgets it once closed.
     */
    void close() {
        cluster.thenCompose(MiniCluster::closeAsync)
                .whenComplete((v, e) -> STARTED.remove(cluster));
    }

    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
        return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
        return Stream.of(NAME);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
        return NAME.equals(configuration.get(DeploymentOptions.TARGET));
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
        return this::submit;
    }

    /** As Flink's local executor submits a job, onto the cluster started before. */
    private CompletableFuture<JobClient> submit(
            Pipeline pipeline, Configuration configuration, ClassLoader userCode) throws Exception {
        StreamGraph job = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
        job.serializeUserDefinedInstances();
        MiniCluster mc;
        try {
            mc = cluster.join();
        } catch (CompletionException e) {
            return CompletableFuture.failedFuture(e.getCause());
        }
        return mc.submitJob(job)
                .<JobClient>thenApply(
                        submitted -> {
                            JobClient client =
                                    new MiniClusterJobClient(
                                            submitted.getJobID(),
                                            mc,
                                            userCode,
                                            MiniClusterJobClient.JobFinalizationBehavior
                                                    .SHUTDOWN_CLUSTER);
                            // the client closes the cluster when the job is done; this close
                            // is that same one, and forgets the cluster once it is over
                            client.getJobExecutionResult().whenComplete((r, e) -> close());
                            return client;
                        })
                .whenComplete(
                        (client, failure) -> {
                            if (failure != null) close();
                        });
    }
}
