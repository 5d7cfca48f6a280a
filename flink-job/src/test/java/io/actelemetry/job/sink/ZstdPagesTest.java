package io.actelemetry.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/**
 * Pages compressed through one reused context are each a standard ZSTD frame of exactly their
 * bytes.
 */
class ZstdPagesTest {

    private final ZstdPages zstd = new ZstdPages();

    @Test
    void pagesOfChangingSizesEachDecompressToTheirOwnBytes() throws IOException {
        // a large page, then smaller ones: the reused buffers must not leak a previous page's tail
        // into the next
        for (int rows : new int[] {8192, 300, 8192, 1, 4000}) {
            byte[] levels = {3, 0, 0, 0, 1, 7};
            byte[] values = speeds(rows, rows);
            BytesInput compressed =
                    zstd.compress(
                            BytesInput.concat(BytesInput.from(levels), BytesInput.from(values)));

            byte[] frame = compressed.toByteArray();
            byte[] expected =
                    BytesInput.concat(BytesInput.from(levels), BytesInput.from(values))
                            .toByteArray();
            assertThat(Zstd.getFrameContentSize(frame)).isEqualTo(expected.length);
            assertThat(Zstd.decompress(frame, expected.length)).isEqualTo(expected);
        }
    }

    @Test
    void compressesAsParquetsOwnZstdDoes() throws IOException {
        byte[] rpm = new byte[8192 * 4];
        ByteBuffer page = ByteBuffer.wrap(rpm).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8192; i++)
            page.putFloat(3000 + 10 * (i / 40)); // a gear's climb, a float a step
        CodecFactory parquets = new CodecFactory(new PlainParquetConfiguration(), 1 << 20);
        try {
            long theirs =
                    parquets.getCompressor(CompressionCodecName.ZSTD)
                            .compress(BytesInput.from(rpm))
                            .size();
            long ours = zstd.compress(BytesInput.from(rpm)).size();
            assertThat(ours).isLessThan(rpm.length / 10).isCloseTo(theirs, withinPercentage(5));
        } finally {
            parquets.release();
        }
    }

    @Test
    void itIsParquetsZstdAndWorksAgainAfterRelease() throws IOException {
        assertThat(zstd.getCodecName()).isEqualTo(CompressionCodecName.ZSTD);
        byte[] values = speeds(100, 2);
        zstd.compress(BytesInput.from(values));
        zstd.release();
        zstd.release(); // twice is harmless: a writer may be finished after a failed finish
        byte[] again = zstd.compress(BytesInput.from(values)).toByteArray();
        assertThat(Zstd.decompress(again, values.length)).isEqualTo(values);
        zstd.release();
    }

    /**
     * A speed trace as a PLAIN float page: smooth with a little noise, as the frames table's
     * columns are.
     */
    private static byte[] speeds(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer page = ByteBuffer.allocate(rows * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows; i++)
            page.putFloat((float) (150 + 80 * Math.sin(i / 500.0) + random.nextDouble(0.05)));
        return page.array();
    }
}
