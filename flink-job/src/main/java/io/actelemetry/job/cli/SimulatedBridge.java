package io.actelemetry.job.cli;

import io.actelemetry.bridge.delivery.DeliveryStats;
import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.delivery.IngestOptions;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The bridge without the game: frames (a simulated session's, say) handed to the bridge's real
 * {@link IngestClient} at their own pace times {@code speed}, on a thread of its own. What a
 * racer's PC does, for the live demo and the live tests. Frames are due by their host monotonic
 * time (a jump of the wall clock changes nothing); the feeder offers each when it is due, as the
 * bridge's sampler would have.
 */
public final class SimulatedBridge implements AutoCloseable {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /**
     * Unpaced, frames wait while this many are uncommitted: well inside the client's default 16 MB
     * buffer.
     */
    private static final int PACE_FRAMES = 8_000;

    private final IngestClient client;
    private final Thread feeder;
    private volatile long offered;
    private volatile boolean finished;
    private volatile boolean stopping;

    private SimulatedBridge(IngestClient client, Iterator<TelemetryFrame> frames, double speed) {
        this.client = client;
        this.feeder = new Thread(() -> feed(frames, speed), "simulated-bridge");
        this.feeder.setDaemon(true);
    }

    /**
     * Starts streaming {@code frames} to the server {@code options} names; {@code speed} 1 is real
     * time, 10 ten times faster, {@code Double.POSITIVE_INFINITY} as fast as the client takes them
     * without evicting.
     */
    public static SimulatedBridge start(
            Iterator<TelemetryFrame> frames,
            double speed,
            IngestOptions options,
            Consumer<String> events)
            throws IOException {
        if (!(speed > 0)) throw new IllegalArgumentException("speed must be positive: " + speed);
        SimulatedBridge bridge =
                new SimulatedBridge(IngestClient.start(options, events), frames, speed);
        bridge.feeder.start();
        return bridge;
    }

    private void feed(Iterator<TelemetryFrame> frames, double speed) {
        long start = System.nanoTime();
        long first = Long.MIN_VALUE;
        while (!stopping && frames.hasNext()) {
            TelemetryFrame f = frames.next();
            if (first == Long.MIN_VALUE) first = f.getMonotonicNs();
            if (Double.isInfinite(speed)) {
                while (client.buffered() > PACE_FRAMES && !stopping)
                    LockSupport.parkNanos(TICK_NANOS);
            } else {
                long due = start + (long) ((f.getMonotonicNs() - first) / speed);
                long early = due - System.nanoTime();
                if (early > TICK_NANOS) LockSupport.parkNanos(early);
            }
            client.offer(f);
            offered++;
        }
        finished = true;
    }

    /** Frames handed to the client so far. */
    public long offered() {
        return offered;
    }

    /** True once every frame was handed to the client. */
    public boolean finished() {
        return finished;
    }

    public DeliveryStats stats() {
        return client.stats();
    }

    /**
     * Waits until every frame was offered and the server committed all of them; false if that did
     * not happen within {@code timeout}.
     */
    public boolean awaitCommitted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(finished && client.buffered() == 0)) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
        }
        return true;
    }

    /**
     * Stops feeding, then closes the client (which gives the server its drain timeout to commit the
     * rest).
     */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        feeder.join(5_000);
        client.close();
    }
}
