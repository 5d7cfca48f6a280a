package io.actelemetry.job.laps;

import io.actelemetry.proto.v1.AcSessionType;

/** What a racer calls a session type ({@link LapRow#sessionType}). */
public final class SessionTypes {
    private SessionTypes() {}

    public static String label(Integer type) {
        if (type == null) return "session";
        return switch (type) {
            case AcSessionType.AC_SESSION_TYPE_PRACTICE_VALUE -> "practice";
            case AcSessionType.AC_SESSION_TYPE_QUALIFY_VALUE -> "qualify";
            case AcSessionType.AC_SESSION_TYPE_RACE_VALUE -> "race";
            case AcSessionType.AC_SESSION_TYPE_HOTLAP_VALUE -> "hotlap";
            case AcSessionType.AC_SESSION_TYPE_TIME_ATTACK_VALUE -> "time attack";
            case AcSessionType.AC_SESSION_TYPE_DRIFT_VALUE -> "drift";
            case AcSessionType.AC_SESSION_TYPE_DRAG_VALUE -> "drag";
            default -> "session";
        };
    }
}
