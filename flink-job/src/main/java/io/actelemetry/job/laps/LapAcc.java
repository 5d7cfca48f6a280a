package io.actelemetry.job.laps;

import io.actelemetry.job.traces.TraceSamples;

/**
 * Running aggregates of one lap while it is driven (and while it waits for the game's lap time):
 * sums, extremes and one slot per sector and mini-sector, never a list of frames. A Flink POJO in
 * keyed state.
 */
public class LapAcc {
    public int run;
    public int lapNumber;
    public int sessionType;
    public boolean startedAtLine;
    public boolean endedAtLine;
    public boolean startedInPitLane;
    public boolean endedInPitLane;
    public boolean visitedPitLane;

    /** The game's lap clock has stood at zero since the lap began (before a rolling start). */
    public boolean clockStood;

    public long startNs;
    public long startEventMs;
    public long endEventMs;
    public long pausedNs;

    /** Whole-lap driving statistics, shared with segments. */
    public SegmentAcc all = new SegmentAcc();

    public long coastingNs;
    public float peakLateralG;
    public float peakLongitudinalG;
    public int gearChanges;
    public double distanceM;
    public double fuelUsedL;
    public float fuelEndL;

    /** Core temperature x driving ns, FL FR RL RR. */
    public double[] tyreTempNs = new double[4];

    public float[] tyrePressureEndPsi = new float[4];
    public int maxTyresOut;
    public long offTrackNs;
    public int sampleGaps;
    public int missingSamples;

    /**
     * Samples whose value of each kind was replaced as impossible or glitched ({@link Glitches}).
     */
    public int ignoredCounter;

    public int ignoredClock;
    public int ignoredLastLap;
    public int ignoredSpline;
    public int ignoredPosition;
    public int ignoredNonFinite;

    /** The game's sectors, by index; the open one is {@link #openSector}. */
    public SegmentAcc[] sectors = new SegmentAcc[0];

    public int openSector;

    /**
     * A sector whose game split is awaited (-1 none), the split value before it, and the driving
     * time waited.
     */
    public int sectorWait = -1;

    public int sectorBaseline;
    public long sectorWaitedNs;

    /** Mini-sectors driven whole in this lap, by index (null where not). */
    public SegmentAcc[] minis = new SegmentAcc[0];

    /**
     * After the line: the game's last-lap time before the line, the official time once it changed,
     * and the driving time waited.
     */
    public int lastLapBaseline;

    public int officialMs;
    public long waitedNs;

    /** What the lap's trace is made of. */
    public TraceSamples trace = new TraceSamples();

    public LapAcc() {}

    SegmentAcc sector(int index) {
        if (index >= sectors.length) {
            SegmentAcc[] grown = new SegmentAcc[index + 1];
            System.arraycopy(sectors, 0, grown, 0, sectors.length);
            sectors = grown;
        }
        if (sectors[index] == null) sectors[index] = new SegmentAcc();
        return sectors[index];
    }
}
