package io.actelemetry.job.sink;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD for one file's pages, through one compression context for all of them. Parquet's own ZSTD
 * compressor opens a stream, and with it a fresh native context, for every page: a live job rolls a
 * file per session at each checkpoint, a few thousand rows of ~200 columns, and spent more on
 * making and freeing those contexts than on compressing. The pages are standard ZSTD frames at the
 * same level, as any Parquet reader expects.
 *
 * <p>Like parquet's compressors, the bytes returned are valid until the next call. Not thread-safe:
 * a file's writer is used by one task thread. The native context is made at the first page and
 * freed by {@link #release()}; a live job's files mostly write their pages when the checkpoint
 * finishes them, so a writer dropped by a failover has seldom made one.
 */
final class ZstdPages implements BytesInputCompressor {

    /** Parquet's default ZSTD level, as the tables were written before. */
    static final int LEVEL = 3;

    private ZstdCompressCtx context;
    private final Page page = new Page();
    private byte[] compressed = new byte[0];

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
        page.reset();
        bytes.writeAllTo(
                page); // a page is its levels and values in a few pieces: one contiguous copy
        int bound = (int) Zstd.compressBound(page.size());
        if (compressed.length < bound) compressed = new byte[bound];
        if (context == null) context = new ZstdCompressCtx().setLevel(LEVEL);
        int length =
                context.compressByteArray(
                        compressed, 0, compressed.length, page.bytes(), 0, page.size());
        return BytesInput.from(compressed, 0, length);
    }

    @Override
    public CompressionCodecName getCodecName() {
        return CompressionCodecName.ZSTD;
    }

    @Override
    public void release() {
        if (context != null) context.close();
        context = null;
    }

    /** A reusable buffer whose bytes are read in place. */
    private static final class Page extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
