package io.actelemetry.recording;

import java.io.IOException;

/**
 * A recording that cannot be read past some point. The message names the source, where the damage
 * is, and what was read before it, so a user can tell how much of a session survived.
 */
public final class CorruptRecordingException extends IOException {

    private final String source;
    private final long compressedOffset;
    private final long lastGoodRecordEnd;
    private final long recordsBefore;

    CorruptRecordingException(
            String source,
            long compressedOffset,
            long lastGoodRecordEnd,
            long recordsBefore,
            String reason) {
        super(
                source
                        + ": corrupt recording"
                        + (compressedOffset >= 0 ? " at file byte " + compressedOffset : "")
                        + " after "
                        + recordsBefore
                        + " good record(s), the last ending at uncompressed byte "
                        + lastGoodRecordEnd
                        + ": "
                        + reason);
        this.source = source;
        this.compressedOffset = compressedOffset;
        this.lastGoodRecordEnd = lastGoodRecordEnd;
        this.recordsBefore = recordsBefore;
    }

    /** The file or stream name. */
    public String source() {
        return source;
    }

    /** Byte offset in the (compressed) file where the damage was found, or -1 when unknown. */
    public long compressedOffset() {
        return compressedOffset;
    }

    /** Offset in the uncompressed record stream just after the last good record. */
    public long lastGoodRecordEnd() {
        return lastGoodRecordEnd;
    }

    /** How many good records were read before the damage. */
    public long recordsBefore() {
        return recordsBefore;
    }
}
