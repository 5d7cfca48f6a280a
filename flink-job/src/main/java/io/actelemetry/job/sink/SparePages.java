package io.actelemetry.job.sink;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The page arrays of a table's finished files, for its next files to fill instead of growing their
 * own. A live job rolls every session's file at every checkpoint and opens the next one at the
 * session's next frame: without them each new file grew its arrays again, and each set lived one
 * checkpoint interval, long enough for the young collections to copy and promote it and for the old
 * generation to fill with them by the next checkpoint. A set not taken within {@link #IDLE} (its
 * session has ended) is let go, so what is kept is at most what the open files held at once.
 */
final class SparePages {
    /** How long a finished file's arrays wait for the next file. */
    static final Duration IDLE = Duration.ofMinutes(1);

    private record Spare(ColumnPages[] columns, long since) {}

    // the latest given first: the oldest are at the end, where they expire
    private final ArrayDeque<Spare> spares = new ArrayDeque<>();
    private final long idleNanos;
    private final LongSupplier nanoClock;

    SparePages() {
        this(IDLE, System::nanoTime);
    }

    SparePages(Duration idle, LongSupplier nanoClock) {
        this.idleNanos = idle.toNanos();
        this.nanoClock = nanoClock;
    }

    /** A finished file's columns, their page arrays cleared; null when there are none. */
    synchronized ColumnPages[] take() {
        expire();
        Spare s = spares.pollFirst();
        return s == null ? null : s.columns;
    }

    /** The columns of a file written to its end: its last page left their arrays cleared. */
    synchronized void give(ColumnPages[] columns) {
        spares.addFirst(new Spare(columns, nanoClock.getAsLong()));
        expire();
    }

    synchronized int size() {
        return spares.size();
    }

    private void expire() {
        long now = nanoClock.getAsLong();
        while (!spares.isEmpty() && now - spares.peekLast().since > idleNanos) spares.pollLast();
    }
}
