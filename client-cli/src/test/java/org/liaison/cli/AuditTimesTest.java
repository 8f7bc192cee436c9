package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuditTimesTest {

    private static final Instant NOW = Instant.parse("2026-07-14T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "2026-07-01T08:30:00Z, 2026-07-01T08:30:00Z",
        "2026-07-01, 2026-07-01T00:00:00Z",
        "-2h, 2026-07-14T10:00:00Z",
        "-1d, 2026-07-13T12:00:00Z",
        "-1h30m, 2026-07-14T10:30:00Z",
        "-45s, 2026-07-14T11:59:15Z"})
    void parsesInstantsDatesAndTimesAgo(String text, String expected) {
        assertThat(AuditTimes.parse(text, NOW)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "+2h", "2h", "14/07/2026", ""})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> AuditTimes.parse(text, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time ago");
    }

    @ParameterizedTest
    @CsvSource({"0, 1970-01-01 00:00:00.000Z", "1784030400123, 2026-07-14 12:00:00.123Z"})
    void showsTimesInUtcWithMilliseconds(long ms, String shown) {
        assertThat(AuditTimes.shown(ms)).isEqualTo(shown);
    }
}
