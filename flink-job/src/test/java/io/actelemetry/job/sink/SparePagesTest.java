package io.actelemetry.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The page arrays finished files leave for the next: the latest first, let go when idle. */
class SparePagesTest {
    private final AtomicLong now = new AtomicLong();
    private final SparePages spares = new SparePages(Duration.ofSeconds(60), now::get);

    @Test
    void theLatestFinishedFilesArraysGoFirst() {
        ColumnPages[] first = new ColumnPages[1];
        ColumnPages[] second = new ColumnPages[1];
        spares.give(first);
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        spares.give(second);

        assertThat(spares.take()).isSameAs(second);
        assertThat(spares.take()).isSameAs(first);
        assertThat(spares.take()).isNull();
    }

    @Test
    void arraysNotTakenWithinTheIdleTimeAreLetGo() {
        ColumnPages[] ended = new ColumnPages[1];
        ColumnPages[] recent = new ColumnPages[1];
        spares.give(ended);
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        spares.give(recent);
        now.addAndGet(Duration.ofSeconds(31).toNanos());

        assertThat(spares.take()).isSameAs(recent);
        assertThat(spares.size()).isZero();
        assertThat(spares.take()).isNull();
    }
}
