package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;

class PlainTextBodyTest {

    private static Envelope envelope(String contentType, byte[] body) {
        return Envelope.newBuilder()
                .setHeader(EnvelopeHeader.newBuilder().setContentType(contentType))
                .setBody(ByteString.copyFrom(body))
                .build();
    }

    @Test
    void textRoundTripsInAnyScript() {
        for (String text : new String[] {"اجتماع عند البوابة ٤", "Réunion à la porte 4 à 14 h", "门 4", "😀"}) {
            assertThat(PlainTextBody.textOf(envelope(PlainTextBody.CONTENT_TYPE, PlainTextBody.encode(text))))
                    .isEqualTo(text);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "text/plain; charset=utf-8|true",
        "text/plain|true",
        "Text/Plain; Charset=\"UTF-8\"|true",
        "text/plain; format=flowed; charset=utf-8|true",
        "text/plain; charset=iso-8859-1|false",
        "text/html; charset=utf-8|false",
        "application/octet-stream|false",
        "''|false"})
    void onlyUtf8PlainTextIsText(String contentType, boolean text) {
        assertThat(PlainTextBody.isText(contentType)).isEqualTo(text);
    }

    @Test
    void otherTypesShowAsAPlaceholder() {
        assertThat(PlainTextBody.textOf(envelope("image/png", new byte[1234]))).isEqualTo("[image/png, 1234 bytes]");
        assertThat(PlainTextBody.textOf(envelope("", new byte[3]))).isEqualTo("[no content type, 3 bytes]");
    }
}
