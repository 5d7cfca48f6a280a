package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RPC system from the cached copy of Flink's Pekko jar (the one Flink's own loader reads, on
 * this classpath inside flink-rpc-akka-loader): made once, used again, made again when damaged, and
 * declined where Flink's own loader must run.
 */
class CachedRpcSystemLoaderTest {
    private static final URL EMBEDDED =
            RpcSystem.class.getClassLoader().getResource("flink-rpc-akka.jar");

    @TempDir Path cache;

    @Test
    void theCopyIsMadeOnceAndUsedAgain() throws Exception {
        CachedRpcSystemLoader loader = new CachedRpcSystemLoader(cache);
        Path copy = loader.copy(EMBEDDED);
        assertThat(copy.getParent()).isEqualTo(cache);
        assertThat(Files.size(copy)).isGreaterThan(10_000_000);
        FileTime made = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(copy, made);

        assertThat(loader.copy(EMBEDDED)).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy)).as("not written again").isEqualTo(made);
        try (var files = Files.list(cache)) {
            assertThat(files).singleElement().isEqualTo(copy);
        }
    }

    @Test
    void aDamagedCopyIsMadeAgainAndAnotherVersionsRemoved() throws Exception {
        CachedRpcSystemLoader loader = new CachedRpcSystemLoader(cache);
        Path copy = loader.copy(EMBEDDED);
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 1; // same size, one bit off
        Files.write(copy, bytes);
        Path older = Files.writeString(cache.resolve("flink-rpc-akka-1234abcd.jar"), "older");
        Path other = Files.writeString(cache.resolve("notes.txt"), "not a copy");

        assertThat(loader.copy(EMBEDDED)).isEqualTo(copy);
        assertThat(Files.readAllBytes(copy)).isNotEqualTo(bytes);
        assertThat(older).doesNotExist();
        assertThat(other).exists();
    }

    @Test
    void theRpcSystemFromTheCopyStartsAnRpcService() throws Exception {
        Configuration conf = new Configuration();
        try (RpcSystem rpc = new CachedRpcSystemLoader(cache).loadRpcSystem(conf)) {
            RpcService service = rpc.localServiceBuilder(conf).createAndStart();
            Path copy;
            try (var files = Files.list(cache)) {
                copy = files.findFirst().orElseThrow();
            }
            // Pekko's classes come from the copy
            assertThat(((URLClassLoader) service.getClass().getClassLoader()).getURLs())
                    .containsExactly(copy.toUri().toURL());
            service.closeAsync().get();
        }
        try (var files = Files.list(cache)) {
            assertThat(files).as("kept for the next run").hasSize(1);
        }
    }

    @Test
    void declinesWhereTheCacheCannotBeWritten() throws Exception {
        Path file = Files.writeString(cache.resolve("a-file"), "");
        CachedRpcSystemLoader loader = new CachedRpcSystemLoader(file.resolve("cache"));
        assertThatThrownBy(() -> loader.loadRpcSystem(new Configuration()))
                .isInstanceOf(RpcLoaderException.class)
                .hasMessageContaining("a-file");
    }

    @Test
    void declinesInsideAFlinkProcess() {
        MiniCluster notStarted =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(new Configuration())
                                .build());
        TestStreamEnvironment.setAsContext(notStarted, 1);
        try {
            assertThatThrownBy(
                            () ->
                                    new CachedRpcSystemLoader(cache)
                                            .loadRpcSystem(new Configuration()))
                    .isInstanceOf(RpcLoaderException.class);
        } finally {
            TestStreamEnvironment.unsetAsContext();
        }
        assertThat(cache).isEmptyDirectory();
    }
}
