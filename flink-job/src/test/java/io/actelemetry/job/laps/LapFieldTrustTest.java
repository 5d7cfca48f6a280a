package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.job.frame.Frame;
import io.actelemetry.job.frame.FrameConverter;
import io.actelemetry.proto.v1.FormatVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lap fields are trusted by how they behave, never by the format version: producers of the original
 * contract with correct fields give laps, the original bridge's fields decoded at wrong offsets
 * give none, and the rows of a key wait, none lost, until its fields are judged.
 */
class LapFieldTrustTest {

    @Test
    void correctLapFieldsInTheOriginalContractGiveTheSameLapsAsThisProjectsFormat() {
        Drive d = Drive.practice("s").at(0.9).laps(3).pitStop(4).laps(1).drive(5);
        Rows own = Rows.track(d.frames);
        Rows original = Rows.track(d.frames.stream().map(Producers::originalContract).toList());

        assertThat(own.classes())
                .containsExactly("out", "flying", "flying", "in", "out", "incomplete");
        // the original contract has no pit flags: the laps through the pits are only told apart
        // with them
        assertThat(original.classes())
                .containsExactly("out", "flying", "flying", "flying", "flying", "incomplete");
        assertThat(original.officialTimes()).isEqualTo(own.officialTimes());
        assertThat(original.verdicts)
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.trusted).isTrue();
                            assertThat(v.formatVersion)
                                    .isEqualTo(FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE);
                            assertThat(v.reason)
                                    .startsWith(
                                            "the lap clock runs with the samples' time (1.00 over");
                        });
        assertThat(own.verdicts)
                .singleElement()
                .satisfies(
                        v ->
                                assertThat(v.formatVersion)
                                        .isEqualTo(FormatVersion.FORMAT_VERSION_CURRENT_VALUE));
    }

    @Test
    void theOriginalBridgesFieldsAtWrongOffsetsGiveNoLapsAndSayWhy() {
        List<Frame> frames =
                OriginalBridge.frames(Scenario.laps(2, 9), "legacy").stream()
                        .map(FrameConverter::convert)
                        .toList();
        Rows rows = Rows.track(frames);

        assertThat(rows.laps).isEmpty();
        assertThat(rows.segments).isEmpty();
        assertThat(rows.verdicts)
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.trusted).isFalse();
                            assertThat(v.reason)
                                    .isEqualTo(
                                            "the lap fields stand still while the car drives (10"
                                                    + " s)");
                        });
    }

    @Test
    void rowsWaitUntilTheFieldsAreJudgedAndNoneIsLost() {
        // a rolling start 40 % of a lap out: the clock stands at zero for seconds, nothing to judge
        // the fields by
        Drive d = Drive.practice("s").rollingStart().at(0.6);
        d.driveTo(0.99);
        int approach = d.frames.size();
        d.laps(2).drive(3);
        List<Frame> frames = d.frames.stream().map(Producers::originalContract).toList();

        Ordered out = new Ordered();
        LapTracker tracker = new LapTracker(LapOptions.defaults());
        Rows.feed(tracker, frames.subList(0, approach), out);
        assertThat(out.events).isEmpty();
        assertThat(tracker.state().fields.verdict).isEqualTo(LapFieldEvidence.UNDECIDED);

        Rows.feed(tracker, frames.subList(approach, frames.size()), out);
        tracker.finish(out);
        assertThat(out.events).first().asString().startsWith("trusted");
        assertThat(out.events.subList(1, out.events.size()))
                .containsExactly("lap 0 out", "lap 1 flying", "lap 2 flying", "lap 3 incomplete");
        assertThat(Rows.track(frames).laps)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(out.laps);
    }

    @Test
    void aLapClockAtAnotherPaceThanTheSamplesIsNotTrusted() {
        Drive d = Drive.practice("s").at(0.9).laps(2);
        List<Frame> frames = new ArrayList<>();
        for (Frame f : d.frames) {
            Frame wrong = Producers.originalContract(f);
            wrong.currentLapMs =
                    f.currentLapMs / 10; // a producer sending centiseconds, and no counter
            wrong.completedLaps = 0;
            frames.add(wrong);
        }
        Rows rows = Rows.track(frames);

        assertThat(rows.laps).isEmpty();
        assertThat(rows.verdicts)
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.trusted).isFalse();
                            assertThat(v.reason)
                                    .startsWith(
                                            "the lap clock does not run with the samples' time"
                                                    + " (0.10 over");
                        });
    }

    @Test
    void aShortKeyIsJudgedAtTheEndOnWhatItHas() {
        Drive d = Drive.practice("s").at(0.5).drive(1.5);
        Rows rows = Rows.track(d.frames.stream().map(Producers::originalContract).toList());

        assertThat(rows.verdicts)
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.trusted).isTrue();
                            assertThat(v.reason)
                                    .startsWith("the lap clock runs with the samples' time");
                        });
        assertThat(rows.classes()).containsExactly("incomplete");
    }

    /** Rows and verdicts in the order the tracker gave them. */
    private static final class Ordered implements LapOutput {
        final List<String> events = new ArrayList<>();
        final List<LapRow> laps = new ArrayList<>();

        @Override
        public void lap(LapRow lap) {
            laps.add(lap);
            events.add("lap " + lap.lapNumber + " " + lap.lapClass);
        }

        @Override
        public void segment(SegmentRow segment) {}

        @Override
        public void trace(io.actelemetry.job.traces.LapTrace trace) {}

        @Override
        public void lapFields(LapFieldsVerdict verdict) {
            events.add((verdict.trusted ? "trusted: " : "not trusted: ") + verdict.reason);
        }
    }
}
