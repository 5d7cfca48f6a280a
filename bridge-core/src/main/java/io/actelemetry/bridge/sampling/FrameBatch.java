package io.actelemetry.bridge.sampling;

import io.actelemetry.bridge.mapping.FrameMapper;
import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.function.Consumer;

/**
 * Steps copied from the game but not yet decoded, mapped and handed on. Only the copy has to happen
 * within its step (the game overwrites the page 3 ms later). Decoding, mapping, serializing and
 * queueing a frame run through a lot of code and data, none of which is left in the CPU's caches
 * after the sampler's sleep between two steps: done for a batch of steps in a row, that cost is
 * paid once per batch rather than once per step (about 3 times less CPU per frame measured).
 */
final class FrameBatch {

    /** Steps per batch at most: 96 ms of driving, well under the stream's 250 ms send interval. */
    static final int CAPACITY = 32;

    private final byte[][] physics = new byte[CAPACITY][Page.PHYSICS.size()];
    private final int[] physicsLength = new int[CAPACITY];
    private final GraphicsPage[] graphics = new GraphicsPage[CAPACITY];
    private final Static[] stat = new Static[CAPACITY];
    private final SampleState[] state = new SampleState[CAPACITY];
    private final long[] captureUnixNs = new long[CAPACITY];
    private final long[] monotonicNs = new long[CAPACITY];
    private int size;

    /** Adds one frame's pages and times; the physics bytes are copied, the rest is immutable. */
    void add(
            byte[] physicsPage,
            int length,
            GraphicsPage graphicsPage,
            Static staticMessage,
            SampleState as,
            long unixNs,
            long monoNs) {
        System.arraycopy(physicsPage, 0, physics[size], 0, length);
        physicsLength[size] = length;
        graphics[size] = graphicsPage;
        stat[size] = staticMessage;
        state[size] = as;
        captureUnixNs[size] = unixNs;
        monotonicNs[size] = monoNs;
        size++;
    }

    boolean full() {
        return size == CAPACITY;
    }

    /** How long the oldest frame has waited at {@code monoNs}; 0 when empty. */
    long waited(long monoNs) {
        return size == 0 ? 0 : monoNs - monotonicNs[0];
    }

    /**
     * Decodes, maps and hands on every frame of the batch, oldest first; the batch is empty after.
     */
    void drain(FrameMapper mapper, Consumer<TelemetryFrame> sink) {
        int n = size;
        size = 0;
        for (int i = 0; i < n; i++) {
            PhysicsPage page = PhysicsPage.decode(physics[i], physicsLength[i]);
            TelemetryFrame frame =
                    mapper.map(
                            page, graphics[i], stat[i], state[i], captureUnixNs[i], monotonicNs[i]);
            graphics[i] = null;
            stat[i] = null;
            sink.accept(frame);
        }
    }
}
