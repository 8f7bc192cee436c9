package org.liaison.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditHashes;

/** The filters mean what the server's AuditQuery means. */
class AuditFilterTest {

    private static final AuditEntry STORED = AuditEntry.create(4, 1_000, "fr-pn.claire.martin", "message.stored",
            "c-1", "m-1", "", AuditHashes.genesis());

    @ParameterizedTest
    @CsvSource({
        "'', '', '', 0, 0, true",
        "c-1, '', '', 0, 0, true",
        "c-2, '', '', 0, 0, false",
        "'', fr-pn.claire.martin, '', 0, 0, true",
        "'', fr-pn.claire, '', 0, 0, false",
        "'', '', message.stored, 0, 0, true",
        "'', '', message., 0, 0, true",
        "'', '', message, 0, 0, false",
        "'', '', message.store, 0, 0, false",
        "'', '', member., 0, 0, false",
        "'', '', '', 1000, 0, true",
        "'', '', '', 1001, 0, false",
        "'', '', '', 0, 1000, false",
        "'', '', '', 0, 1001, true",
        "c-1, fr-pn.claire.martin, message., 999, 1001, true",
        "c-1, ma-dgsn.karim.benali, message., 999, 1001, false"})
    void everyGivenFilterMustMatch(String channel, String officer, String action, long from, long to,
                                   boolean matches) {
        assertThat(new AuditFilter(channel, officer, action, from, to).matches(STORED)).isEqualTo(matches);
    }

    @Test
    void theFiltersAnExportNamesReadBackAsTheSameFilter() {
        AuditFilter filter = new AuditFilter("c-1", "", "message.", 1_700_000_000_000L, 0);

        assertThat(filter.fields()).containsExactly(Map.entry("channel", "c-1"), Map.entry("action", "message."),
                Map.entry("from", "2023-11-14T22:13:20Z"));
        assertThat(AuditFilter.ofFields(filter.fields())).isEqualTo(filter);
        assertThat(AuditFilter.NONE.fields()).isEmpty();
    }

    @Test
    void theQuerySentCarriesEveryFilter() {
        var query = new AuditFilter("c-1", "o", "a.", 5, 9).toQuery().build();

        assertThat(query.getChannelId()).isEqualTo("c-1");
        assertThat(query.getOfficerId()).isEqualTo("o");
        assertThat(query.getAction()).isEqualTo("a.");
        assertThat(query.getFromMs()).isEqualTo(5);
        assertThat(query.getToMs()).isEqualTo(9);
    }

    @Test
    void controlCharactersAndUnknownFiltersAreRefused() {
        assertThatThrownBy(() -> new AuditFilter("c\n1", "", "", 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditFilter.ofFields(Map.of("actor", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown filter actor");
    }
}
