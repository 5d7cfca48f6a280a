package io.actelemetry.job.cli;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Paths;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.util.EnvironmentInformation;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where the job's tables and snapshots live: any filesystem Flink has ({@code s3://bucket/prefix},
 * {@code hdfs://...}, {@code file:///...}), or a plain local path as before. All access goes
 * through Flink's {@link FileSystem}, so whatever the cluster's plugins provide works, and nothing
 * here knows S3.
 */
final class Storage {

    /**
     * A scheme, as in {@code s3://}, {@code file:/}; one letter is a Windows drive, not a scheme.
     */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");

    private Storage() {}

    /**
     * {@code text} as a Flink path: a URI as given, a local path made absolute (the TaskManagers
     * have other working folders).
     */
    static Path parse(String text) {
        if (SCHEME.matcher(text).matches()) {
            try {
                return new Path(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "not a valid URI: " + text + " (" + e.getMessage() + ")");
            }
        }
        return local(Paths.get(text));
    }

    /**
     * A local path as a {@code file:} URI, without the trailing slash java.nio gives a folder that
     * exists.
     */
    static Path local(java.nio.file.Path path) {
        URI uri = path.toAbsolutePath().normalize().toUri();
        return new Path(uri.getScheme(), uri.getAuthority(), uri.getPath());
    }

    /** How a user wrote it: a local folder as a plain path, anything else as its URI. */
    static String show(Path path) {
        return isLocal(path) ? path.toUri().getPath() : path.toString();
    }

    /** A plain local path or a {@code file:} URI, which java.nio reads too. */
    static boolean isLocal(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }

    /**
     * The filesystem of {@code path}, given as {@code option}; a scheme no filesystem serves is
     * said with the option and what to install, before any job starts.
     */
    static FileSystem fileSystem(Path path, String option) throws IOException {
        try {
            return path.getFileSystem();
        } catch (IOException e) {
            throw new IOException(
                    option + " " + path + ": " + e.getMessage() + hint(path.toUri().getScheme()),
                    e);
        }
    }

    private static String hint(String scheme) {
        if (scheme == null || !scheme.startsWith("s3")) return "";
        String jar = "flink-s3-fs-hadoop-" + EnvironmentInformation.getVersion() + ".jar";
        return " For s3://, Flink's S3 plugin: "
                + jar
                + " (Flink's opt/ folder, or Maven Central) in plugins/s3-fs-hadoop/ of the Flink"
                + " installation (for java -jar: under $FLINK_PLUGINS_DIR, by default ./plugins),"
                + " or ENABLE_BUILT_IN_PLUGINS="
                + jar
                + " in Flink's Docker image; its settings (s3.endpoint, s3.access-key, ...) in the"
                + " Flink configuration, or as -D options for java -jar.";
    }

    /**
     * Started by {@code java -jar}, sets up Flink's filesystems as a Flink process does: the
     * plugins under {@code $FLINK_PLUGINS_DIR} ({@code ./plugins} by default), configured from
     * {@code $FLINK_CONF_DIR/config.yaml} if set and the command's {@code -D} options. Under {@code
     * flink run} or in the cluster Flink has done this with the cluster's configuration, which must
     * not be replaced.
     */
    static void initialize(Configuration options) {
        if (TelemetryJobMain.runsInFlink()) return;
        Configuration conf = GlobalConfiguration.loadConfiguration(options);
        // Without a plugins folder there is nothing to load, and Flink would warn on every start
        // that it is missing.
        String plugins =
                System.getenv()
                        .getOrDefault(
                                ConfigConstants.ENV_FLINK_PLUGINS_DIR,
                                ConfigConstants.DEFAULT_FLINK_PLUGINS_DIRS);
        FileSystem.initialize(
                conf,
                new File(plugins).isDirectory()
                        ? PluginUtils.createPluginManagerFromRootFolder(conf)
                        : null);
    }

    /** For picocli: an option or parameter that takes a path or URI. */
    static final class Converter implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return parse(value);
        }
    }
}
