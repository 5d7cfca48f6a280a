package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * A java -jar run's mini-cluster, really started: the JVM's exit waits until every cluster it
 * started has closed, also one still starting or one whose job never came; one whose job ended
 * closes with it and is let go.
 */
class LocalClusterTest {

    @Test
    void closeAllEndsEveryClusterStartedAndReturnsOnceTheyAreClosed() {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        LocalCluster running = LocalCluster.start(conf, 1);
        MiniCluster started = running.cluster.join();
        assertThat(started.isRunning()).isTrue();
        // asked to close while it is still starting
        LocalCluster starting = LocalCluster.start(conf, 1);

        LocalCluster.closeAll(Duration.ofSeconds(60));

        assertThat(started.isRunning()).isFalse();
        assertThat(starting.cluster).isCompleted();
        assertThat(starting.cluster.join().isRunning()).isFalse();
        assertThat(running.forgotten()).isTrue();
        assertThat(starting.forgotten()).isTrue();
    }

    @Test
    void aClusterWhoseJobEndedClosesAndIsForgotten() throws Exception {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        LocalCluster local = LocalCluster.start(conf, 1);
        StreamExecutionEnvironment env = local.environment(conf);
        env.fromData(1, 2, 3).sinkTo(new DiscardingSink<>());
        env.execute("three numbers");
        MiniCluster mc = local.cluster.join();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((mc.isRunning() || !local.forgotten()) && System.nanoTime() < deadline)
            Thread.sleep(20);
        assertThat(mc.isRunning()).isFalse();
        assertThat(local.forgotten())
                .as("a JVM running many replays keeps no closed cluster")
                .isTrue();
    }
}
