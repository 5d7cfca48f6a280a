package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
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
    void aJobAsWideAsADesktopsCoresGetsTheNetworkBuffersItsExchangesNeed() throws Exception {
        // 24 subtasks, as java -jar gives a 12-core PC with two threads a core: with Flink's
        // local default of network memory, the two all-to-all exchanges of a replay's shape
        // failed for want of buffers
        Configuration conf = new Configuration(Replay.PIPELINED);
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 24);
        LocalCluster local = LocalCluster.start(conf, 1);
        StreamExecutionEnvironment env = local.environment(conf);
        env.fromSequence(1, 10_000)
                .setParallelism(1)
                .keyBy(n -> n % 97)
                .map(n -> n * 2)
                .keyBy(n -> n % 89)
                .map(new Tally())
                .sinkTo(new DiscardingSink<>());

        JobExecutionResult result = env.execute("two exchanges 24 wide");

        assertThat((Long) result.getAccumulatorResult("records")).isEqualTo(10_000);
        assertThat((Long) result.getAccumulatorResult("sum")).isEqualTo(2 * 10_000 * 10_001 / 2);
        assertThat(LocalCluster.networkMemory(24, MemorySize.parse("32kb")))
                .as("more than Flink's local default")
                .isGreaterThan(MemorySize.parse("64mb"));
    }

    /** Counts and adds up what reaches it, in accumulators the job's result carries. */
    private static final class Tally extends RichMapFunction<Long, Long> {
        private final LongCounter records = new LongCounter();
        private final LongCounter sum = new LongCounter();

        @Override
        public void open(OpenContext context) {
            getRuntimeContext().addAccumulator("records", records);
            getRuntimeContext().addAccumulator("sum", sum);
        }

        @Override
        public Long map(Long n) {
            records.add(1);
            sum.add(n);
            return n;
        }
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
