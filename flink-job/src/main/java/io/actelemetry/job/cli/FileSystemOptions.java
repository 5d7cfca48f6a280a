package io.actelemetry.job.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * {@code -D} for the commands that run no job and only read an output folder: the options of its
 * filesystem (an S3 endpoint, keys).
 */
final class FileSystemOptions {

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            mapFallbackValue = "",
            description =
                    "A Flink configuration option for the output folder's filesystem, e.g."
                            + " -Ds3.endpoint=http://minio:9000.")
    Map<String, String> flink = new LinkedHashMap<>();

    /** Sets up Flink's filesystems with these options. */
    void initialize() {
        Storage.initialize(Configuration.fromMap(flink));
    }
}
