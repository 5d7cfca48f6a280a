package io.actelemetry.job.laps;

/**
 * Everything {@link LapTracker} remembers about one (session, car): at most two laps (the one being driven
 * and the one waiting for its official time), one open mini-sector, the previous sample and the session's
 * bests. Its size does not depend on the session's length. A Flink POJO, so keyed state stores it without Kryo.
 */
public class TrackerState {
    public long frames;
    public long legacyFrames;
    public long outOfOrderFrames;

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

    static final int NOBODY = 0;
    static final int CURRENT = 1;
    static final int PENDING = 2;

    public TrackerState() {}
}
