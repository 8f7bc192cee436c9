package org.liaison.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 quoting, written and read. */
class CsvTest {

    private static List<Csv.Row> parse(String text) throws IOException {
        return Csv.parse(new StringReader(text));
    }

    @Test
    void quotesOnlyTheFieldsThatNeedIt() {
        assertThat(Csv.row(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "")))
                .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\r\n");
    }

    @Test
    void readsBackWhatItWroteIncludingLineBreaksInsideFields() throws IOException {
        List<String> first = List.of("type", "a,b", "\"quoted\"", "x\r\ny\nz", "");
        List<String> second = List.of("", "", "", "", "last");

        List<Csv.Row> rows = parse(Csv.row(first) + Csv.row(second));

        assertThat(rows).extracting(Csv.Row::cells).containsExactly(first, second);
        assertThat(rows).extracting(Csv.Row::number).containsExactly(1, 2);
    }

    @Test
    void acceptsBareLineFeedsAndNoFinalLineBreak() throws IOException {
        assertThat(parse("a,b\nc,d")).extracting(Csv.Row::cells)
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void refusesQuotesOutOfPlace() {
        assertThatThrownBy(() -> parse("a,b\"c\r\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1");
        assertThatThrownBy(() -> parse("a\r\n\"open,b\r\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> parse("\"a\"b\r\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the closing quote");
    }
}
