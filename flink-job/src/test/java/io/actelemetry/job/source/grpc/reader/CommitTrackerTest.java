package io.actelemetry.job.source.grpc.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.source.grpc.split.IngestSplit;
import io.actelemetry.job.source.grpc.split.SessionCar;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitTrackerTest {

    private static final SessionCar A = new SessionCar("a", "");
    private static final SessionCar B = new SessionCar("b", "rig2");
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T0 = 1_767_225_600_000L;

    @Test
    void onlyCompletedCheckpointsCommitAndOnlyWhatTheirSnapshotsHeld() {
        CommitTracker t = new CommitTracker(Map.of(), DAY, T0);
        t.emitted(A, 1);
        t.emitted(A, 2);
        assertThat(t.snapshot(1, T0)).isEqualTo(Map.of(A, new IngestSplit.Committed(2, T0)));
        t.emitted(A, 3); // after the snapshot: not in checkpoint 1
        assertThat(t.committed(A)).isZero();

        assertThat(t.complete(1)).isEqualTo(Map.of(A, 2L));
        assertThat(t.committed(A)).isEqualTo(2);
        assertThat(t.complete(1)).isEmpty(); // told twice: nothing moves
    }

    @Test
    void aCompletionCommitsTheSkippedCheckpointsBeforeIt() {
        CommitTracker t = new CommitTracker(Map.of(), DAY, T0);
        t.emitted(A, 10);
        t.snapshot(1, T0);
        t.emitted(B, 4);
        t.snapshot(2, T0);
        t.emitted(A, 20);
        t.snapshot(3, T0);
        assertThat(t.complete(2)).isEqualTo(Map.of(A, 10L, B, 4L));
        assertThat(t.complete(3)).isEqualTo(Map.of(A, 20L));
    }

    @Test
    void sequencesNeverGoBackward() {
        CommitTracker t = new CommitTracker(Map.of(), DAY, T0);
        t.emitted(A, 50);
        t.emitted(A, 40); // a re-sent frame after a newer one
        assertThat(t.snapshot(1, T0).get(A).sequence()).isEqualTo(50);
        t.complete(1);
        t.emitted(A, 45);
        t.snapshot(2, T0);
        assertThat(t.complete(2)).isEmpty();
        assertThat(t.committed(A)).isEqualTo(50);
    }

    @Test
    void aRestoredSplitIsCommittedAlready() {
        CommitTracker t =
                new CommitTracker(Map.of(A, new IngestSplit.Committed(99, T0)), DAY, T0 + 1000);
        assertThat(t.committed(A)).isEqualTo(99);
        assertThat(t.committed(B)).isZero();
        assertThat(t.snapshot(7, T0 + 1000)).containsEntry(A, new IngestSplit.Committed(99, T0));
    }

    @Test
    void carsSilentForTheForgetTimeLeaveTheState() {
        CommitTracker t =
                new CommitTracker(
                        Map.of(
                                A,
                                new IngestSplit.Committed(5, T0 - 2 * DAY),
                                B,
                                new IngestSplit.Committed(6, T0 - DAY / 2)),
                        DAY,
                        T0);
        assertThat(t.committed(A)).isZero(); // restored but stale
        assertThat(t.committed(B)).isEqualTo(6);

        assertThat(t.snapshot(1, T0 + DAY / 2)).isEmpty(); // B silent a whole day now
        assertThat(t.committed(B)).isZero();

        t.emitted(B, 7); // back again: starts over
        assertThat(t.snapshot(2, T0 + DAY))
                .isEqualTo(Map.of(B, new IngestSplit.Committed(7, T0 + DAY)));
        assertThat(t.complete(2)).isEqualTo(Map.of(B, 7L));
    }
}
