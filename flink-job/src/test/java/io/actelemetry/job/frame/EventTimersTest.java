package io.actelemetry.job.frame;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTimersTest {

    @Test
    void firesOnTheNextWholeUnitAfterTheDelay() {
        assertThat(EventTimers.after(1_700_000_000_123L, 2_000, 1_000))
                .isEqualTo(1_700_000_003_000L);
        assertThat(EventTimers.after(1_700_000_000_000L, 2_000, 1_000))
                .isEqualTo(1_700_000_003_000L);
        assertThat(EventTimers.after(1_700_000_010_000L, 3_600_000, 60_000))
                .isEqualTo(1_700_003_640_000L);
    }

    @Test
    void nearTheEndOfTimeFiresJustBeforeTheEndOfInput() {
        assertThat(EventTimers.after(Long.MAX_VALUE - 1_500, 1_000, 1_000))
                .isEqualTo(Long.MAX_VALUE - 1);
        assertThat(EventTimers.after(Long.MAX_VALUE, 0, 60_000)).isEqualTo(Long.MAX_VALUE - 1);
    }
}
