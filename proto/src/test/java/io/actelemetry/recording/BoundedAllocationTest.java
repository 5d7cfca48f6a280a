package io.actelemetry.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A length prefix is only a claim: a damaged one that claims megabytes in a small file must not
 * make the reader allocate them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedAllocationTest {

    private static final long MIB = 1 << 20;

    @ParameterizedTest
    @ValueSource(
            longs = {
                15 * MIB, // under RecordingReader.MAX_RECORD_BYTES: a length the reader accepts
                16 * MIB,
                16 * MIB + 1, // over it
                0xffff_ffffL,
                Long.MAX_VALUE, // the longest varint there is
                -1L
            })
    void aBogusPrefixClaimingAHugeLengthAllocatesNoMoreThanTheFileNeeds(long claimed)
            throws IOException {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(40, 41);
        byte[] plain = GzipBytes.delimited(frames.subList(0, 20));
        byte[] bogus = new OriginalFormatTest.Bytes().rawVarint(claimed).toByteArray();
        byte[] rest = GzipBytes.delimited(frames.subList(20, 40));
        byte[] intact = GzipBytes.gzip(GzipBytes.concat(plain, rest));
        byte[] damaged = GzipBytes.gzip(GzipBytes.concat(plain, bogus, rest));

        // Warm-up, so that what is measured is the reader's allocation, not the JIT's.
        for (int i = 0; i < 3; i++) {
            Allocations.ofReading(intact);
            Allocations.ofReading(damaged);
        }
        long baseline = Allocations.ofReading(intact);
        long allocated = Allocations.ofReading(damaged);

        long bound = 3 * baseline + 2 * MIB;
        // The bound must be one an allocation of the claimed length would break.
        assertThat(bound).isLessThan(15 * MIB);
        assertThat(allocated)
                .as("bytes allocated reading a small file with a prefix claiming %d", claimed)
                .isLessThan(bound);
        try (RecordingReader reader =
                RecordingReader.of(
                        new ByteArrayInputStream(damaged),
                        "damaged.pb.gz",
                        RecordingReader.OnCorruption.SKIP)) {
            assertThat(RecordingRoundTripTest.readAll(reader)).isEqualTo(frames);
            assertThat(reader.skipped()).hasSize(1);
        }
    }
}
