package io.actelemetry.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// Every read of damaged input ends: a read that hangs fails the test instead of the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CorruptionTest {

    @TempDir Path dir;

    /**
     * What a read of damaged input ended in: every frame it gave, then its one declared outcome.
     */
    record Outcome(
            List<TelemetryFrame> frames, CorruptRecordingException error, RecordingReader reader) {}

    static Outcome read(byte[] bytes, RecordingReader.OnCorruption mode) throws IOException {
        List<TelemetryFrame> frames = new ArrayList<>();
        RecordingReader reader =
                RecordingReader.of(new ByteArrayInputStream(bytes), "damaged.pb.gz", mode);
        try (reader) {
            for (TelemetryFrame f = reader.next(); f != null; f = reader.next()) {
                frames.add(f);
            }
            return new Outcome(frames, null, reader);
        } catch (CorruptRecordingException e) {
            return new Outcome(frames, e, reader);
        }
    }

    @Test
    void randomGarbageEndsInTheDeclaredErrorNeverAnotherExceptionOrAHang() {
        SplittableRandom random = new SplittableRandom(21);
        byte[] validStart =
                GzipBytes.gzip(GzipBytes.delimited(RecordingRoundTripTest.frames(5, 22)));
        assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> {
                    for (int i = 0; i < 2_000; i++) {
                        byte[] garbage = new byte[random.nextInt(0, 4_000)];
                        random.nextBytes(garbage);
                        if (i % 2 == 0 && garbage.length > 10) {
                            // Half of them behind a real gzip header, so the inflater and framing
                            // see garbage too.
                            System.arraycopy(validStart, 0, garbage, 0, 10);
                        }
                        for (RecordingReader.OnCorruption mode :
                                RecordingReader.OnCorruption.values()) {
                            Outcome outcome = read(garbage, mode);
                            if (mode == RecordingReader.OnCorruption.SKIP) {
                                assertThat(outcome.error()).isNull();
                            }
                        }
                    }
                });
    }

    @Test
    void everyBitFlipIsEitherHarmlessOrReported() {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(30, 23);
        byte[] good = GzipBytes.gzip(GzipBytes.delimited(frames));
        SplittableRandom random = new SplittableRandom(24);
        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    int reported = 0;
                    for (int at = 0; at < good.length; at++) {
                        byte[] flipped = good.clone();
                        flipped[at] ^= (byte) (1 << random.nextInt(8));
                        Outcome outcome = read(flipped, RecordingReader.OnCorruption.FAIL);
                        if (outcome.error() != null) {
                            reported++;
                            assertThat(outcome.error().source()).isEqualTo("damaged.pb.gz");
                            assertThat(outcome.error().getMessage()).contains("corrupt recording");
                        } else if (outcome.reader().truncation().isEmpty()) {
                            // Read to a clean end: then every frame must be exactly what was
                            // written.
                            assertThat(outcome.frames())
                                    .as("flip at byte %d read clean", at)
                                    .isEqualTo(frames);
                        }
                    }
                    // Flips in the deflate data and the trailer are caught; only header bytes like
                    // MTIME are harmless.
                    assertThat(reported).isGreaterThan(good.length * 9 / 10);
                });
    }

    @Test
    void corruptionInTheMiddleNamesTheOffsetAndTheLastGoodRecord() throws IOException {
        List<TelemetryFrame> first = RecordingRoundTripTest.frames(100, 25);
        byte[] member1 = GzipBytes.gzip(GzipBytes.delimited(first));
        byte[] member2 =
                GzipBytes.gzip(GzipBytes.delimited(RecordingRoundTripTest.frames(100, 26)));
        byte[] member3 =
                GzipBytes.gzip(GzipBytes.delimited(RecordingRoundTripTest.frames(100, 27)));
        byte[] damaged = member2.clone();
        for (int i = 200; i < 260; i++) {
            damaged[i] = (byte) 0xff;
        }
        byte[] file = GzipBytes.concat(member1, damaged, member3);
        Path path = Files.write(dir.resolve("session.pb.gz"), file);

        try (RecordingReader reader = RecordingReader.open(path)) {
            List<TelemetryFrame> read = new ArrayList<>();
            assertThatThrownBy(
                            () -> {
                                for (TelemetryFrame f = reader.next();
                                        f != null;
                                        f = reader.next()) {
                                    read.add(f);
                                }
                            })
                    .isInstanceOfSatisfying(
                            CorruptRecordingException.class,
                            e -> {
                                assertThat(e.source()).isEqualTo(path.toString());
                                assertThat(e.compressedOffset())
                                        .isBetween(
                                                (long) member1.length,
                                                (long) member1.length + member2.length);
                                assertThat(e.recordsBefore()).isEqualTo(read.size());
                                assertThat(e.getMessage())
                                        .contains(path.toString())
                                        .contains("file byte " + e.compressedOffset());
                            });
            assertThat(read.subList(0, 100)).isEqualTo(first);
            // It stays failed rather than inventing more.
            assertThatThrownBy(reader::next).isInstanceOf(CorruptRecordingException.class);
        }
    }

    @Test
    void skipModePassesOverADamagedMemberAndKeepsTheRest() throws IOException {
        List<TelemetryFrame> first = RecordingRoundTripTest.frames(100, 28);
        List<TelemetryFrame> third = RecordingRoundTripTest.frames(100, 29);
        byte[] damaged =
                GzipBytes.gzip(GzipBytes.delimited(RecordingRoundTripTest.frames(100, 30)));
        for (int i = 200; i < 260; i++) {
            damaged[i] = (byte) 0xff;
        }
        byte[] file =
                GzipBytes.concat(
                        GzipBytes.gzip(GzipBytes.delimited(first)),
                        damaged,
                        GzipBytes.gzip(GzipBytes.delimited(third)));

        Outcome outcome = read(file, RecordingReader.OnCorruption.SKIP);
        assertThat(outcome.error()).isNull();
        List<TelemetryFrame> read = outcome.frames();
        assertThat(read.subList(0, 100)).isEqualTo(first);
        assertThat(read.subList(read.size() - 100, read.size())).isEqualTo(third);
        assertThat(outcome.reader().skipped()).hasSize(1);
        assertThat(outcome.reader().skipped().get(0).toString())
                .contains("damaged.pb.gz")
                .contains("skipped");
    }

    @Test
    void anAbsurdLengthPrefixInAlreadyGunzippedInputCostsItsOwnBytesAlone() throws IOException {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(20, 33);
        byte[] absurd = new OriginalFormatTest.Bytes().rawVarint(1_500_000_000L).toByteArray();
        byte[] plain =
                GzipBytes.concat(GzipBytes.delimited(frames), absurd, GzipBytes.delimited(frames));
        try (RecordingReader reader =
                RecordingReader.ofDecompressed(
                        new ByteArrayInputStream(plain),
                        "split-7",
                        RecordingReader.OnCorruption.SKIP)) {
            List<TelemetryFrame> twice = new ArrayList<>(frames);
            twice.addAll(frames);
            assertThat(RecordingRoundTripTest.readAll(reader)).isEqualTo(twice);
            assertThat(reader.skipped())
                    .singleElement()
                    .hasToString(
                            "split-7: skipped 5 byte(s) of broken records at uncompressed byte "
                                    + GzipBytes.delimited(frames).length
                                    + " after record 20: absurd record length 1500000000 at"
                                    + " uncompressed byte "
                                    + GzipBytes.delimited(frames).length
                                    + " (limit 16777216)");
        }
    }

    @Test
    void anAbsurdLengthPrefixIsRejectedNotAllocated() throws IOException {
        byte[] frame = GzipBytes.delimited(RecordingRoundTripTest.frames(1, 31));
        byte[] absurd = new OriginalFormatTest.Bytes().rawVarint(1_500_000_000L).toByteArray();
        byte[] file = GzipBytes.gzip(GzipBytes.concat(frame, absurd, new byte[64]));

        Outcome outcome = read(file, RecordingReader.OnCorruption.FAIL);
        assertThat(outcome.frames()).hasSize(1);
        assertThat(outcome.error()).hasMessageContaining("absurd record length 1500000000");
    }

    @Test
    void aLengthPrefixThatNeverEndsIsMalformed() throws IOException {
        byte[] file =
                GzipBytes.gzip(
                        new byte[] {
                            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1, 0
                        });
        assertThat(read(file, RecordingReader.OnCorruption.FAIL).error())
                .hasMessageContaining("malformed length prefix");
    }

    @Test
    void trailingBytesThatAreNotGzipAreReportedAfterTheGoodRecords() throws IOException {
        List<TelemetryFrame> frames = RecordingRoundTripTest.frames(50, 32);
        byte[] file = GzipBytes.concat(GzipBytes.gzip(GzipBytes.delimited(frames)), new byte[512]);
        Outcome outcome = read(file, RecordingReader.OnCorruption.FAIL);
        assertThat(outcome.frames()).isEqualTo(frames);
        assertThat(outcome.error()).hasMessageContaining("not a gzip header");
    }

    @Test
    void aFileThatIsNotGzipAtAllSaysSo() throws IOException {
        Outcome outcome =
                read("time,speed\n0,12.5\n".getBytes(), RecordingReader.OnCorruption.FAIL);
        assertThat(outcome.frames()).isEmpty();
        assertThat(outcome.error()).hasMessageContaining("not a gzip file");
    }
}
