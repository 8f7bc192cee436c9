package org.liaison.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.Precedence;

class CanonicalHeaderTest {

    private static final EnvelopeHeader HEADER = EnvelopeHeader.newBuilder()
            .setMessageId("m-1")
            .setChannelId("قناة")
            .setSender("fr-pn.a")
            .setSenderDevice("d1")
            .setSentMs(1_700_000_000_000L)
            .setContentType("text/plain")
            .setMembershipIndex(7)
            .setMarkings(Markings.of(Classification.CLASSIFICATION_RESTRICTED, "ma,FR", Precedence.PRECEDENCE_FLASH))
            .build();
    private static final List<Recipient> RECIPIENTS = List.of(
            new Recipient("ma-dgsn.k", "p"), new Recipient("fr-pn.a", "d1"), new Recipient("fr-pn.a", "d0"));

    @Test
    void encodingIsTheDocumentedByteString() {
        // Written out by hand from the format in CanonicalHeader's documentation (lengths in UTF-8 bytes).
        String expected = "6c696169736f6e2d656e76656c6f70652d6865616465722d7632" + "00"
                + "00000003" + "6d2d31"
                + "00000008" + "d982d986d8a7d8a9"
                + "00000007" + "66722d706e2e61"
                + "00000002" + "6431"
                + "0000018bcfe56800"
                + "0000000a" + "746578742f706c61696e"
                + "0000000000000007"
                + "00000002" + "00000004" + "00000000"
                + "00000002" + "00000002" + "4652" + "00000002" + "4d41"
                + "00000003"
                + "00000007" + "66722d706e2e61" + "00000002" + "6430"
                + "00000007" + "66722d706e2e61" + "00000002" + "6431"
                + "00000009" + "6d612d6467736e2e6b" + "00000001" + "70";

        assertThat(HexFormat.of().formatHex(CanonicalHeader.encode(HEADER, RECIPIENTS))).isEqualTo(expected);
    }

    @Test
    void recipientOrderDoesNotMatter() {
        List<Recipient> reversed = List.of(RECIPIENTS.get(2), RECIPIENTS.get(1), RECIPIENTS.get(0));

        assertThat(CanonicalHeader.encode(HEADER, reversed)).isEqualTo(CanonicalHeader.encode(HEADER, RECIPIENTS));
    }

    static Stream<Named<UnaryOperator<EnvelopeHeader.Builder>>> changes() {
        return Stream.of(
                Named.of("message id", b -> b.setMessageId("m-2")),
                Named.of("channel", b -> b.setChannelId("قناة2")),
                Named.of("sender", b -> b.setSender("fr-pn.b")),
                Named.of("sender device", b -> b.setSenderDevice("d2")),
                Named.of("time", b -> b.setSentMs(1_700_000_000_001L)),
                Named.of("content type", b -> b.setContentType("text/html")),
                Named.of("membership index", b -> b.setMembershipIndex(8)),
                Named.of("classification", b -> b.setMarkings(b.getMarkings().toBuilder()
                        .setClassification(Classification.CLASSIFICATION_SECRET))),
                Named.of("precedence", b -> b.setMarkings(b.getMarkings().toBuilder()
                        .setPrecedence(Precedence.PRECEDENCE_ROUTINE))),
                Named.of("releasable nations", b -> b.setMarkings(b.getMarkings().toBuilder()
                        .clearReleasableTo().addReleasableTo("FR"))),
                Named.of("releasable to all", b -> b.setMarkings(b.getMarkings().toBuilder()
                        .clearReleasableTo().setReleasableToAll(true))));
    }

    @ParameterizedTest
    @MethodSource("changes")
    void everyHeaderFieldIsCovered(UnaryOperator<EnvelopeHeader.Builder> change) {
        EnvelopeHeader changed = change.apply(HEADER.toBuilder()).build();

        assertThat(CanonicalHeader.encode(changed, RECIPIENTS)).isNotEqualTo(CanonicalHeader.encode(HEADER, RECIPIENTS));
    }

    @Test
    void recipientListIsCovered() {
        assertThat(CanonicalHeader.encode(HEADER, RECIPIENTS.subList(0, 2)))
                .isNotEqualTo(CanonicalHeader.encode(HEADER, RECIPIENTS));
    }

    @Test
    void lengthPrefixesKeepAdjacentFieldsApart() {
        EnvelopeHeader ab = HEADER.toBuilder().setMessageId("ab").setChannelId("c").build();
        EnvelopeHeader a = HEADER.toBuilder().setMessageId("a").setChannelId("bc").build();
        List<Recipient> split1 = List.of(new Recipient("x.y", "zz"));
        List<Recipient> split2 = List.of(new Recipient("x.yz", "z"));

        assertThat(CanonicalHeader.encode(ab, RECIPIENTS)).isNotEqualTo(CanonicalHeader.encode(a, RECIPIENTS));
        assertThat(CanonicalHeader.encode(HEADER, split1)).isNotEqualTo(CanonicalHeader.encode(HEADER, split2));
    }

    @Test
    void recipientsSortByUtf8BytesNotByJavaChars() {
        // U+FF5E is EF BD 9E in UTF-8 and sorts before U+1F600 (F0 9F 98 80), although its UTF-16
        // unit 0xFF5E sorts after the surrogate 0xD83D: implementations in other languages agree.
        Recipient fullWidthTilde = new Recipient("a.\uFF5E", "d");
        Recipient smiley = new Recipient("a.\uD83D\uDE00", "d");

        assertThat(CanonicalHeader.sorted(List.of(smiley, fullWidthTilde))).containsExactly(fullWidthTilde, smiley);
    }

    @Test
    void duplicateRecipientsAndMalformedTextAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CanonicalHeader.encode(HEADER, List.of(RECIPIENTS.get(0), RECIPIENTS.get(0))))
                .withMessageContaining("appears twice");
        EnvelopeHeader loneSurrogate = HEADER.toBuilder().setMessageId("m-\uD83D").build();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CanonicalHeader.encode(loneSurrogate, RECIPIENTS))
                .withMessageContaining("not well-formed");
    }

    @Test
    void headersWithoutWellFormedMarkingsHaveNoCanonicalForm() {
        EnvelopeHeader stripped = HEADER.toBuilder().clearMarkings().build();
        EnvelopeHeader unsorted = HEADER.toBuilder().setMarkings(HEADER.getMarkings().toBuilder()
                .clearReleasableTo().addReleasableTo("MA").addReleasableTo("FR")).build();
        EnvelopeHeader unclassified = HEADER.toBuilder().setMarkings(HEADER.getMarkings().toBuilder()
                .clearClassification()).build();

        assertThatIllegalArgumentException().isThrownBy(() -> CanonicalHeader.encode(stripped, RECIPIENTS))
                .withMessageContaining("no markings");
        assertThatIllegalArgumentException().isThrownBy(() -> CanonicalHeader.encode(unsorted, RECIPIENTS))
                .withMessageContaining("sorted");
        assertThatIllegalArgumentException().isThrownBy(() -> CanonicalHeader.encode(unclassified, RECIPIENTS))
                .withMessageContaining("no classification");
    }
}
