package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code laps FILE} / {@code inspect FILE} on recordings: the summary counts frames and blocks and
 * says what damage cost, checked against counts made here with the JDK's inflater, not the codec.
 */
class LapsCommandTest {

    private static final int BLOCK_BYTES = 128 * 1024;

    @TempDir Path dir;

    /** A gzip member of a file, as the JDK's inflater finds it, and the records it holds. */
    record Member(int start, int end, int records) {}

    @Test
    void anIntactBlockedRecordingCountsEveryFrameAndBlock() throws IOException {
        Path file = dir.resolve("intact.pb.gz");
        record(file, frames(3_000, 3));
        List<Member> members = members(Files.readAllBytes(file));
        assertThat(members).hasSizeGreaterThan(3);

        List<String> summary = summary(CliRun.of("inspect", file.toString()).ok(), file);
        assertThat(summary)
                .contains(
                        line("frames", "%,d", 3_000),
                        line("blocks", "%,d", members.size()),
                        "  truncated  no",
                        "  damage     no damage")
                .noneMatch(l -> l.startsWith("  damaged "));
    }

    @Test
    void aDamagedBlockCostsItsFramesAloneAndIsReportedAsASkippedSpot() throws IOException {
        List<TelemetryFrame> frames = frames(3_000, 3);
        Path intact = dir.resolve("intact.pb.gz");
        record(intact, frames);
        byte[] bytes = Files.readAllBytes(intact);
        List<Member> members = members(bytes);
        Member hit = members.get(members.size() / 2);
        // A few bytes flipped in the middle of its compressed data, as a bad sector does.
        int at = (hit.start() + hit.end()) / 2;
        for (int i = 0; i < 4; i++) bytes[at + i] ^= (byte) 0x5a;
        Path file = Files.write(dir.resolve("damaged.pb.gz"), bytes);

        List<String> summary = summary(CliRun.of("laps", file.toString()).ok(), file);
        assertThat(summary)
                .contains(
                        line("frames", "%,d", frames.size() - hit.records()),
                        line("blocks", "%,d", members.size()),
                        "  truncated  no",
                        // The skip runs from the damaged member's header to the next one.
                        line(
                                "damage",
                                "skipped 1 damaged spot(s), %,d byte(s)",
                                hit.end() - hit.start()));
        assertThat(summary)
                .filteredOn(l -> l.startsWith("  damaged "))
                .singleElement()
                .asString()
                .contains(file + ": skipped", "at file byte " + hit.start());
    }

    @Test
    void aBrokenRecordBodyCostsThatRecordAlone() throws IOException {
        List<TelemetryFrame> frames = frames(2_000, 5);
        // A record whose length prefix is sound but whose body is no frame: field 1 with wire
        // type 7, which protobuf does not have.
        byte[] broken = frames.get(1_000).toByteArray();
        broken[0] = 0x0f;
        Path file = dir.resolve("broken-record.pb.gz");
        try (RecordingWriter w = RecordingWriter.open(file, options())) {
            for (int i = 0; i < frames.size(); i++) {
                if (i == 1_000) w.writeSerialized(broken);
                w.write(frames.get(i));
            }
        }
        int members = members(Files.readAllBytes(file)).size();

        List<String> summary = summary(CliRun.of("inspect", file.toString()).ok(), file);
        assertThat(summary)
                .contains(
                        line("frames", "%,d", frames.size()),
                        line("blocks", "%,d", members),
                        "  truncated  no",
                        // Its length prefix (2 bytes for a frame this size) and its body.
                        line(
                                "damage",
                                "skipped 1 damaged spot(s), %,d byte(s)",
                                2 + broken.length));
        assertThat(broken.length).isBetween(128, 16_383); // a 2-byte length prefix
        assertThat(summary)
                .filteredOn(l -> l.startsWith("  damaged "))
                .singleElement()
                .asString()
                .contains("record 1001", "is not a TelemetryFrame");
    }

    @Test
    void aFolderSummarizesEachRecordingInNameOrder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("recordings"));
        Path first = folder.resolve("a-first.pb.gz");
        Path second = folder.resolve("b-second.pb.gz");
        record(second, frames(1_200, 7)); // written first: the order is by name
        record(first, frames(2_500, 6));
        int firstMembers = members(Files.readAllBytes(first)).size();
        int secondMembers = members(Files.readAllBytes(second)).size();

        String out = CliRun.of("laps", folder.toString()).ok();
        assertThat(out.indexOf(first + "\n"))
                .isNotNegative()
                .isLessThan(out.indexOf(second + "\n"));
        assertThat(summary(out, first))
                .contains(
                        line("frames", "%,d", 2_500),
                        line("blocks", "%,d", firstMembers),
                        "  damage     no damage",
                        "  session    " + SimulatedSession.sessionId(6) + ", cars [(player)]");
        assertThat(summary(out, second))
                .contains(
                        line("frames", "%,d", 1_200),
                        line("blocks", "%,d", secondMembers),
                        "  damage     no damage",
                        "  session    " + SimulatedSession.sessionId(7) + ", cars [(player)]");
    }

    private static String line(String label, String format, Object... args) {
        return String.format("  %-10s %s", label, String.format(format, args));
    }

    /** The lines printed for {@code file}: from its name to the next recording's. */
    private static List<String> summary(String out, Path file) {
        List<String> lines = Arrays.asList(out.split("\n"));
        int from = lines.indexOf(file.toString());
        assertThat(from).as("a summary of %s in:%n%s", file, out).isNotNegative();
        List<String> section = new ArrayList<>();
        for (String l : lines.subList(from + 1, lines.size())) {
            if (!l.startsWith("  ")) break;
            section.add(l);
        }
        return section;
    }

    private static List<TelemetryFrame> frames(int n, long seed) {
        try (Stream<TelemetryFrame> s = SimulatedSession.frames(Scenario.laps(2, seed))) {
            return s.limit(n).toList();
        }
    }

    /** Small blocks, ended by size alone (a flush interval no test reaches): several per file. */
    private static RecordingWriter.Options options() {
        return RecordingWriter.Options.defaults()
                .withBlockBytes(BLOCK_BYTES)
                .withFlushInterval(Duration.ofHours(1));
    }

    private static void record(Path file, List<TelemetryFrame> frames) throws IOException {
        try (RecordingWriter w = RecordingWriter.open(file, options())) {
            for (TelemetryFrame f : frames) w.write(f);
        }
    }

    /**
     * The file's gzip members found with the JDK's inflater, and the records in each by walking
     * their varint length prefixes: a count independent of the codec under test.
     */
    static List<Member> members(byte[] file) {
        List<Member> members = new ArrayList<>();
        int at = 0;
        while (at < file.length) {
            assertThat(file[at] & 0xff).as("gzip header at %d", at).isEqualTo(0x1f);
            assertThat(file[at + 3]).as("the writer's 10-byte header: no flags").isZero();
            Inflater inflater = new Inflater(true);
            inflater.setInput(file, at + 10, file.length - at - 10);
            java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            try {
                while (!inflater.finished()) data.write(chunk, 0, inflater.inflate(chunk));
            } catch (DataFormatException e) {
                throw new AssertionError(e);
            }
            int end = file.length - inflater.getRemaining() + 8; // CRC32 and ISIZE
            inflater.end();
            byte[] records = data.toByteArray();
            int n = 0;
            for (int pos = 0; pos < records.length; n++) {
                int length = 0;
                for (int shift = 0; ; shift += 7) {
                    int b = records[pos++];
                    length |= (b & 0x7f) << shift;
                    if ((b & 0x80) == 0) break;
                }
                pos += length;
            }
            members.add(new Member(at, end, n));
            at = end;
        }
        return members;
    }
}
