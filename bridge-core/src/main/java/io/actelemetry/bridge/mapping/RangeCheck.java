package io.actelemetry.bridge.mapping;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.proto.v1.AcSessionType;
import io.actelemetry.proto.v1.AcStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags values outside what the game normally writes (content patches replace some physics values;
 * a torn or foreign page produces garbage). Flagged values are passed on unchanged, counted per
 * channel, and logged once per channel: they never stop the bridge.
 */
public final class RangeCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RangeCheck.class);

    /** Concurrent: the sampler counts while a status line reads. */
    private final Map<String, Long> flagged = new ConcurrentSkipListMap<>();

    private int flaggedInSample;

    /** Checks one sample; returns the number of channels flagged in it. */
    public int check(PhysicsPage p, GraphicsPage g) {
        flaggedInSample = 0;
        within("gas", p.gas(), -0.01, 1.01);
        within("brake", p.brake(), -0.01, 1.01);
        within("clutch", p.clutch(), -0.01, 1.01);
        within("steerAngle", p.steerAngle(), -1.05, 1.05);
        within("speedKmh", p.speedKmh(), -1, 600);
        within("fuel", p.fuel(), 0, 1000);
        within("gear", p.gear(), 0, 12);
        within("rpms", p.rpms(), 0, 30_000);
        within("accG.x", p.accG().x(), -10, 10);
        within("accG.y", p.accG().y(), -10, 10);
        within("accG.z", p.accG().z(), -10, 10);
        within("numberOfTyresOut", p.numberOfTyresOut(), 0, 4);
        within("airDensity", p.airDensity(), 0, 2);
        within("status", g.status(), AcStatus.AC_STATUS_OFF_VALUE, AcStatus.AC_STATUS_PAUSE_VALUE);
        within(
                "session",
                g.session(),
                AcSessionType.AC_SESSION_TYPE_UNKNOWN_VALUE,
                AcSessionType.AC_SESSION_TYPE_DRAG_VALUE);
        within("normalizedCarPosition", g.normalizedCarPosition(), -0.01, 1.01);
        within("completedLaps", g.completedLaps(), 0, 100_000);
        within("iCurrentTime", g.iCurrentTime(), 0, Integer.MAX_VALUE);
        return flaggedInSample;
    }

    private void within(String channel, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            flaggedInSample++;
            long count = flagged.merge(channel, 1L, Long::sum);
            if (count == 1) {
                LOG.warn(
                        "{} = {} is outside {}..{}; passed on unchanged and counted",
                        channel,
                        value,
                        min,
                        max);
            }
        }
    }

    /** Out-of-range values seen so far, per channel; safe to call from any thread. */
    public Map<String, Long> flagged() {
        return Map.copyOf(flagged);
    }
}
