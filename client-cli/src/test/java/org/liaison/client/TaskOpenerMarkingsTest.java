package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerSpec;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.EnvelopeCrypto;
import org.liaison.client.crypto.EnvelopeRejectedException;
import org.liaison.client.crypto.Envelopes;
import org.liaison.client.crypto.KeyBundles;
import org.liaison.client.crypto.TaskChain;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.Precedence;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.proto.v1.TaskUpdate;

/** The markings of task content on the receiving side ({@link TaskOpener}). */
class TaskOpenerMarkingsTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String CHANNEL = "c-taskmarkings";
    private static final org.liaison.proto.v1.Markings RESTRICTED_FR_MA =
            Markings.of(Classification.CLASSIFICATION_RESTRICTED, "FR,MA", Precedence.PRECEDENCE_ROUTINE);

    private static BundleVerifier verifier;
    private static DeviceCredentials claire;
    private static DeviceCredentials karim;

    @BeforeAll
    static void pki() {
        CertificateAuthority frPn = CertificateAuthority.create(AgencySpec.of("fr-pn", "FR", "Police nationale"),
                CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        CertificateAuthority maDgsn = CertificateAuthority.create(AgencySpec.of("ma-dgsn", "MA", "DGSN"),
                CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        verifier = new BundleVerifier(List.of(frPn.certificate(), maDgsn.certificate()), CLOCK);
        claire = device(frPn, AgencySpec.of("fr-pn", "FR", "Police nationale"), "fr-pn.claire.martin",
                Set.of(OfficerSpec.OFFICER, OfficerSpec.SUPERVISOR), Classification.CLASSIFICATION_SECRET);
        karim = device(maDgsn, AgencySpec.of("ma-dgsn", "MA", "DGSN"), "ma-dgsn.karim.benali",
                Set.of(OfficerSpec.OFFICER), Classification.CLASSIFICATION_RESTRICTED);
    }

    private static DeviceCredentials device(CertificateAuthority ca, AgencySpec agency, String officerId,
                                            Set<String> roles, Classification clearance) {
        IssuedIdentity identity = ca.issueOfficer(OfficerSpec.forAgency(agency, officerId, roles,
                NOW.minus(Duration.ofDays(1)), Duration.ofDays(365)).withClearance(clearance));
        DeviceKeys keys = DeviceKeys.generate();
        return new DeviceCredentials(officerId, "cli-1", keys, KeyBundles.sign(KeyBundles.bundle(officerId, "cli-1",
                keys, NOW.minus(Duration.ofHours(1)), Duration.ofDays(30)), identity.privateKey(), identity.chain()));
    }

    /** Claire creates a task for Karim whose content is marked {@code markings} and sealed for both. */
    private static ChannelEvent creation(org.liaison.proto.v1.Markings markings) {
        TaskTransition.Builder transition = TaskChain.create(TaskChain.newTaskId(), CHANNEL, claire, NOW)
                .setAssignee(karim.officerId());
        EnvelopeHeader header = EnvelopeHeader.newBuilder()
                .setMessageId(TaskChain.contentId(transition.getTaskId(), 0)).setChannelId(CHANNEL)
                .setSender(claire.officerId()).setSenderDevice(claire.deviceId()).setSentMs(NOW.toEpochMilli())
                .setContentType(TaskContent.CONTENT_TYPE).setMarkings(markings).build();
        List<VerifiedBundle> recipients = List.of(verifier.verify(claire.bundle()), verifier.verify(karim.bundle()));
        Envelope content = Envelopes.toProto(header, new EnvelopeCrypto().seal(header,
                new TaskContent("Sweep gate 4", "").encodeCreation(), recipients, claire.keys()));
        TaskTransition signed = transition.setContentDigest(ByteString.copyFrom(TaskChain.contentDigest(content)))
                .build();
        return ChannelEvent.newBuilder().setChannelId(CHANNEL).setSeq(4).setActor(claire.officerId())
                .setTask(TaskUpdate.newBuilder().setTransition(TaskChain.sign(signed, claire)).setContent(content))
                .build();
    }

    private static OpenedEvent openAsKarim(ChannelEvent event) {
        return new TaskOpener(verifier, karim, CLOCK).open(event);
    }

    @Test
    void aTaskMarkedForTheReaderOpensAndShowsItsMarkings() {
        OpenedEvent opened = openAsKarim(creation(RESTRICTED_FR_MA));

        assertThat(opened.isReadable()).isTrue();
        assertThat(opened.markings()).contains(RESTRICTED_FR_MA);
        assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).contains("Sweep gate 4");
    }

    @Test
    void aTaskSealedForAReaderWhoMayNotSeeItIsRejected() {
        OpenedEvent opened = openAsKarim(creation(Markings.of(Classification.CLASSIFICATION_CONFIDENTIAL, "FR,MA",
                Precedence.PRECEDENCE_ROUTINE)));

        assertThat(opened.isVerified()).isFalse();
        assertThat(opened.markings()).isEmpty();
        assertThat(opened.rejection()).hasValueSatisfying(e -> assertThat(((EnvelopeRejectedException) e).reason())
                .isEqualTo(EnvelopeRejectedException.Reason.NOT_RELEASABLE));
        assertThat(opened.problem()).contains("ma-dgsn.karim.benali", "clearance below the classification");
    }

    @Test
    void taskMarkingsLoweredOnTheWayAreRejected() {
        ChannelEvent event = creation(Markings.of(Classification.CLASSIFICATION_RESTRICTED, "FR",
                Precedence.PRECEDENCE_FLASH));
        Envelope content = event.getTask().getContent();
        ChannelEvent relabelled = event.toBuilder().setTask(event.getTask().toBuilder().setContent(content.toBuilder()
                .setHeader(content.getHeader().toBuilder().setMarkings(RESTRICTED_FR_MA)))).build();

        OpenedEvent opened = openAsKarim(relabelled);

        assertThat(opened.isVerified()).isFalse();
        assertThat(opened.rejection()).hasValueSatisfying(e -> assertThat(((EnvelopeRejectedException) e).reason())
                .isEqualTo(EnvelopeRejectedException.Reason.BAD_SIGNATURE));
    }

    @Test
    void aLaterStepMarkedOtherwiseThanTheCreationIsFlagged() {
        OpenedEvent created = openAsKarim(creation(RESTRICTED_FR_MA));
        OpenedEvent same = openAsKarim(creation(RESTRICTED_FR_MA));
        OpenedEvent wider = openAsKarim(creation(Markings.of(Classification.CLASSIFICATION_RESTRICTED, "ALL",
                Precedence.PRECEDENCE_ROUTINE)));

        assertThat(TaskHistory.markingsProblem(created, same)).isEmpty();
        assertThat(TaskHistory.markingsProblem(created, wider)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("RESTRICTED // REL ALL", "created RESTRICTED // REL FR, MA"));
    }
}
