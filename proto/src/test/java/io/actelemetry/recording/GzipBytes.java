package io.actelemetry.recording;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Byte-level building blocks for the codec's tests, made with the JDK's own gzip, not the codec.
 */
final class GzipBytes {

    private GzipBytes() {}

    /** The original framing: varint length, then the frame, back to back. */
    static byte[] delimited(List<TelemetryFrame> frames) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (TelemetryFrame f : frames) {
                f.writeDelimitedTo(out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One gzip member as the original bridge wrote it: level 6, closed cleanly. */
    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A member with an FNAME field in its header, the way the gzip command line writes one. */
    static byte[] gzipWithFileName(byte[] data, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 8, 0, 0, 0, 0, 0, 3});
        out.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] chunk = new byte[8192];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLE(out, (int) crc.getValue());
        writeIntLE(out, data.length);
        return out.toByteArray();
    }

    /** {@code bytes} with {@code [from, to)} replaced by {@code insert}. */
    static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, from);
        out.writeBytes(insert);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * How many uncompressed bytes the JDK's GZIPInputStream gets out of {@code gz} before it fails
     * or ends: the oracle for what a truncated file still holds.
     */
    static int decodablePrefix(byte[] gz) {
        int total = 0;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            byte[] buf = new byte[4096];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                total += n;
            }
        } catch (IOException e) {
            // Truncated or damaged: what was returned before this is what it held.
        }
        return total;
    }

    private static void writeIntLE(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) {
            out.write((v >>> (8 * i)) & 0xff);
        }
    }
}
