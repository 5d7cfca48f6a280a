package io.actelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.actelemetry.job.cli.TelemetryJobMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Compose and Kubernetes files: well-formed, with the fields the Flink Kubernetes Operator
 * requires, and running the jar, main class, Flink version and job arguments that the end-to-end
 * test runs on the standalone cluster.
 */
class DeployFilesTest {
    private static final Path COMPOSE = ClusterScript.DEPLOY.resolve("compose/docker-compose.yml");
    private static final Path DOCKERFILE = ClusterScript.DEPLOY.resolve("docker/Dockerfile");
    private static final Path K8S = ClusterScript.DEPLOY.resolve("k8s");
    private static final String USRLIB = "/opt/flink/usrlib/";

    private static String flinkVersion;
    private static String mainClass;
    private static String jarName;

    @BeforeAll
    static void whatTheTestedPathRuns() throws IOException {
        flinkVersion = EnvironmentInformation.getVersion();
        assertThat(flinkVersion).matches("\\d+\\.\\d+\\.\\d+");
        try (JarFile jar = new JarFile(ClusterScript.JAR.toFile())) {
            mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
        }
        assertThat(mainClass).isEqualTo(TelemetryJobMain.class.getName());
        jarName = ClusterScript.JAR.getFileName().toString();
    }

    @Test
    void composeRunsTheClusterJarInApplicationModeOnTheOfficialImage() throws IOException {
        Yaml compose = Yaml.document(COMPOSE);
        Yaml jm = compose.at("services.jobmanager");
        Yaml tm = compose.at("services.taskmanager");
        for (Yaml service : List.of(jm, tm)) {
            assertThat(service.string("image")).isEqualTo("flink:" + flinkVersion + "-java17");
            assertThat(service.strings("volumes"))
                    .anySatisfy(
                            v ->
                                    assertThat(v)
                                            .isEqualTo(
                                                    "../../flink-job/target/"
                                                            + jarName
                                                            + ":"
                                                            + USRLIB
                                                            + jarName
                                                            + ":ro"));
            assertThat(service.strings("volumes"))
                    .anySatisfy(v -> assertThat(v).endsWith(":/data"));
            assertThat(service.string("environment.FLINK_PROPERTIES"))
                    .contains("jobmanager.rpc.address: jobmanager");
        }
        assertThat(
                        COMPOSE.resolveSibling(
                                        compose.strings("services.jobmanager.volumes")
                                                .get(0)
                                                .split(":")[0])
                                .normalize())
                .as("the mounted jar is the one the build makes")
                .isEqualTo(ClusterScript.JAR.toAbsolutePath().normalize());
        assertThat(tm.string("command")).isEqualTo("taskmanager");

        List<String> command = jm.strings("command");
        assertThat(command.subList(0, 3))
                .containsExactly("standalone-job", "--job-classname", mainClass);
        List<String> args = command.subList(3, command.size());
        assertJobArgs(args);
        assertThat(tm.strings("ports"))
                .as("the ingest port, published from the TaskManager that runs the reader")
                .contains(option(args, "--port") + ":" + option(args, "--port"));
        assertThat(compose.string("secrets.ingest-token.file")).isNotBlank();
        assertThat(option(args, "--token-file")).startsWith("/run/secrets/");
    }

    @Test
    void theImageAddsTheClusterJarToTheSameFlinkImage() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertThat(dockerfile)
                .contains("FROM flink:" + flinkVersion + "-java17\n")
                .contains(
                        "COPY --chown=flink:flink flink-job/target/"
                                + jarName
                                + " "
                                + USRLIB
                                + jarName
                                + "\n")
                .contains("flink-s3-fs-hadoop-" + flinkVersion + ".jar");
    }

    @Test
    void applicationDeploymentHasWhatTheOperatorRequires() throws IOException {
        Yaml d = Yaml.document(K8S.resolve("flinkdeployment.yaml"));
        assertOperatorDeployment(d);
        assertThat(d.string("spec.job.jarURI")).isEqualTo("local://" + USRLIB + jarName);
        assertJob(d.at("spec.job"));
        assertOnTheVolume(d);

        Yaml service = Yaml.document(K8S.resolve("ingest-service.yaml"));
        assertIngestService(service, d, d.at("spec.job"));
    }

    /**
     * The S3 variant: the same job, its tables, snapshots and HA metadata in a bucket, keys from a
     * Secret, no volume.
     */
    @Test
    void s3DeploymentKeepsTablesAndSnapshotsInTheBucket() throws IOException {
        Yaml d = Yaml.document(K8S.resolve("flinkdeployment-s3.yaml"));
        Yaml volumeVariant = Yaml.document(K8S.resolve("flinkdeployment.yaml"));
        assertOperatorDeployment(d);
        assertThat(d.string("spec.job.jarURI")).isEqualTo(volumeVariant.string("spec.job.jarURI"));
        assertJob(d.at("spec.job"));
        List<String> args = d.strings("spec.job.args");
        Yaml conf = d.at("spec.flinkConfiguration");
        assertThat(option(args, "--out")).startsWith("s3://");
        assertThat(option(args, "--checkpoints"))
                .as("the live job resumes from where Flink writes its snapshots")
                .isEqualTo(conf.string("execution.checkpointing.dir"));
        for (String key :
                List.of(
                        "execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir",
                        "high-availability.storageDir")) {
            assertThat(conf.string(key)).as(key).startsWith("s3://");
        }
        assertThat(d.strings("spec.podTemplate.spec.containers").toString())
                .contains("name=AWS_ACCESS_KEY_ID", "name=AWS_SECRET_ACCESS_KEY", "secretKeyRef");
        assertThat(d.strings("spec.podTemplate.spec.volumes").toString())
                .doesNotContain("claimName");
        // the same job otherwise: only where the data goes differs
        List<String> volumeArgs = volumeVariant.strings("spec.job.args");
        assertThat(without(args, "--out", "--checkpoints"))
                .isEqualTo(without(volumeArgs, "--out", "--checkpoints"));
        assertIngestService(Yaml.document(K8S.resolve("ingest-service.yaml")), d, d.at("spec.job"));
    }

    private static List<String> without(List<String> args, String... options) {
        List<String> rest = new ArrayList<>(args);
        for (String o : options) {
            int i = rest.indexOf(o);
            rest.subList(i, i + 2).clear();
        }
        return rest;
    }

    @Test
    void sessionClusterAndSessionJobRunTheSameJob() throws IOException {
        List<Yaml> docs = Yaml.documents(K8S.resolve("session-cluster.yaml"));
        assertThat(docs)
                .extracting(y -> y.string("kind"))
                .containsExactly("FlinkDeployment", "FlinkSessionJob", "Service");
        Yaml cluster = docs.get(0);
        Yaml sessionJob = docs.get(1);
        assertOperatorDeployment(cluster);
        assertThat(cluster.get("spec.job")).as("a session cluster has no job of its own").isNull();
        assertThat(sessionJob.string("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
        assertThat(sessionJob.string("spec.deploymentName"))
                .isEqualTo(cluster.string("metadata.name"));
        assertThat(sessionJob.string("spec.job.jarURI"))
                .matches("https?://.+/" + jarName.replace(".", "\\."));
        assertJob(sessionJob.at("spec.job"));
        assertOnTheVolume(cluster);
        assertThat(sessionJob.strings("spec.job.args"))
                .isEqualTo(
                        Yaml.document(K8S.resolve("flinkdeployment.yaml"))
                                .strings("spec.job.args"));
        assertIngestService(docs.get(2), cluster, sessionJob.at("spec.job"));
    }

    private static void assertOperatorDeployment(Yaml d) throws IOException {
        assertThat(d.string("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
        assertThat(d.string("kind")).isEqualTo("FlinkDeployment");
        assertThat(d.string("metadata.name")).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(d.string("spec.image")).isNotBlank();
        String[] v = flinkVersion.split("\\.");
        assertThat(d.string("spec.flinkVersion"))
                .as("the operator's FlinkVersion enum")
                .isEqualTo("v" + v[0] + "_" + v[1]);
        assertThat(d.string("spec.serviceAccount")).isNotBlank();
        for (String component : List.of("jobManager", "taskManager")) {
            assertThat(d.string("spec." + component + ".resources.requests.memory"))
                    .matches("\\d+(m|Mi|Gi|g)");
            assertThat(d.string("spec." + component + ".resources.requests.cpu"))
                    .matches("\\d+(\\.\\d+)?");
        }
        Yaml conf = d.at("spec.flinkConfiguration");
        for (String key :
                List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
            assertThat(conf.string(key))
                    .as(key + " outlives the pods")
                    .matches("(file:///data/|s3://).+");
        }
        assertThat(d.strings("spec.podTemplate.spec.containers").toString())
                .as("the operator's main container")
                .contains("name=flink-main-container");
    }

    /** Tables and snapshots on the shared volume of storage.yaml, mounted at /data. */
    private static void assertOnTheVolume(Yaml d) throws IOException {
        assertThat(d.strings("spec.podTemplate.spec.containers").toString())
                .as("the main container mounts the volume")
                .contains("mountPath=/data");
        assertThat(d.strings("spec.podTemplate.spec.volumes").toString())
                .contains("claimName=" + claim());
    }

    private static void assertJob(Yaml job) {
        assertThat(job.string("entryClass")).isEqualTo(mainClass);
        assertThat(job.string("upgradeMode")).isEqualTo("savepoint");
        assertThat(job.string("state")).isEqualTo("running");
        assertThat(Integer.parseInt(job.string("parallelism"))).isPositive();
        List<String> args = job.strings("args");
        assertJobArgs(args);
        assertThat(option(args, "--token-file")).startsWith("/etc/ac-telemetry/");
        assertThat(option(args, "--out")).matches("(/data/|s3://).+");
    }

    /**
     * The arguments are a command line the job's own parser accepts: the live job, listening beyond
     * loopback with a token.
     */
    private static void assertJobArgs(List<String> args) {
        assertThatCode(
                        () ->
                                new CommandLine(TelemetryJobMain.class)
                                        .parseArgs(args.toArray(String[]::new)))
                .as("the job accepts %s", args)
                .doesNotThrowAnyException();
        assertThat(args.get(0)).isEqualTo("live");
        assertThat(option(args, "--bind")).isEqualTo("0.0.0.0");
        assertThat(option(args, "--token-file")).isNotBlank();
    }

    /**
     * The Service reaches the TaskManagers of {@code deployment} on every reader's port: 50051+i
     * for reader i.
     */
    private static void assertIngestService(Yaml service, Yaml deployment, Yaml job) {
        assertThat(service.string("kind")).isEqualTo("Service");
        assertThat(service.string("spec.selector.app"))
                .isEqualTo(deployment.string("metadata.name"));
        assertThat(service.string("spec.selector.component")).isEqualTo("taskmanager");
        int port = Integer.parseInt(option(job.strings("args"), "--port"));
        List<String> ports =
                service.list("spec.ports").stream()
                        .map(p -> String.valueOf(((Map<?, ?>) p).get("targetPort")))
                        .toList();
        for (int i = 0; i < Integer.parseInt(job.string("parallelism")); i++) {
            assertThat(ports).as("reader %d's port", i).contains(String.valueOf(port + i));
        }
    }

    private static String claim() throws IOException {
        Yaml pvc = Yaml.document(K8S.resolve("storage.yaml"));
        assertThat(pvc.string("kind")).isEqualTo("PersistentVolumeClaim");
        assertThat(pvc.strings("spec.accessModes"))
                .as("shared by JobManager and TaskManager pods")
                .contains("ReadWriteMany");
        return pvc.string("metadata.name");
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        assertThat(i).as("%s in %s", name, args).isNotNegative().isLessThan(args.size() - 1);
        return args.get(i + 1);
    }
}
