package io.actelemetry.job.frame;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceWindowTest {

    @Test
    void inOrderSequencesAreNewAndRepeatsAreNot() {
        SequenceWindow w = new SequenceWindow();
        for (long s = 1; s <= 10_000; s++) assertThat(w.firstTime(s)).isTrue();
        assertThat(w.contiguous).isEqualTo(10_000);
        assertThat(w.firstTime(10_000)).isFalse();
        assertThat(w.firstTime(1)).isFalse();
    }

    @Test
    void aResentStretchAfterAGapIsDroppedButTheGapStillFills() {
        SequenceWindow w = new SequenceWindow();
        for (long s = 1; s <= 100; s++) w.firstTime(s);
        for (long s = 150; s <= 200; s++) assertThat(w.firstTime(s)).isTrue(); // 101..149 late
        assertThat(w.contiguous).isEqualTo(100);
        for (long s = 150; s <= 200; s++) assertThat(w.firstTime(s)).as("re-sent %d", s).isFalse();
        for (long s = 101; s <= 149; s++) assertThat(w.firstTime(s)).as("late %d", s).isTrue();
        assertThat(w.contiguous).isEqualTo(200);
        assertThat(w.firstTime(201)).isTrue();
    }

    @Test
    void aJumpBeyondTheWindowSlidesItWithoutForgettingRecentOnes() {
        SequenceWindow w = new SequenceWindow();
        w.firstTime(1);
        long far = 1 + SequenceWindow.WINDOW * 3L;
        assertThat(w.firstTime(far)).isTrue();
        assertThat(w.firstTime(far)).isFalse();
        assertThat(w.firstTime(far - 1)).as("inside the window, not seen").isTrue();
        assertThat(w.firstTime(2)).as("older than the window: treated as seen").isFalse();
        assertThat(w.firstTime(far + SequenceWindow.WINDOW - 1)).isTrue();
        assertThat(w.firstTime(far + SequenceWindow.WINDOW - 1)).isFalse();
    }

    @Test
    void stateStaysBounded() {
        SequenceWindow w = new SequenceWindow();
        for (long s = 2; s <= 1_000_000; s += 2) w.firstTime(s); // every odd one lost
        assertThat(w.bits).hasSize(SequenceWindow.WINDOW / 64);
        assertThat(w.firstTime(999_998)).isFalse();
        assertThat(w.firstTime(999_999)).isTrue();
    }
}
