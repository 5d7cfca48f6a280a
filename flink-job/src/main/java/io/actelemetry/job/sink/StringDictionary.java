package io.actelemetry.job.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.api.Binary;

/**
 * A string column's pages in one column chunk, dictionary-encoded as parquet's v1 writer does
 * (PLAIN_DICTIONARY pages of RLE / bit-packed ids, the dictionary page at the chunk's end). The
 * frames table's strings (session, car, track, driver...) hardly ever change, so a value equal to
 * the previous row's costs one byte comparison, not a hash lookup. A chunk whose dictionary
 * outgrows {@link #MAX_BYTES} writes its remaining pages PLAIN.
 */
final class StringDictionary {
    /** Parquet's default dictionary page size limit. */
    static final int MAX_BYTES = 1024 * 1024;

    private final Map<Binary, Integer> ids = new HashMap<>();
    private final List<Binary> values = new ArrayList<>();
    private long bytes;
    private Encoding lastEncoding;

    /** Encodes one page of strings ({@code null} is ""), and adds them to {@code stats}. */
    BytesInput page(Object[] refs, int n, Statistics<?> stats) throws IOException {
        // no values and no dictionary yet (an optional column's page of nulls): a page that names
        // a dictionary the chunk may never get is unreadable, an empty PLAIN one is not
        if (bytes > MAX_BYTES || (n == 0 && values.isEmpty())) return plain(refs, n, stats);
        int[] page = new int[n];
        Binary previous = null;
        int previousId = 0;
        for (int i = 0; i < n; i++) {
            Binary v = refs[i] == null ? Binary.EMPTY : (Binary) refs[i];
            if (v != previous && !v.equals(previous)) {
                previous = v;
                previousId = ids.computeIfAbsent(v, this::add);
                stats.updateStats(v); // a repeat changes neither min nor max
            }
            page[i] = previousId;
        }
        int width = BytesUtils.getWidthFromMaxInt(values.size() - 1);
        RunLengthBitPackingHybridEncoder encoded =
                new RunLengthBitPackingHybridEncoder(
                        width, 64, 64 * 1024, HeapByteBufferAllocator.getInstance());
        for (int id : page) encoded.writeInt(id);
        lastEncoding = Encoding.PLAIN_DICTIONARY;
        return BytesInput.concat(BytesInput.from(new byte[] {(byte) width}), encoded.toBytes());
    }

    /** The encoding of the last page. */
    Encoding encoding() {
        return lastEncoding;
    }

    /**
     * The chunk's dictionary page (null if no page used it), and a fresh dictionary for the next
     * chunk.
     */
    DictionaryPage endChunk() {
        if (values.isEmpty()) return null;
        ByteArrayOutputStream plain = new ByteArrayOutputStream((int) bytes + 4 * values.size());
        for (Binary v : values) writePlain(plain, v);
        DictionaryPage page =
                new DictionaryPage(
                        BytesInput.from(plain.toByteArray()),
                        values.size(),
                        Encoding.PLAIN_DICTIONARY);
        ids.clear();
        values.clear();
        bytes = 0;
        return page;
    }

    private Integer add(Binary v) {
        values.add(v.copy());
        bytes += v.length();
        return values.size() - 1;
    }

    private BytesInput plain(Object[] refs, int n, Statistics<?> stats) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 16);
        for (int i = 0; i < n; i++) {
            Binary v = refs[i] == null ? Binary.EMPTY : (Binary) refs[i];
            writePlain(out, v);
            stats.updateStats(v);
        }
        lastEncoding = Encoding.PLAIN;
        return BytesInput.from(out.toByteArray());
    }

    private static void writePlain(ByteArrayOutputStream out, Binary v) {
        int n = v.length();
        out.write(n);
        out.write(n >>> 8);
        out.write(n >>> 16);
        out.write(n >>> 24);
        out.writeBytes(v.getBytesUnsafe());
    }
}
