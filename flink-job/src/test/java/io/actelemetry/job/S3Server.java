package io.actelemetry.job;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3 server on loopback, in the test's JVM: S3Proxy serving the S3 REST API (signatures
 * checked) over jclouds' in-memory blob store, with one bucket. Flink reaches it through its own S3
 * plugin, flink-s3-fs-hadoop, which the build copies to {@code target/flink-plugins/s3-fs-hadoop/}
 * and surefire names in {@code FLINK_PLUGINS_DIR}, as a Flink installation has it.
 */
public final class S3Server implements AutoCloseable {

    public static final String BUCKET = "telemetry";
    private static final String ACCESS_KEY = "test-access-key";
    private static final String SECRET_KEY = "test-secret-key";

    private final BlobStoreContext store;
    private final S3Proxy proxy;

    private S3Server(BlobStoreContext store, S3Proxy proxy) {
        this.store = store;
        this.proxy = proxy;
    }

    public static S3Server start() throws Exception {
        BlobStoreContext store =
                ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
        store.getBlobStore().createContainerInLocation(null, BUCKET);
        S3Proxy proxy =
                S3Proxy.builder()
                        .blobStore(store.getBlobStore())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) Thread.sleep(10);
        return new S3Server(store, proxy);
    }

    /** {@code s3://<bucket>/<key>}. */
    public String uri(String key) {
        return "s3://" + BUCKET + "/" + key;
    }

    /** Flink's configuration for its S3 filesystem to use this server. */
    public Map<String, String> settings() {
        Map<String, String> settings = new TreeMap<>(endpoint());
        settings.put("s3.access-key", ACCESS_KEY);
        settings.put("s3.secret-key", SECRET_KEY);
        return settings;
    }

    /** Where the server is, without the keys. */
    public Map<String, String> endpoint() {
        return Map.of(
                "s3.endpoint",
                "http://127.0.0.1:" + proxy.getPort(),
                "s3.path.style.access",
                "true");
    }

    /** The keys as the AWS SDK reads them from a process's environment. */
    public Map<String, String> credentialsEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** The settings as a user gives them on the job's command line. */
    public List<String> options() {
        List<String> options = new ArrayList<>();
        settings().forEach((k, v) -> options.add("-D" + k + "=" + v));
        return options;
    }

    /**
     * Sets up this JVM's Flink filesystems as a Flink process does, pointed at this server (to read
     * tables back).
     */
    public void useInFlink() {
        Configuration conf = Configuration.fromMap(settings());
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
    }

    /**
     * The objects under {@code prefix}, as S3 lists them (folder markers left out), in key order.
     */
    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (StorageMetadata m :
                store.getBlobStore()
                        .list(BUCKET, ListContainerOptions.Builder.prefix(prefix).recursive())) {
            if (!m.getName().endsWith("/")) keys.add(m.getName());
        }
        keys.sort(Comparator.naturalOrder());
        return keys;
    }

    /** Uploads {@code file} as {@code key}, as a user's own tools (aws s3 cp) would. */
    public void put(String key, java.nio.file.Path file) {
        BlobStore blobs = store.getBlobStore();
        blobs.putBlob(BUCKET, blobs.blobBuilder(key).payload(file.toFile()).build());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        store.close();
    }
}
