package io.actelemetry.recording;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates, from the JVM's own per-thread counter. */
final class Allocations {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {}

    @FunctionalInterface
    interface IoRunnable {
        void run() throws IOException;
    }

    static long of(IoRunnable work) throws IOException {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
        THREADS.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(id);
        work.run();
        return THREADS.getThreadAllocatedBytes(id) - before;
    }

    /** What opening {@code gz} in SKIP mode and reading it to its end allocates. */
    static long ofReading(byte[] gz) throws IOException {
        return of(
                () -> {
                    try (RecordingReader reader =
                            RecordingReader.of(
                                    new ByteArrayInputStream(gz),
                                    "damaged.pb.gz",
                                    RecordingReader.OnCorruption.SKIP)) {
                        for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) {
                            // read only
                        }
                    }
                });
    }
}
