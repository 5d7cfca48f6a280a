package io.actelemetry.bridge.mapping;

import com.google.protobuf.ByteString;
import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;

/**
 * Decoded pages to {@link TelemetryFrame}s of one session: sequence numbers 1, 2, 3... without
 * gaps, the game name, the car id, and the current format version. Values outside their usual range
 * are flagged by {@link RangeCheck} and passed on.
 */
public final class FrameMapper {

    public static final String GAME = "assetto_corsa";

    private static final ByteString GAME_UTF8 = ProtoValues.utf8(GAME);

    private final String sessionId;
    private final String carId;
    private final ByteString sessionIdUtf8;
    private final ByteString carIdUtf8;
    private final RangeCheck rangeCheck = new RangeCheck();
    private long sequence;
    private GraphicsPage mappedGraphics;
    private Graphics mappedGraphicsMessage;

    public FrameMapper(String sessionId, String carId) {
        this.sessionId = sessionId;
        this.carId = carId == null ? "" : carId;
        this.sessionIdUtf8 = ProtoValues.utf8(sessionId);
        this.carIdUtf8 = ProtoValues.utf8(this.carId);
    }

    /**
     * One frame from one consistent sample. {@code stat} is the session's static message (see
     * {@link StaticMapper}), shared by every frame until the static page is read again.
     */
    public TelemetryFrame map(
            PhysicsPage physics,
            GraphicsPage graphics,
            Static stat,
            SampleState state,
            long captureUnixNs,
            long monotonicNs) {
        rangeCheck.check(physics, graphics);
        return TelemetryFrame.newBuilder()
                .setMonotonicNs(monotonicNs)
                .setGameBytes(
                        GAME_UTF8) // texts as UTF-8 bytes: serialized without encoding them again
                .setSessionIdBytes(sessionIdUtf8)
                .setPhysics(PhysicsMapper.map(physics))
                .setGraphics(graphics(graphics, physics))
                .setStat(stat)
                .setSequence(++sequence)
                .setCaptureUnixNs(captureUnixNs)
                .setCarIdBytes(carIdUtf8)
                .setFormatVersion(FormatVersion.FORMAT_VERSION_CURRENT_VALUE)
                .setState(state)
                .build();
    }

    /**
     * The same graphics page repeats over several physics samples: map it once, then vary the
     * delta.
     */
    private Graphics graphics(GraphicsPage graphics, PhysicsPage physics) {
        if (graphics != mappedGraphics) {
            mappedGraphics = graphics;
            mappedGraphicsMessage = GraphicsMapper.map(graphics, physics);
            return mappedGraphicsMessage;
        }
        if (mappedGraphicsMessage.getDeltaLapS() == physics.performanceMeter()) {
            return mappedGraphicsMessage;
        }
        return mappedGraphicsMessage.toBuilder().setDeltaLapS(physics.performanceMeter()).build();
    }

    public String sessionId() {
        return sessionId;
    }

    /** Sequence number of the last frame mapped; 0 before the first. */
    public long lastSequence() {
        return sequence;
    }

    public RangeCheck rangeCheck() {
        return rangeCheck;
    }
}
