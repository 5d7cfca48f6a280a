package io.actelemetry.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UncommittedBufferTest {

    private static SerializedFrame entry(String session, long seq) {
        return entry(session, "", seq);
    }

    private static SerializedFrame entry(String session, String car, long seq) {
        return new SerializedFrame(session, car, seq, seq * 3_000_000L, new byte[100]);
    }

    private static List<Long> sendAll(UncommittedBuffer buffer) {
        List<Long> out = new ArrayList<>();
        for (var e = buffer.nextToSend(); e != null; e = buffer.nextToSend()) {
            out.add(e.sequence());
        }
        return out;
    }

    @Test
    void rewindResendsInFlightFramesFirstInOrder() {
        UncommittedBuffer buffer = new UncommittedBuffer(100, 1 << 20);
        for (long s = 1; s <= 5; s++) {
            buffer.add(entry("a", s));
        }
        assertThat(List.of(buffer.nextToSend().sequence(), buffer.nextToSend().sequence()))
                .containsExactly(1L, 2L);
        buffer.add(entry("a", 6));
        buffer.rewind();
        assertThat(sendAll(buffer)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void commitIsPerSessionAndCoversUnsentFramesToo() {
        UncommittedBuffer buffer = new UncommittedBuffer(100, 1 << 20);
        buffer.add(entry("old", 7));
        buffer.add(entry("old", 8));
        for (long s = 1; s <= 4; s++) {
            buffer.add(entry("new", s));
        }
        buffer.nextToSend();
        buffer.nextToSend();
        buffer.nextToSend(); // old 7, old 8, new 1 in flight
        assertThat(buffer.commit("new", "", 2))
                .isEqualTo(2); // new 1 (in flight, behind old 7 and 8) and new 2 (unsent)
        assertThat(buffer.size()).isEqualTo(4);
        assertThat(buffer.commit("old", "", 7)).isEqualTo(1);
        buffer.rewind();
        assertThat(sendAll(buffer)).containsExactly(8L, 3L, 4L);
        assertThat(buffer.committed()).isEqualTo(3);
        assertThat(buffer.bytes()).isEqualTo(300);
    }

    @Test
    void ackWithoutSessionCommitsNothing() {
        UncommittedBuffer buffer = new UncommittedBuffer(100, 1 << 20);
        for (long s = 1; s <= 4; s++) {
            buffer.add(entry("a", s));
            buffer.add(entry("", s)); // even frames without a session id: the ack names nothing
        }
        buffer.nextToSend();
        buffer.nextToSend();
        assertThat(buffer.commit("", "", 3)).isZero();
        assertThat(buffer.size()).isEqualTo(8);
        assertThat(buffer.committed()).isZero();
    }

    @Test
    void commitIsPerCarOfTheSession() {
        UncommittedBuffer buffer = new UncommittedBuffer(100, 1 << 20);
        for (long s = 1; s <= 3; s++) {
            buffer.add(entry("race", "car-7", s));
            buffer.add(entry("race", "car-12", s));
            buffer.add(entry("race", "", s));
        }
        assertThat(buffer.commit("race", "car-12", 3)).isEqualTo(3);
        assertThat(buffer.commit("race", "car-7", 2)).isEqualTo(2);
        assertThat(buffer.commit("race", "", 1)).isEqualTo(1);
        assertThat(sendAll(buffer)).containsExactly(2L, 3L, 3L); // "" 2, car-7 3, "" 3
        assertThat(buffer.committed()).isEqualTo(6);
    }

    @Test
    void originalAckDropsOnlyWhatWasSent() {
        UncommittedBuffer buffer = new UncommittedBuffer(100, 1 << 20);
        for (long s = 1; s <= 4; s++) {
            buffer.add(entry("a", s));
        }
        buffer.nextToSend();
        buffer.nextToSend();
        assertThat(buffer.ackOriginal(4 * 3_000_000L)).isEqualTo(2);
        assertThat(sendAll(buffer)).containsExactly(3L, 4L);
    }

    @Test
    void evictsOldestByCountInFlightFirst() {
        UncommittedBuffer buffer = new UncommittedBuffer(3, 1 << 20);
        buffer.add(entry("a", 1));
        buffer.add(entry("a", 2));
        buffer.nextToSend();
        buffer.add(entry("a", 3));
        buffer.add(entry("a", 4));
        buffer.add(entry("a", 5));
        assertThat(buffer.evicted()).isEqualTo(2);
        buffer.rewind();
        assertThat(sendAll(buffer)).containsExactly(3L, 4L, 5L);
    }

    @Test
    void oneFrameLargerThanTheByteLimitStillGoes() {
        UncommittedBuffer buffer = new UncommittedBuffer(10, 50);
        buffer.add(entry("a", 1));
        assertThat(buffer.size()).isEqualTo(1);
        buffer.add(entry("a", 2));
        assertThat(sendAll(buffer)).containsExactly(2L);
        assertThat(buffer.evicted()).isEqualTo(1);
    }

    @Test
    void backoffDoublesWithJitterUpToTheMaximumAndResets() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));
        long[] steps = {100, 200, 400, 800, 800, 800};
        for (long step : steps) {
            assertThat(backoff.next())
                    .isBetween(Duration.ofMillis(step / 2), Duration.ofMillis(step));
        }
        assertThat(backoff.attempts()).isEqualTo(6);
        backoff.reset();
        assertThat(backoff.next()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }
}
