package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which retained snapshot a live job resumes from, in the layout Flink writes. Times are whole
 * seconds, as an object store (S3) gives them; the end-to-end case on S3 is {@code S3LiveTest}.
 */
class RetainedCheckpointsTest {

    private static final String JOB = "b13c89c074c013e4b6ecc43f7d595133";
    private static final Instant T = Instant.parse("2026-11-24T01:00:00Z");

    @TempDir Path dir;

    @Test
    void nothingToResumeFromAMissingOrEmptyFolder() throws Exception {
        assertThat(retained("missing").latest()).isEmpty();
        Files.createDirectories(
                dir.resolve(
                        "empty/" + JOB
                                + "/chk-1")); // a checkpoint still being written: no _metadata
        Files.createDirectories(dir.resolve("empty/" + JOB + "/shared"));
        Files.writeString(dir.resolve("empty/" + JOB + "/shared/state"), "x");
        assertThat(retained("empty").latest()).isEmpty();
    }

    @Test
    void aStopsSavepointWinsOverTheLastCheckpointOfTheSameSecond() throws Exception {
        snapshot("c/" + JOB + "/chk-18", T.minusSeconds(1));
        snapshot("c/" + JOB + "/chk-19", T);
        snapshot("c/savepoints/savepoint-b13c89-011fdff0a68b", T);
        assertThat(retained("c").latest())
                .contains(Storage.local(dir.resolve("c/savepoints/savepoint-b13c89-011fdff0a68b")));
    }

    @Test
    void theNewestByTimeThenByCheckpointNumber() throws Exception {
        snapshot("c/savepoints/savepoint-old", T.minusSeconds(60));
        snapshot("c/" + JOB + "/chk-9", T);
        snapshot("c/" + JOB + "/chk-10", T); // chk-9 listed before or after it: the number decides
        assertThat(retained("c").latest())
                .contains(Storage.local(dir.resolve("c/" + JOB + "/chk-10")));

        snapshot("c/0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f/chk-2", T.plusSeconds(30)); // a later run's
        assertThat(retained("c").latest())
                .contains(Storage.local(dir.resolve("c/0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f/chk-2")));
    }

    private RetainedCheckpoints retained(String folder) {
        return new RetainedCheckpoints(Storage.local(dir.resolve(folder)));
    }

    private void snapshot(String folder, Instant modified) throws Exception {
        Path metadata = Files.createDirectories(dir.resolve(folder)).resolve("_metadata");
        Files.write(metadata, new byte[] {1});
        Files.setLastModifiedTime(metadata, FileTime.from(modified));
    }
}
