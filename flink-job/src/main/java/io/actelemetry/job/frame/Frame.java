package io.actelemetry.job.frame;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One telemetry sample inside the job: flat public fields, carried by Flink with {@link
 * FrameSerializer} (never Kryo). Built from a {@code TelemetryFrame} by {@link FrameConverter};
 * channels the job does not compute on stay in {@link #raw} for the {@code frames} table.
 */
@TypeInfo(FrameTypeInfo.Factory.class)
public class Frame implements Cloneable {
    // identity and time
    /** TelemetryFrame.session_id. */
    public String sessionId;

    /** car_id, "" for the single player car. */
    public String carId;

    public String game;

    /** 1, 2, 3... per session; 0 = not set (original bridge). */
    public long sequence;

    /** Host steady clock: use it for durations inside a session. */
    public long monotonicNs;

    /** Wall clock, 0 = not set (original bridge). */
    public long captureUnixNs;

    /** captureUnixNs/1e6 when set, else monotonicNs/1e6: Flink event time. */
    public long eventTimeMs;

    /**
     * FormatVersion number: 0 = original bridge (graphics/static untrustworthy), 2 = this project.
     */
    public int formatVersion;

    /** SampleState number (0 unknown, 1 live, 2 paused, 3 replay, 4 off). */
    public int state;

    // static page
    public String carModel;
    public String track;
    public String trackConfiguration;

    /** "name surname", else nick, else "". */
    public String driver;

    public int sectorCount;
    public float trackSplineLengthM;
    public float maxFuelL;

    // graphics page
    /** AcStatus number (0 off, 1 replay, 2 live, 3 pause). */
    public int status;

    /** AcSessionType number (-1 unknown, 0 practice, 1 qualify, 2 race, 3 hotlap...). */
    public int sessionType;

    public int completedLaps;
    public int position;
    public int currentLapMs;
    public int lastLapMs;
    public int bestLapMs;
    public int currentSectorIndex;
    public int lastSectorTimeMs;

    /** AcFlag number (0 none, 1 blue, 2 yellow...). */
    public int flag;

    public float normalizedCarPos;
    public float distanceTraveledM;
    public boolean inPit;
    public boolean inPitLane;

    /** car_coordinates, world m. */
    public float posX;

    public float posY;
    public float posZ;

    // physics page
    public int packetId;

    /** Conventional: -1 R, 0 N, 1 first (legacy raw value converted). */
    public int gear;

    public float speedKmh;
    public float gas;
    public float brake;
    public float clutch;

    /** -1..1 (legacy value x180). */
    public float steer;

    public float rpm;

    /** acc_g x, y, z. */
    public float accLatG;

    public float accVertG;
    public float accLonG;
    public float fuelL;
    public int tyresOut;
    public boolean aiControlled;
    public boolean pitLimiterOn;

    /** FL, FR, RL, RR. */
    public float[] tyreCoreTempC;

    /** FL, FR, RL, RR. */
    public float[] tyrePressurePsi;

    /**
     * The frame as received, serialized, for the raw {@code frames} table (every channel, flattened
     * there).
     */
    public byte[] raw;

    public Frame() {}

    /**
     * This frame without {@link #raw}, for consumers that have no use for it: a shallow copy, this
     * one untouched.
     */
    public Frame withoutRaw() {
        try {
            Frame copy = (Frame) clone();
            copy.raw = null;
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e); // Cloneable
        }
    }

    @Override
    public String toString() {
        return "Frame{"
                + sessionId
                + "/"
                + carId
                + " #"
                + sequence
                + " t="
                + eventTimeMs
                + "ms lap="
                + completedLaps
                + " pos="
                + normalizedCarPos
                + "}";
    }
}
