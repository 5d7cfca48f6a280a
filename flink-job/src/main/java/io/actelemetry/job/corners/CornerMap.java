package io.actelemetry.job.corners;

/**
 * The corners of one track layout, found once ({@link CornerFinder}) and then used for every lap of
 * that layout: each corner a window of the lap, as fractions of its length (0 at the line, 1 at the
 * next), so the same windows measure laps whose distance differs by a few metres. Numbered 1, 2,
 * ... along the lap. A Flink POJO.
 */
public class CornerMap {
    public String track;
    public String trackLayout;

    /** How the corners were found: {@code path} (the car's coordinates) or {@code lateral}. */
    public String source;

    /** The lap they were found on, {@code session:car:lap}. */
    public String foundOn;

    /** Per corner, in order along the lap: window start, apex, window end (fractions). */
    public float[] entry;

    public float[] apex;
    public float[] exit;

    public CornerMap() {}

    public int corners() {
        return entry == null ? 0 : entry.length;
    }
}
