package io.actelemetry.job.laps;

/** A key whose frames carried no usable lap data (the original bridge's graphics fields are unreliable). */
public class NoLapData {
    public String sessionId;
    public String carId;
    public long frames;
    public String reason;

    public NoLapData() {}

    public NoLapData(String sessionId, String carId, long frames, String reason) {
        this.sessionId = sessionId;
        this.carId = carId;
        this.frames = frames;
        this.reason = reason;
    }

    @Override
    public String toString() {
        return "session " + sessionId + (carId == null || carId.isEmpty() ? "" : " car " + carId) + ": " + frames
                + " frames, no usable lap data (" + reason + ")";
    }
}
