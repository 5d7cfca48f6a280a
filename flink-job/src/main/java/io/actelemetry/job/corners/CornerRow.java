package io.actelemetry.job.corners;

/**
 * One corner, or the straight after it, of one lap against the reference lap: a row of the {@code
 * corners} table, a Flink POJO. The windows come from the layout's {@link CornerMap}; the straights
 * fill the rest of the lap (straight 0 from the line to corner 1, straight {@code k} from corner
 * {@code k} to the next corner or to the line), so the {@link #timeLostMs} of all of a lap's rows
 * add up to its gap to the reference exactly.
 */
public class CornerRow {
    public static final String CORNER = "corner";
    public static final String STRAIGHT = "straight";

    public String sessionId;
    public String carId;
    public int lapIndex;

    /** {@link #CORNER} or {@link #STRAIGHT}. */
    public String kind;

    /** 1, 2, ... along the lap; for a straight, the corner before it (0: from the line). */
    public int corner;

    /** Where the window starts and ends on this lap, m. */
    public float startM;

    public float endM;

    /** For a corner: where this lap was slowest in the window. */
    public Float apexDistanceM;

    public float entrySpeedKmh;
    public float minSpeedKmh;
    public float exitSpeedKmh;

    /** For a corner: where the brake first went on in the window; null without braking. */
    public Float brakePointM;

    /** For a corner: where the throttle came back after the slowest point; null if it did not. */
    public Float throttleOnM;

    /** Time through the window. */
    public int timeMs;

    /** The change of delta across the window: time lost to the reference (negative: gained). */
    public Integer timeLostMs;

    public Integer referenceLapIndex;

    public CornerRow() {}
}
