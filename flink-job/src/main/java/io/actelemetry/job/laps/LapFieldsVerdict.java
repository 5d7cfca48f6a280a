package io.actelemetry.job.laps;

/**
 * Which way the lap fields of one (session, car) went, and why ({@link LapFieldEvidence}): one row
 * of the {@code lap_fields} table. Without trusted lap fields the key's frames give no laps. A
 * Flink POJO.
 */
public class LapFieldsVerdict {
    public String sessionId;
    public String carId;

    /** The format version of the key's first driving frame (0: the original contract). */
    public int formatVersion;

    public boolean trusted;
    public String reason;

    /** The key's frames when it was decided. */
    public long frames;

    public LapFieldsVerdict() {}

    @Override
    public String toString() {
        return "session "
                + sessionId
                + (carId == null || carId.isEmpty() ? "" : " car " + carId)
                + ": lap fields "
                + (trusted ? "trusted" : "not trusted")
                + " ("
                + reason
                + "), format "
                + formatVersion
                + ", "
                + frames
                + " frames";
    }
}
