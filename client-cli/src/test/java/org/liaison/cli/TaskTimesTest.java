package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskTimesTest {

    private static final Instant NOW = Instant.parse("2026-07-14T12:00:00Z");

    @ParameterizedTest
    @CsvSource({"+2h, PT2H", "+45m, PT45M", "+1d, PT24H", "+1h30m, PT1H30M", "+90s, PT1M30S"})
    void relativeTimesCountFromNow(String text, Duration expected) {
        assertThat(TaskTimes.parse(text, NOW)).isEqualTo(NOW.plus(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-07-14T14:00:00Z", " 2026-07-14T14:00:00Z "})
    void isoInstantsAreTakenAsTheyAre(String text) {
        assertThat(TaskTimes.parse(text, NOW)).isEqualTo(Instant.parse("2026-07-14T14:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomorrow", "+2", "2h", "+2x", "2026-07-14 14:00", ""})
    void anythingElseIsRefusedWithTheAcceptedForms(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> TaskTimes.parse(text, NOW))
                .withMessageContaining("+2h");
    }
}
