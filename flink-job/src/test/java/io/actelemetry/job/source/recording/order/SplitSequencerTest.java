package io.actelemetry.job.source.recording.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.frame.Frame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SplitSequencerTest {

    /** Split s holds chunks of frames numbered s * 1000 + i, the last chunk marked. */
    private static List<FrameChunk> split(long s, int chunks, int perChunk) {
        List<FrameChunk> out = new ArrayList<>();
        int i = 0;
        for (int c = 0; c < chunks; c++) {
            Frame[] frames = new Frame[c == chunks - 1 && perChunk > 1 ? perChunk - 1 : perChunk];
            for (int k = 0; k < frames.length; k++) {
                frames[k] = new Frame();
                frames[k].sequence = s * 1000 + i++;
            }
            out.add(new FrameChunk(s, c == chunks - 1, frames));
        }
        return out;
    }

    private static List<Long> sequence(List<List<FrameChunk>> arrivals) throws Exception {
        try (var h =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new SplitSequencer()))) {
            h.open();
            for (List<FrameChunk> reader : arrivals)
                for (FrameChunk c : reader) h.processElement(new StreamRecord<>(c));
            return h.extractOutputValues().stream().map(f -> f.sequence).toList();
        }
    }

    @Test
    void readersInterleavedAnyWayGiveTheOneReaderOrder() throws Exception {
        List<List<FrameChunk>> splits = new ArrayList<>();
        for (long s = 0; s < 12; s++) splits.add(split(s, 1 + (int) (s % 4), s == 5 ? 0 : 3));
        List<Long> expected = new ArrayList<>();
        for (List<FrameChunk> split : splits)
            for (FrameChunk c : split) for (Frame f : c.frames) expected.add(f.sequence);

        Random random = new Random(3);
        for (int run = 0; run < 200; run++) {
            // Three readers take the next split in turn as each finishes; their outputs
            // interleave chunk by chunk at random, each reader's own chunks in its order.
            int readers = 1 + random.nextInt(3);
            List<List<FrameChunk>> byReader = new ArrayList<>();
            for (int r = 0; r < readers; r++) byReader.add(new ArrayList<>());
            for (int s = 0; s < splits.size(); s++)
                byReader.get(random.nextInt(readers)).addAll(splits.get(s));
            List<FrameChunk> arrival = new ArrayList<>();
            int[] at = new int[readers];
            while (arrival.size() < splits.stream().mapToInt(List::size).sum()) {
                int r = random.nextInt(readers);
                if (at[r] < byReader.get(r).size()) arrival.add(byReader.get(r).get(at[r]++));
            }
            assertThat(sequence(List.of(arrival))).as("run %d", run).isEqualTo(expected);
        }
    }

    @Test
    void aSplitWaitsForTheOnesBeforeIt() throws Exception {
        List<FrameChunk> reversed = new ArrayList<>();
        for (long s = 3; s >= 0; s--) reversed.addAll(split(s, 2, 2));
        List<Long> got = sequence(List.of(reversed));
        List<Long> sorted = new ArrayList<>(got);
        Collections.sort(sorted);
        assertThat(got).hasSize(12).isEqualTo(sorted);
    }
}
