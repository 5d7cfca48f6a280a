package io.actelemetry.job.laps;

/**
 * Everything {@link LapTracker} remembers about one (session, car): at most two laps (the one being
 * driven and the one waiting for its official time), one open mini-sector, the previous sample and
 * the session's bests. Its size does not depend on the session's length. A Flink POJO, so keyed
 * state stores it without Kryo.
 */
public class TrackerState {
    public long frames;
    public long outOfOrderFrames;

    /** Whether the lap fields can be trusted; the rows held while that is open. */
    public LapFieldEvidence fields = new LapFieldEvidence();

    public HeldRows held = new HeldRows();

    public String sessionId;
    public String carId;
    public String driver;
    public String carModel;
    public String track;
    public String trackLayout;

    /** A driving sample was seen in the current run; {@link #prev} holds the last one. */
    public boolean inRun;

    /** No pause, replay or menu since {@link #prev}. */
    public boolean continuous;

    public LastSample prev = new LastSample();
    public boolean brakeOn;
    public int run;

    /**
     * The usual time between samples, for telling a gap from the producer's rate when there are no
     * packetIds.
     */
    public long typicalDtNs;

    /**
     * The packetIds usually skipped between two samples: none from the bridge, dozens from a 10 Hz
     * logger.
     */
    public int typicalMissing;

    /**
     * The lap counter has shown a lap: the producer carries it (some logs have only the clock and
     * the spline).
     */
    public boolean counterMoved;

    /**
     * A line crossing was placed at a clock reset, and the counter step that belongs to it may come
     * until then.
     */
    public long counterDueNs;

    /**
     * A line crossing was placed at a counter step, and the clock reset that belongs to it comes at
     * this sample.
     */
    public long clockResetDueNs;

    /**
     * When the last-lap time last changed, and its value before: it can change just before the
     * line.
     */
    public long lastLapChangedNs;

    /** When the lap clock last changed: one that stands still while live is a stalled game. */
    public long clockChangedNs;

    public int lastLapBefore;

    public LapAcc current;
    public LapAcc pending;
    public SegmentAcc mini;

    /** Whose is the open mini-sector: {@link #NOBODY} until the car passes its middle. */
    public int miniOwner;

    public int lapsEmitted;

    /** Best valid flying lap of the session, 0 while none. */
    public int bestLapMs;

    /** Best valid time per sector / mini-sector, 0 where none yet. */
    public int[] bestSectorMs = new int[0];

    public int[] bestMiniMs = new int[0];

    /** Sectors of the track as the static page gives them (0 = unknown). */
    public int sectorCount;

    /** The track's spline length as the static page gave it (0 while none was plausible). */
    public float splineLengthM;

    static final int NOBODY = 0;
    static final int CURRENT = 1;
    static final int PENDING = 2;

    public TrackerState() {}
}
