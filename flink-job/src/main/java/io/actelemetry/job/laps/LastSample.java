package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;

/**
 * The previous good driving sample: what the tracker compares the next frame with. A Flink POJO.
 */
public class LastSample {
    public long monoNs;
    public long eventMs;
    public float spline;

    /** When {@link #spline} was first seen: the graphics page repeats it between render frames. */
    public long splineSinceNs;

    public float speedKmh;
    public float gas;
    public float brake;
    public float steer;
    public float rpm;
    public float accLatG;
    public float accLonG;
    public float x;
    public float y;
    public float z;
    public int completedLaps;
    public int currentLapMs;
    public int lastLapMs;
    public int lastSectorTimeMs;
    public int packetId;
    public int gear;
    public float fuelL;
    public boolean inPitLane;

    /**
     * The sample's own arrays (frames are not changed once tracked): what a bad value is replaced
     * with.
     */
    public float[] tyreCoreTempC;

    public float[] tyrePressurePsi;

    public LastSample() {}

    void set(Frame f) {
        monoNs = f.monotonicNs;
        eventMs = f.eventTimeMs;
        if (f.normalizedCarPos != spline || splineSinceNs == 0) splineSinceNs = f.monotonicNs;
        spline = f.normalizedCarPos;
        speedKmh = f.speedKmh;
        gas = f.gas;
        brake = f.brake;
        steer = f.steer;
        rpm = f.rpm;
        accLatG = f.accLatG;
        accLonG = f.accLonG;
        x = f.posX;
        y = f.posY;
        z = f.posZ;
        completedLaps = f.completedLaps;
        currentLapMs = f.currentLapMs;
        lastLapMs = f.lastLapMs;
        lastSectorTimeMs = f.lastSectorTimeMs;
        packetId = f.packetId;
        gear = f.gear;
        fuelL = f.fuelL;
        inPitLane = f.inPitLane;
        tyreCoreTempC = f.tyreCoreTempC;
        tyrePressurePsi = f.tyrePressurePsi;
    }
}
