package io.actelemetry.job.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.classloading.SubmoduleClassLoader;
import org.apache.flink.runtime.rpc.CleanupOnCloseRpcSystem;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;

/**
 * A java -jar run's RPC system (Flink's Pekko jar, which Flink keeps inside its own jar and loads
 * in a class loader of its own) from a copy kept in the user's cache. Flink's loader inflates the
 * 24 MB jar to a fresh temporary file on every start and deletes it at the end, which took about
 * 0.2 s of a replay's start. The copy is named by the embedded jar's checksum, so another Flink
 * version gets its own (and the earlier one is removed); it is written beside and renamed, so a run
 * at the same time never loads half a copy, and checked before it is used. Under flink run, or
 * where the cache cannot be written, this loader declines and Flink's own runs as before.
 */
public final class CachedRpcSystemLoader implements RpcSystemLoader {
    private static final String JAR = "flink-rpc-akka.jar";
    private static final String PREFIX = "flink-rpc-akka-";

    private final Path cache;

    /** For Java's service loader: the cache the launcher keeps its class archives in. */
    public CachedRpcSystemLoader() {
        this(userCache());
    }

    CachedRpcSystemLoader(Path cache) {
        this.cache = cache;
    }

    static Path userCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base =
                xdg == null || xdg.isEmpty()
                        ? Path.of(System.getProperty("user.home"), ".cache")
                        : Path.of(xdg);
        return base.resolve("ac-telemetry");
    }

    /** Before Flink's own loader (priority 0). */
    @Override
    public int getLoadPriority() {
        return -1;
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        if (TelemetryJobMain.runsInFlink())
            throw new RpcLoaderException("a Flink process loads its RPC system its own way");
        ClassLoader flink = RpcSystem.class.getClassLoader();
        URL embedded = flink.getResource(JAR);
        if (embedded == null) throw new RpcLoaderException("no " + JAR + " beside Flink");
        try {
            Path copy = copy(embedded);
            SubmoduleClassLoader loader =
                    new SubmoduleClassLoader(new URL[] {copy.toUri().toURL()}, flink);
            RpcSystem rpc = ServiceLoader.load(RpcSystem.class, loader).iterator().next();
            // the copy stays for the next run: nothing to delete on close
            return new CleanupOnCloseRpcSystem(rpc, loader, null);
        } catch (IOException | RuntimeException e) {
            throw new RpcLoaderException("the cached copy of " + JAR + " in " + cache, e);
        }
    }

    /** The cached copy of {@code embedded}, made or made again when missing or damaged. */
    Path copy(URL embedded) throws IOException {
        if (!(embedded.openConnection() instanceof JarURLConnection jar))
            throw new IOException(embedded + " is not in a jar");
        JarEntry entry = jar.getJarEntry();
        long crc = entry.getCrc();
        long size = entry.getSize();
        if (crc < 0 || size < 0) throw new IOException(embedded + " gives no checksum");
        Path copy = cache.resolve(PREFIX + Long.toHexString(crc) + ".jar");
        if (Files.isRegularFile(copy) && Files.size(copy) == size && crc(copy) == crc) return copy;
        Files.createDirectories(cache);
        Path part = Files.createTempFile(cache, PREFIX, ".part");
        try {
            try (CheckedInputStream in =
                    new CheckedInputStream(embedded.openStream(), new CRC32())) {
                long copied = Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                if (copied != size || in.getChecksum().getValue() != crc)
                    throw new IOException(JAR + " copied damaged into " + part);
            }
            Files.move(part, copy, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        removeOthers(copy);
        return copy;
    }

    /** The copies of other Flink versions' jars: of no further use. */
    private void removeOthers(Path kept) {
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(cache, PREFIX + "*.jar")) {
            for (Path other : copies) {
                if (!other.equals(kept)) Files.deleteIfExists(other);
            }
        } catch (IOException e) {
            // left for the next time
        }
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = new CheckedInputStream(Files.newInputStream(file), crc)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return crc.getValue();
    }
}
