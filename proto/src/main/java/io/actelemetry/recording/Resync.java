package io.actelemetry.recording;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.actelemetry.proto.v1.TelemetryFrame;

/**
 * Where records start again after a broken one. A position is taken only when several records in a
 * row parse from it, each of a plausible length and each a frame with something a frame always has
 * and nothing this contract does not know, or when the input ends on or inside a record after at
 * least one of them: a run of zeros or a sub-message inside a frame's bytes also parses as records,
 * several such in a row do not.
 */
final class Resync {

    /** Records that must parse in a row before a position is trusted. */
    static final int RECORDS = 4;

    private static final int MIN_LENGTH_LIMIT = 64 * 1024;

    /** The wire type of each top-level field of the contract by number; -1 where none. */
    private static final int[] WIRE_TYPES = wireTypes();

    private Resync() {}

    /**
     * Whether a record's top-level fields are all the contract's, each with its wire type, and end
     * with the record: true of every frame this contract writes, and cheap (nested messages are
     * skipped, not parsed). A record whose length prefix was damaged so that it swallowed the next
     * records, or stops inside one, almost never is.
     */
    static boolean hasFrameShape(byte[] buf, int offset, int length) {
        return hasShape(buf, offset, length, false);
    }

    /**
     * The shape check, with fields numbered beyond the contract's allowed ({@code newer}: they may
     * be a newer contract's) or not.
     */
    private static boolean hasShape(byte[] buf, int offset, int length, boolean newer) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int tag = buf[i++];
            if (tag < 0) {
                if (!newer) {
                    return false; // a two-byte tag: a field number beyond the contract's
                }
                int stop = Math.min(end, i + 4);
                while (i < stop && buf[i] < 0) i++;
                if (i == stop) return false;
                tag = (tag & 0x7f) | (buf[i++] << 7); // the number only needs to be large
            }
            int field = tag >>> 3;
            int wireType = tag & 7;
            boolean known = field < WIRE_TYPES.length;
            if (known ? WIRE_TYPES[field] != wireType : !newer || field == 0) {
                return false;
            }
            switch (wireType) {
                case WireFormat.WIRETYPE_VARINT -> {
                    int stop = Math.min(end, i + 10);
                    while (i < stop && buf[i] < 0) i++;
                    if (i == stop) return false;
                    i++;
                }
                case WireFormat.WIRETYPE_FIXED64 -> i += 8;
                case WireFormat.WIRETYPE_FIXED32 -> i += 4;
                case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    long n = 0;
                    for (int shift = 0; ; shift += 7) {
                        if (i == end || shift > 28) return false;
                        int b = buf[i++];
                        n |= (long) (b & 0x7f) << shift;
                        if (b >= 0) break;
                    }
                    if (n > end - i) return false;
                    i += (int) n;
                }
                default -> {
                    return false;
                }
            }
        }
        return i == end;
    }

    private static int[] wireTypes() {
        int max = 0;
        for (FieldDescriptor f : TelemetryFrame.getDescriptor().getFields()) {
            max = Math.max(max, f.getNumber());
        }
        int[] types = new int[max + 1];
        java.util.Arrays.fill(types, -1);
        for (FieldDescriptor f : TelemetryFrame.getDescriptor().getFields()) {
            types[f.getNumber()] = f.getLiteType().getWireType();
        }
        return types;
    }

    /**
     * The longest record a resync accepts: well above any record read so far, far below the
     * reader's absolute limit, so that random prefixes are refused without reading megabytes.
     */
    static int lengthLimit(int largestRecordSeen) {
        return (int)
                Math.min(
                        RecordingReader.MAX_RECORD_BYTES,
                        Math.max(MIN_LENGTH_LIMIT, 4L * largestRecordSeen));
    }

    /** Bytes a check at one position may look at: {@link #RECORDS} records of the limit's size. */
    static int window(int lengthLimit) {
        return RECORDS * (lengthLimit + 5);
    }

    /**
     * Whether records start at {@code buf[at]}; {@code end} is where the input ends, or lies at
     * least a {@link #window} beyond {@code at}.
     */
    static boolean recordsStartAt(byte[] buf, int at, int end, int lengthLimit) {
        int good = 0;
        while (good < RECORDS) {
            if (at == end) {
                return good > 0;
            }
            int i = at;
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                if (i == end) {
                    return good > 0; // the input ends in this prefix
                }
                if (i - at == 5) {
                    return false;
                }
                int b = buf[i++];
                length |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (length <= 0 || length > lengthLimit) {
                return false;
            }
            if (end - i < length) {
                return good > 0; // the input ends inside this record
            }
            if (!looksLikeFrame(buf, i, length)) {
                return false;
            }
            at = i + length;
            good++;
        }
        return true;
    }

    private static boolean looksLikeFrame(byte[] buf, int offset, int length) {
        if (!hasShape(buf, offset, length, true)) {
            return false; // refused without building a frame or an exception
        }
        TelemetryFrame frame;
        try {
            frame = TelemetryFrame.parser().parseFrom(buf, offset, length);
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
        return frame.getMonotonicNs() != 0 || !frame.getSessionId().isEmpty();
    }
}
