package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.liaison.client.PlainTextBody;
import org.liaison.proto.v1.ChannelArchived;
import org.liaison.proto.v1.ChannelCreated;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MemberPromoted;
import org.liaison.proto.v1.MemberRemoved;
import org.liaison.proto.v1.MemberRole;

class EventFormatterTest {

    private static final String CLAIRE = "fr-pn.claire.martin";
    private static final String KARIM = "ma-dgsn.karim.benali";
    private static final long T_14_02_11 = Instant.parse("2024-07-26T14:02:11Z").toEpochMilli();

    private final EventFormatter formatter = new EventFormatter(ZoneOffset.UTC);

    private static ChannelEvent.Builder event(long seq) {
        return ChannelEvent.newBuilder().setChannelId("c-7k2m9x4q").setSeq(seq).setTimeMs(T_14_02_11).setActor(CLAIRE);
    }

    private static ChannelEvent message(long seq, String text) {
        return event(seq).setMessage(Envelope.newBuilder()
                .setHeader(EnvelopeHeader.newBuilder().setMessageId("m-1").setSender(CLAIRE).setSenderDevice("cli-1")
                        .setContentType(PlainTextBody.CONTENT_TYPE))
                .setBody(ByteString.copyFrom(PlainTextBody.encode(text)))).build();
    }

    @Test
    void arabicMessageIsPrintedExactly() {
        assertThat(formatter.line(message(12, "اجتماع عند البوابة ٤"), "ops-gate-4"))
                .isEqualTo("[ops-gate-4 #12 14:02:11] fr-pn.claire.martin: اجتماع عند البوابة ٤");
    }

    @Test
    void frenchMessageAndArabicChannelName() {
        assertThat(formatter.line(message(3, "Réunion à la porte 4, 14 h — équipe cynophile"), "البوابة ٤"))
                .isEqualTo("[البوابة ٤ #3 14:02:11] fr-pn.claire.martin: Réunion à la porte 4, 14 h — équipe cynophile");
    }

    @Test
    void timeIsShownInTheGivenZone() {
        EventFormatter paris = new EventFormatter(ZoneId.of("Europe/Paris"));

        assertThat(paris.line(message(1, "x"), "ops")).startsWith("[ops #1 16:02:11] ");
    }

    @Test
    void membershipEventsSayWhoDidWhatToWhom() {
        assertThat(formatter.line(event(13).setMemberAdded(MemberAdded.newBuilder().setOfficerId(KARIM)
                .setRole(MemberRole.MEMBER_ROLE_MEMBER)).build(), "ops-gate-4"))
                .isEqualTo("[ops-gate-4 #13 14:02:11] fr-pn.claire.martin added ma-dgsn.karim.benali");
        assertThat(formatter.describe(event(1).setMemberAdded(MemberAdded.newBuilder().setOfficerId(CLAIRE)
                .setRole(MemberRole.MEMBER_ROLE_SUPERVISOR)).build()))
                .isEqualTo("fr-pn.claire.martin added fr-pn.claire.martin as supervisor");
        assertThat(formatter.describe(event(14).setMemberRemoved(MemberRemoved.newBuilder().setOfficerId(KARIM))
                .build())).isEqualTo("fr-pn.claire.martin removed ma-dgsn.karim.benali");
        assertThat(formatter.describe(event(15).setActor(KARIM)
                .setMemberRemoved(MemberRemoved.newBuilder().setOfficerId(KARIM)).build()))
                .isEqualTo("ma-dgsn.karim.benali left");
        assertThat(formatter.describe(event(16).setMemberPromoted(MemberPromoted.newBuilder().setOfficerId(KARIM))
                .build())).isEqualTo("fr-pn.claire.martin promoted ma-dgsn.karim.benali to supervisor");
        assertThat(formatter.describe(event(17).setArchived(ChannelArchived.getDefaultInstance()).build()))
                .isEqualTo("fr-pn.claire.martin archived the channel");
    }

    @Test
    void creationNamesTheChannelAndItsPurpose() {
        assertThat(formatter.describe(event(1).setCreated(ChannelCreated.newBuilder()
                .setKind(ChannelKind.CHANNEL_KIND_GROUP).setName("ops-gate-4").setPurpose("Gate 4 sweep")).build()))
                .isEqualTo("fr-pn.claire.martin created the channel ops-gate-4 (Gate 4 sweep)");
        assertThat(formatter.describe(event(1).setCreated(ChannelCreated.newBuilder()
                .setKind(ChannelKind.CHANNEL_KIND_DIRECT)).build()))
                .isEqualTo("fr-pn.claire.martin opened the direct channel");
    }

    @Test
    void controlCharactersCannotRewriteTheTerminal() {
        assertThat(formatter.describe(message(1, "ok\u001b[2J\rfake\u0007")))
                .isEqualTo("fr-pn.claire.martin: ok\\x1b[2J\\x0dfake\\x07");
        assertThat(EventFormatter.printable("a\tb")).isEqualTo("a\tb");
        assertThat(EventFormatter.printable("line\nbreak")).isEqualTo("line\\x0abreak");
    }

    @Test
    void bidiFormattingAndCombiningMarksAreKept() {
        String text = "\u200fمرحبا\u200e bonjour \u0627\u064b";

        assertThat(EventFormatter.printable(text)).isEqualTo(text);
    }

    @Test
    void multiLineMessagesIndentTheirFollowingLines() {
        assertThat(formatter.line(message(2, "first\r\nsecond\nthird"), "ops"))
                .isEqualTo("[ops #2 14:02:11] fr-pn.claire.martin: first\n    second\n    third");
    }

    @Test
    void nonTextBodiesShowAPlaceholder() {
        ChannelEvent image = event(4).setMessage(Envelope.newBuilder()
                .setHeader(EnvelopeHeader.newBuilder().setSender(CLAIRE).setContentType("image/jpeg"))
                .setBody(ByteString.copyFrom(new byte[2048]))).build();

        assertThat(formatter.describe(image)).isEqualTo("fr-pn.claire.martin: [image/jpeg, 2048 bytes]");
    }

    @Test
    void jsonViewCarriesTheExactTextAndOmitsFieldsThatDoNotApply() throws Exception {
        ObjectMapper json = new ObjectMapper();

        JsonNode message = json.readTree(json.writeValueAsString(
                formatter.view(message(12, "اجتماع عند البوابة ٤"), "ops-gate-4")));
        JsonNode added = json.readTree(json.writeValueAsString(formatter.view(event(13)
                .setMemberAdded(MemberAdded.newBuilder().setOfficerId(KARIM).setRole(MemberRole.MEMBER_ROLE_MEMBER))
                .build(), "ops-gate-4")));

        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("text").asText()).isEqualTo("اجتماع عند البوابة ٤");
        assertThat(message.get("channel").asText()).isEqualTo("ops-gate-4");
        assertThat(message.get("seq").asLong()).isEqualTo(12);
        assertThat(message.get("time").asText()).isEqualTo("2024-07-26T14:02:11Z");
        assertThat(message.get("messageId").asText()).isEqualTo("m-1");
        assertThat(message.has("officer")).isFalse();
        assertThat(added.get("type").asText()).isEqualTo("member_added");
        assertThat(added.get("officer").asText()).isEqualTo(KARIM);
        assertThat(added.get("role").asText()).isEqualTo("member");
        assertThat(added.has("text")).isFalse();
    }
}
