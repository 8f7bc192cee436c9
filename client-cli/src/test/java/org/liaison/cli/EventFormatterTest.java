package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerSpec;
import org.liaison.client.OpenedEvent;
import org.liaison.client.OpenedEvent.Verdict;
import org.liaison.client.PlainTextBody;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.KeyBundles;
import org.liaison.client.crypto.VerifiedBundle;
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

    /** Claire's device keys as another device verified them: her identity comes from there. */
    private static VerifiedBundle claire;

    @BeforeAll
    static void claireDevice() {
        Clock clock = Clock.systemUTC();
        CertificateAuthority frPn = CertificateAuthority.create(AgencySpec.of("fr-pn", "FR", "Police nationale"),
                clock, CertificateAuthority.DEFAULT_CA_VALIDITY);
        IssuedIdentity identity = frPn.issueOfficerChecked(CLAIRE, Set.of(OfficerSpec.OFFICER), Duration.ofDays(30));
        claire = new BundleVerifier(List.of(frPn.certificate()), clock).verify(KeyBundles.sign(
                KeyBundles.bundle(CLAIRE, "cli-1", DeviceKeys.generate(), Instant.now().minusSeconds(60),
                        Duration.ofDays(30)), identity.privateKey(), identity.chain()));
    }

    /** A message Claire's device sent and this device verified and decrypted. */
    private static OpenedEvent verified(ChannelEvent event, String text) {
        return new OpenedEvent(event, Verdict.VERIFIED, Optional.of(claire), PlainTextBody.encode(text), "", "");
    }

    /** A membership event backed by a verified statement. */
    private static OpenedEvent verified(ChannelEvent event) {
        return new OpenedEvent(event, Verdict.VERIFIED, Optional.empty(), new byte[0], "", "");
    }

    private static OpenedEvent rejected(ChannelEvent event, String problem) {
        return new OpenedEvent(event, Verdict.REJECTED, Optional.empty(), new byte[0], problem, "");
    }

    private static ChannelEvent.Builder event(long seq) {
        return ChannelEvent.newBuilder().setChannelId("c-7k2m9x4q").setSeq(seq).setTimeMs(T_14_02_11).setActor(CLAIRE);
    }

    /** A received message whose decrypted body is {@code text} (the envelope only carries ciphertext). */
    private static OpenedEvent message(long seq, String text) {
        ChannelEvent event = event(seq).setMessage(Envelope.newBuilder()
                .setHeader(EnvelopeHeader.newBuilder().setMessageId("m-1").setSender(CLAIRE).setSenderDevice("cli-1")
                        .setContentType(PlainTextBody.CONTENT_TYPE))
                .setBody(ByteString.copyFrom(new byte[] {(byte) 0x8f, 0x11, 0x42}))).build();
        return verified(event, text);
    }

    @Test
    void arabicMessageIsPrintedExactlyWithTheSendersVerifiedIdentity() {
        assertThat(formatter.line(message(12, "اجتماع عند البوابة ٤"), "ops-gate-4"))
                .isEqualTo("[ops-gate-4 #12 14:02:11] fr-pn.claire.martin (fr-pn, FR): اجتماع عند البوابة ٤");
    }

    /** A received message marked {@code markings}. */
    private static OpenedEvent marked(long seq, String text, org.liaison.proto.v1.Markings markings) {
        ChannelEvent event = event(seq).setMessage(Envelope.newBuilder()
                .setHeader(EnvelopeHeader.newBuilder().setMessageId("m-1").setSender(CLAIRE).setSenderDevice("cli-1")
                        .setContentType(PlainTextBody.CONTENT_TYPE).setMarkings(markings))
                .setBody(ByteString.copyFrom(new byte[] {1}))).build();
        return verified(event, text);
    }

    @Test
    void aMarkedMessageShowsItsBannerBeforeTheSender() {
        org.liaison.proto.v1.Markings markings = org.liaison.markings.Markings.of(
                org.liaison.proto.v1.Classification.CLASSIFICATION_RESTRICTED, "MA,FR",
                org.liaison.proto.v1.Precedence.PRECEDENCE_FLASH);

        assertThat(formatter.line(marked(5, "porte 4", markings), "ops"))
                .isEqualTo("[ops #5 14:02:11] [RESTRICTED // REL FR, MA // FLASH] fr-pn.claire.martin (fr-pn, FR): porte 4");
        assertThat(formatter.line(marked(6, "x", org.liaison.markings.Markings.DEFAULT), "ops"))
                .isEqualTo("[ops #6 14:02:11] [UNCLASSIFIED // REL ALL] fr-pn.claire.martin (fr-pn, FR): x");
    }

    @Test
    void aRejectedMarkedMessageShowsNoBanner() {
        OpenedEvent message = marked(7, "x", org.liaison.markings.Markings.DEFAULT);
        OpenedEvent refused = new OpenedEvent(message.event(), Verdict.REJECTED, Optional.empty(), new byte[0],
                "envelope refused (sealed for someone who may not see its markings): …", "");

        assertThat(formatter.line(refused, "ops")).startsWith("[ops #7 14:02:11] !! REJECTED message claiming")
                .contains("may not see its markings").doesNotContain("REL ALL");
    }

    @Test
    void jsonCarriesTheMarkings() {
        org.liaison.proto.v1.Markings markings = org.liaison.markings.Markings.of(
                org.liaison.proto.v1.Classification.CLASSIFICATION_SECRET, "FR",
                org.liaison.proto.v1.Precedence.PRECEDENCE_ROUTINE);

        JsonViews.MarkingsView view = formatter.view(marked(8, "x", markings), "ops").markings();

        assertThat(view).isEqualTo(new JsonViews.MarkingsView("secret", false, List.of("FR"), "routine",
                "SECRET // REL FR"));
    }

    @Test
    void frenchMessageAndArabicChannelName() {
        assertThat(formatter.line(message(3, "Réunion à la porte 4, 14 h — équipe cynophile"), "البوابة ٤"))
                .isEqualTo("[البوابة ٤ #3 14:02:11] fr-pn.claire.martin (fr-pn, FR): "
                        + "Réunion à la porte 4, 14 h — équipe cynophile");
    }

    @Test
    void timeIsShownInTheGivenZone() {
        EventFormatter paris = new EventFormatter(ZoneId.of("Europe/Paris"));

        assertThat(paris.line(message(1, "x"), "ops")).startsWith("[ops #1 16:02:11] ");
    }

    @Test
    void aRejectedMessageIsMarkedWithTheReasonAndShowsNoText() {
        ChannelEvent forged = message(5, "unused").event();

        assertThat(formatter.line(rejected(forged, "envelope refused (ciphertext altered): the ciphertext of "
                + "message 'm-1' was altered"), "ops"))
                .isEqualTo("[ops #5 14:02:11] !! REJECTED message claiming to be from fr-pn.claire.martin: "
                        + "envelope refused (ciphertext altered): the ciphertext of message 'm-1' was altered");
    }

    @Test
    void aRejectedMembershipEventIsMarkedToo() {
        ChannelEvent injected = event(6).setMemberAdded(MemberAdded.newBuilder().setOfficerId(KARIM)
                .setRole(MemberRole.MEMBER_ROLE_MEMBER)).build();

        assertThat(formatter.line(rejected(injected, "unsigned membership change: event 6 carries no signed "
                + "statement"), "ops"))
                .isEqualTo("[ops #6 14:02:11] !! REJECTED fr-pn.claire.martin added ma-dgsn.karim.benali: "
                        + "unsigned membership change: event 6 carries no signed statement");
    }

    @Test
    void aMessageNotEncryptedForThisDeviceSaysSoWithItsVerifiedSender() {
        OpenedEvent unreadable = new OpenedEvent(message(7, "unused").event(), Verdict.NOT_FOR_THIS_DEVICE,
                Optional.of(claire), new byte[0], "", "not encrypted for this device");

        assertThat(formatter.line(unreadable, "ops")).isEqualTo("[ops #7 14:02:11] fr-pn.claire.martin (fr-pn, FR): "
                + "[not encrypted for this device: sent before it published its keys]");
    }

    @Test
    void aNoteIsShownBesideAVerifiedEvent() {
        OpenedEvent noted = new OpenedEvent(message(8, "hello").event(), Verdict.VERIFIED, Optional.of(claire),
                PlainTextBody.encode("hello"), "", "membership not checked");

        assertThat(formatter.line(noted, "ops"))
                .isEqualTo("[ops #8 14:02:11] fr-pn.claire.martin (fr-pn, FR): hello  (membership not checked)");
    }

    @Test
    void membershipEventsSayWhoDidWhatToWhom() {
        assertThat(formatter.line(verified(event(13).setMemberAdded(MemberAdded.newBuilder().setOfficerId(KARIM)
                .setRole(MemberRole.MEMBER_ROLE_MEMBER)).build()), "ops-gate-4"))
                .isEqualTo("[ops-gate-4 #13 14:02:11] fr-pn.claire.martin added ma-dgsn.karim.benali");
        assertThat(formatter.describe(event(1).setMemberAdded(MemberAdded.newBuilder().setOfficerId(CLAIRE)
                .setRole(MemberRole.MEMBER_ROLE_SUPERVISOR)).build(), ""))
                .isEqualTo("fr-pn.claire.martin added fr-pn.claire.martin as supervisor");
        assertThat(formatter.describe(event(14).setMemberRemoved(MemberRemoved.newBuilder().setOfficerId(KARIM))
                .build(), "")).isEqualTo("fr-pn.claire.martin removed ma-dgsn.karim.benali");
        assertThat(formatter.describe(event(15).setActor(KARIM)
                .setMemberRemoved(MemberRemoved.newBuilder().setOfficerId(KARIM)).build(), ""))
                .isEqualTo("ma-dgsn.karim.benali left");
        assertThat(formatter.describe(event(16).setMemberPromoted(MemberPromoted.newBuilder().setOfficerId(KARIM))
                .build(), "")).isEqualTo("fr-pn.claire.martin promoted ma-dgsn.karim.benali to supervisor");
        assertThat(formatter.describe(event(17).setArchived(ChannelArchived.getDefaultInstance()).build(), ""))
                .isEqualTo("fr-pn.claire.martin archived the channel");
    }

    @Test
    void creationNamesTheChannelAndItsPurpose() {
        assertThat(formatter.describe(event(1).setCreated(ChannelCreated.newBuilder()
                .setKind(ChannelKind.CHANNEL_KIND_GROUP).setName("ops-gate-4").setPurpose("Gate 4 sweep")).build(), ""))
                .isEqualTo("fr-pn.claire.martin created the channel ops-gate-4 (Gate 4 sweep)");
        assertThat(formatter.describe(event(1).setCreated(ChannelCreated.newBuilder()
                .setKind(ChannelKind.CHANNEL_KIND_DIRECT)).build(), ""))
                .isEqualTo("fr-pn.claire.martin opened the direct channel");
    }

    @Test
    void controlCharactersCannotRewriteTheTerminal() {
        assertThat(formatter.line(message(1, "ok\u001b[2J\rfake\u0007"), "ops"))
                .isEqualTo("[ops #1 14:02:11] fr-pn.claire.martin (fr-pn, FR): ok\\x1b[2J\\x0dfake\\x07");
        assertThat(formatter.describe(message(1, "unused").event(), "ok\u001b[2J\rfake\u0007"))
                .isEqualTo("fr-pn.claire.martin: ok\\x1b[2J\\x0dfake\\x07");
        assertThat(formatter.line(rejected(message(1, "unused").event(), "bad\u001b[2J"), "ops"))
                .endsWith(": bad\\x1b[2J");
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
                .isEqualTo("[ops #2 14:02:11] fr-pn.claire.martin (fr-pn, FR): first\n    second\n    third");
    }

    @Test
    void nonTextBodiesShowAPlaceholder() {
        ChannelEvent image = event(4).setMessage(Envelope.newBuilder()
                .setHeader(EnvelopeHeader.newBuilder().setSender(CLAIRE).setSenderDevice("cli-1")
                        .setContentType("image/jpeg"))
                .setBody(ByteString.copyFrom(new byte[2064]))).build();
        OpenedEvent opened = new OpenedEvent(image, Verdict.VERIFIED, Optional.of(claire), new byte[2048], "", "");

        assertThat(formatter.line(opened, "ops"))
                .isEqualTo("[ops #4 14:02:11] fr-pn.claire.martin (fr-pn, FR): [image/jpeg, 2048 bytes]");
    }

    @Test
    void jsonViewCarriesTheExactTextAndOmitsFieldsThatDoNotApply() throws Exception {
        ObjectMapper json = new ObjectMapper();

        JsonNode message = json.readTree(json.writeValueAsString(
                formatter.view(message(12, "اجتماع عند البوابة ٤"), "ops-gate-4")));
        JsonNode added = json.readTree(json.writeValueAsString(formatter.view(verified(event(13)
                .setMemberAdded(MemberAdded.newBuilder().setOfficerId(KARIM).setRole(MemberRole.MEMBER_ROLE_MEMBER))
                .build()), "ops-gate-4")));

        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("text").asText()).isEqualTo("اجتماع عند البوابة ٤");
        assertThat(message.get("channel").asText()).isEqualTo("ops-gate-4");
        assertThat(message.get("seq").asLong()).isEqualTo(12);
        assertThat(message.get("time").asText()).isEqualTo("2024-07-26T14:02:11Z");
        assertThat(message.get("messageId").asText()).isEqualTo("m-1");
        assertThat(message.get("verified").asBoolean()).isTrue();
        assertThat(message.get("senderAgency").asText()).isEqualTo("fr-pn");
        assertThat(message.get("senderNation").asText()).isEqualTo("FR");
        assertThat(message.has("problem")).isFalse();
        assertThat(message.has("officer")).isFalse();
        assertThat(added.get("type").asText()).isEqualTo("member_added");
        assertThat(added.get("officer").asText()).isEqualTo(KARIM);
        assertThat(added.get("role").asText()).isEqualTo("member");
        assertThat(added.get("verified").asBoolean()).isTrue();
        assertThat(added.has("text")).isFalse();
    }

    @Test
    void jsonViewOfARejectedMessageHasTheProblemAndNoText() throws Exception {
        ObjectMapper json = new ObjectMapper();

        JsonNode view = json.readTree(json.writeValueAsString(formatter.view(
                rejected(message(9, "secret").event(), "envelope refused (bad signature): altered"), "ops")));

        assertThat(view.get("verified").asBoolean()).isFalse();
        assertThat(view.get("problem").asText()).isEqualTo("envelope refused (bad signature): altered");
        assertThat(view.has("text")).isFalse();
        assertThat(view.has("senderAgency")).isFalse();
    }

    @Test
    void aVerifiedTaskEventShowsTheSignersIdentityAndTheChange() throws Exception {
        org.liaison.proto.v1.TaskTransition transition = org.liaison.proto.v1.TaskTransition.newBuilder()
                .setTaskId("t-abcdefghijklmnop").setChannelId("c-1").setIndex(1).setActor(CLAIRE)
                .setAction(org.liaison.proto.v1.TaskAction.TASK_ACTION_ASSIGN)
                .setFrom(org.liaison.proto.v1.TaskStatus.TASK_STATUS_REJECTED)
                .setTo(org.liaison.proto.v1.TaskStatus.TASK_STATUS_ASSIGNED).setAssignee(KARIM).build();
        ChannelEvent event = ChannelEvent.newBuilder().setChannelId("c-1").setSeq(9).setTimeMs(T_14_02_11)
                .setActor(CLAIRE).setTask(org.liaison.proto.v1.TaskUpdate.newBuilder().setTransition(
                        org.liaison.proto.v1.SignedTransition.newBuilder().setTransition(transition.toByteString())))
                .build();
        OpenedEvent opened = new OpenedEvent(event, Verdict.VERIFIED, Optional.of(claire), new byte[0], "", "");

        assertThat(formatter.line(opened, "ops")).isEqualTo("[ops #9 14:02:11] " + CLAIRE
                + " (fr-pn, FR) assigned task t-abcdefghijklmnop to " + KARIM + " (rejected -> assigned)");
        JsonNode json = new ObjectMapper().valueToTree(formatter.view(opened, "ops"));
        assertThat(json.get("type").asText()).isEqualTo("task");
        assertThat(json.get("task").get("action").asText()).isEqualTo("assign");
        assertThat(json.get("task").get("assignee").asText()).isEqualTo(KARIM);

        OpenedEvent rejected = new OpenedEvent(event, Verdict.REJECTED, Optional.empty(), new byte[0],
                "bad signature: transition 1 of task t-abcdefghijklmnop does not verify", "");
        assertThat(formatter.line(rejected, "ops")).startsWith("[ops #9 14:02:11] !! REJECTED " + CLAIRE
                + " assigned task").endsWith(": bad signature: transition 1 of task t-abcdefghijklmnop does not verify");
    }

    @Test
    void anEscalationIsShownAsTheServerReportsIt() {
        ChannelEvent event = ChannelEvent.newBuilder().setChannelId("c-1").setSeq(12).setTimeMs(T_14_02_11)
                .setTaskEscalated(org.liaison.proto.v1.TaskEscalated.newBuilder().setTaskId("t-abcdefghijklmnop")
                        .setKind(org.liaison.proto.v1.EscalationKind.ESCALATION_KIND_NOT_ACKNOWLEDGED)
                        .setDeadlineMs(T_14_02_11).setAssignee(KARIM)
                        .setStatus(org.liaison.proto.v1.TaskStatus.TASK_STATUS_ASSIGNED))
                .build();
        OpenedEvent opened = new OpenedEvent(event, Verdict.VERIFIED, Optional.empty(), new byte[0], "",
                "reported by the server, signed by no officer");
        assertThat(formatter.line(opened, "ops")).isEqualTo("[ops #12 14:02:11] !! ESCALATION task "
                + "t-abcdefghijklmnop not acknowledged by 2024-07-26 14:02 (assignee " + KARIM
                + ", status assigned)  (reported by the server, signed by no officer)");
    }

    @Test
    void flashAcknowledgementsAndEscalationsAreShownAsTheServerReportsThem() {
        ChannelEvent acknowledged = ChannelEvent.newBuilder().setChannelId("c-1").setSeq(13).setTimeMs(T_14_02_11)
                .setActor(KARIM).setFlashAcknowledged(org.liaison.proto.v1.FlashAcknowledged.newBuilder().setSeq(12))
                .setAhead(true).build();
        ChannelEvent escalated = ChannelEvent.newBuilder().setChannelId("c-1").setSeq(14).setTimeMs(T_14_02_11)
                .setFlashEscalated(org.liaison.proto.v1.FlashEscalated.newBuilder().setSeq(12).setSender(CLAIRE)
                        .setDeadlineMs(T_14_02_11).addPending(KARIM).addPending("es-cnp.javier.ruiz"))
                .build();
        String note = "reported by the server, signed by no officer";

        assertThat(formatter.line(new OpenedEvent(acknowledged, Verdict.VERIFIED, Optional.empty(), new byte[0], "",
                note), "ops")).isEqualTo("[ops #13 14:02:11] " + KARIM + " acknowledged FLASH #12  (" + note + ")");
        assertThat(formatter.line(new OpenedEvent(escalated, Verdict.VERIFIED, Optional.empty(), new byte[0], "",
                note), "ops")).isEqualTo("[ops #14 14:02:11] !! ESCALATION FLASH #12 from " + CLAIRE
                + " not acknowledged by its deadline 14:02:11 (pending " + KARIM + ", es-cnp.javier.ruiz)  (" + note
                + ")");
        JsonNode ack = new ObjectMapper().valueToTree(formatter.view(new OpenedEvent(acknowledged, Verdict.VERIFIED,
                Optional.empty(), new byte[0], "", note), "ops"));
        assertThat(ack.get("type").asText()).isEqualTo("flash_acknowledged");
        assertThat(ack.get("flash").get("messageSeq").asLong()).isEqualTo(12);
        assertThat(ack.get("ahead").asBoolean()).isTrue();
        JsonNode escalation = new ObjectMapper().valueToTree(formatter.view(new OpenedEvent(escalated,
                Verdict.VERIFIED, Optional.empty(), new byte[0], "", note), "ops"));
        assertThat(escalation.get("flash").get("pending")).hasSize(2);
        assertThat(escalation.get("flash").get("sender").asText()).isEqualTo(CLAIRE);
        assertThat(escalation.has("ahead")).isFalse();
    }
}
