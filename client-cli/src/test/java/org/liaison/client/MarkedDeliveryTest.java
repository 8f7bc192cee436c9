package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.liaison.client.crypto.EnvelopeCrypto;
import org.liaison.client.crypto.EnvelopeRejectedException;
import org.liaison.client.crypto.Recipient;
import org.liaison.client.crypto.SealedMessage;
import org.liaison.client.crypto.TestDevices;
import org.liaison.client.crypto.TestDevices.Device;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.Precedence;

/** Who a marked message is sealed for, and who it is refused to: the client's side of docs/markings.md. */
class MarkedDeliveryTest {

    private static final Classification UNCLASSIFIED = Classification.CLASSIFICATION_UNCLASSIFIED;
    private static final Classification RESTRICTED = Classification.CLASSIFICATION_RESTRICTED;
    private static final Classification CONFIDENTIAL = Classification.CLASSIFICATION_CONFIDENTIAL;
    private static final Classification SECRET = Classification.CLASSIFICATION_SECRET;
    private static final Set<String> OFFICER = Set.of("officer");

    // Three nations, two clearances each; Claire (FR, CONFIDENTIAL) sends.
    private static final Device CLAIRE = device("fr-pn.claire.martin", "FR", CONFIDENTIAL);
    private static final Device HUGO = device("fr-pn.hugo.lefevre", "FR", UNCLASSIFIED);
    private static final Device KARIM = device("ma-dgsn.karim.benali", "MA", CONFIDENTIAL);
    private static final Device SARA = device("ma-dgsn.sara.idrissi", "MA", UNCLASSIFIED);
    private static final Device LUCIA = device("es-cnp.lucia.garcia", "ES", CONFIDENTIAL);
    private static final Device PABLO = device("es-cnp.pablo.ruiz", "ES", UNCLASSIFIED);
    private static final Device FR_AUDITOR = TestDevices.device("fr-pn.audit.dupont", "cli", "FR", SECRET,
            Set.of("auditor"));
    private static final Device ES_AUDITOR = TestDevices.device("es-cnp.audit.lopez", "cli", "ES", SECRET,
            Set.of("auditor"));
    private static final org.liaison.proto.v1.Markings CONFIDENTIAL_FR_MA =
            Markings.of(CONFIDENTIAL, "FR,MA", Precedence.PRECEDENCE_FLASH);

    private static Device device(String officerId, String nation, Classification clearance) {
        return TestDevices.device(officerId, "cli", nation, clearance, OFFICER);
    }

    private static ChannelRecipients channel(Classification ceiling, org.liaison.proto.v1.Markings defaults) {
        return new ChannelRecipients(3, Stream.of(CLAIRE, HUGO, KARIM, SARA, LUCIA, PABLO).map(Device::bundle).toList(),
                List.of(FR_AUDITOR.bundle(), ES_AUDITOR.bundle()), ceiling, defaults, List.of("a warning"));
    }

    private static ChannelRecipients secretChannel() {
        return channel(SECRET, Markings.DEFAULT);
    }

    @Test
    void sealsForExactlyTheOfficersWhoMaySeeTheMarkings() {
        Delivery delivery = secretChannel().deliver(Optional.of(CONFIDENTIAL_FR_MA), CLAIRE.bundle());

        assertThat(delivery.devices()).extracting(VerifiedBundle::officerId).containsExactlyInAnyOrder(
                "fr-pn.claire.martin", "ma-dgsn.karim.benali", "fr-pn.audit.dupont");
        assertThat(delivery.excluded()).extracting(Delivery.Exclusion::officerId, Delivery.Exclusion::why)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("fr-pn.hugo.lefevre", Delivery.Why.CLEARANCE_BELOW),
                        org.assertj.core.groups.Tuple.tuple("ma-dgsn.sara.idrissi", Delivery.Why.CLEARANCE_BELOW),
                        org.assertj.core.groups.Tuple.tuple("es-cnp.lucia.garcia", Delivery.Why.NATION_NOT_RELEASABLE),
                        org.assertj.core.groups.Tuple.tuple("es-cnp.pablo.ruiz", Delivery.Why.NATION_NOT_RELEASABLE),
                        org.assertj.core.groups.Tuple.tuple("es-cnp.audit.lopez", Delivery.Why.NATION_NOT_RELEASABLE));
        assertThat(delivery.auditedBy()).containsExactly("fr-pn.audit.dupont (fr-pn, FR)");
        assertThat(delivery.markings()).isEqualTo(CONFIDENTIAL_FR_MA);
        assertThat(delivery.membershipIndex()).isEqualTo(3);
        assertThat(delivery.warnings()).containsExactly("a warning");
        assertThat(delivery.excluded().get(0).describe())
                .isEqualTo("fr-pn.hugo.lefevre (fr-pn, FR, cleared UNCLASSIFIED): clearance below the classification");
    }

    @Test
    void theSealedEnvelopeOpensForTheIncludedAndNotForTheExcluded() {
        Delivery delivery = secretChannel().deliver(Optional.of(CONFIDENTIAL_FR_MA), CLAIRE.bundle());
        EnvelopeHeader header = header(delivery.markings());
        EnvelopeCrypto crypto = new EnvelopeCrypto();
        SealedMessage sealed = crypto.seal(header, "gate 4".getBytes(StandardCharsets.UTF_8), delivery.devices(),
                CLAIRE.keys());

        assertThat(crypto.open(sealed, header, KARIM.bundle().officerId(), "cli", KARIM.keys(), CLAIRE.bundle()))
                .asString(StandardCharsets.UTF_8).isEqualTo("gate 4");
        for (Device excluded : List.of(HUGO, SARA, LUCIA, PABLO, ES_AUDITOR)) {
            assertThatExceptionOfType(EnvelopeRejectedException.class).isThrownBy(() -> crypto.open(sealed, header,
                    excluded.bundle().officerId(), "cli", excluded.keys(), CLAIRE.bundle()))
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(EnvelopeRejectedException.Reason.NOT_A_RECIPIENT));
        }
        ReleasabilityCheck.check(header, CLAIRE.bundle(), sealed.recipients(), byOfficer());
    }

    @Test
    void withoutMarkingsTheChannelsSignedDefaultApplies() {
        org.liaison.proto.v1.Markings restrictedFr = Markings.of(RESTRICTED, "FR", Precedence.PRECEDENCE_ROUTINE);

        Delivery delivery = channel(CONFIDENTIAL, restrictedFr).deliver(Optional.empty(), CLAIRE.bundle());

        assertThat(delivery.markings()).isEqualTo(restrictedFr);
        assertThat(delivery.devices()).extracting(VerifiedBundle::officerId)
                .containsExactlyInAnyOrder("fr-pn.claire.martin", "fr-pn.audit.dupont");
    }

    @Test
    void releasableToAllIsLimitedByClearanceOnly() {
        Delivery delivery = secretChannel().deliver(Optional.of(Markings.of(RESTRICTED, "ALL",
                Precedence.PRECEDENCE_ROUTINE)), CLAIRE.bundle());

        assertThat(delivery.excluded()).extracting(Delivery.Exclusion::officerId).containsExactlyInAnyOrder(
                "fr-pn.hugo.lefevre", "ma-dgsn.sara.idrissi", "es-cnp.pablo.ruiz");
        assertThat(delivery.auditedBy()).hasSize(2);
    }

    @Test
    void aClassificationAboveTheSignedCeilingIsRefusedBeforeSealing() {
        assertThatExceptionOfType(MarkingsRefusedException.class)
                .isThrownBy(() -> channel(RESTRICTED, Markings.DEFAULT).deliver(Optional.of(CONFIDENTIAL_FR_MA),
                        CLAIRE.bundle()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(MarkingsRefusedException.Reason.ABOVE_CEILING))
                .satisfies(e -> assertThat(e.reason().code()).isEqualTo(org.liaison.proto.v1.ErrorCode.ABOVE_CEILING))
                .withMessageContaining("above this channel's ceiling, RESTRICTED");
    }

    @Test
    void aSenderWhoMayNotSeeWhatTheySendIsRefused() {
        assertThatExceptionOfType(MarkingsRefusedException.class)
                .isThrownBy(() -> secretChannel().deliver(Optional.of(CONFIDENTIAL_FR_MA), HUGO.bundle()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(MarkingsRefusedException.Reason.NOT_RELEASABLE))
                .withMessageContaining("clearance below");
        assertThatExceptionOfType(MarkingsRefusedException.class)
                .isThrownBy(() -> secretChannel().deliver(Optional.of(CONFIDENTIAL_FR_MA), LUCIA.bundle()))
                .withMessageContaining("nation not releasable");
    }

    @Test
    void malformedMarkingsAreRefused() {
        org.liaison.proto.v1.Markings unsorted = CONFIDENTIAL_FR_MA.toBuilder().clearReleasableTo()
                .addReleasableTo("MA").addReleasableTo("FR").build();

        assertThatExceptionOfType(MarkingsRefusedException.class)
                .isThrownBy(() -> secretChannel().deliver(Optional.of(unsorted), CLAIRE.bundle()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(MarkingsRefusedException.Reason.MALFORMED));
    }

    @Test
    void theReceiverRejectsAnEnvelopeSealedForSomeoneWhoMayNotSeeIt() {
        // A sender that ignores the markings: sealed for Lucia (ES) although only FR and MA may see it.
        EnvelopeHeader header = header(CONFIDENTIAL_FR_MA);
        SealedMessage sealed = new EnvelopeCrypto().seal(header, new byte[] {1}, List.of(CLAIRE.bundle(),
                KARIM.bundle(), LUCIA.bundle()), CLAIRE.keys());

        assertThatExceptionOfType(EnvelopeRejectedException.class)
                .isThrownBy(() -> ReleasabilityCheck.check(header, CLAIRE.bundle(), sealed.recipients(), byOfficer()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(EnvelopeRejectedException.Reason.NOT_RELEASABLE))
                .withMessageContaining("es-cnp.lucia.garcia").withMessageContaining("nation not releasable");
    }

    @Test
    void theReceiverRejectsASenderWhoMayNotSeeWhatTheySent() {
        EnvelopeHeader header = header(CONFIDENTIAL_FR_MA).toBuilder().setSender(HUGO.bundle().officerId()).build();

        assertThatExceptionOfType(EnvelopeRejectedException.class)
                .isThrownBy(() -> ReleasabilityCheck.check(header, HUGO.bundle(),
                        List.of(new Recipient("ma-dgsn.karim.benali", "cli")), byOfficer()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(EnvelopeRejectedException.Reason.NOT_RELEASABLE))
                .withMessageContaining("its sender");
    }

    private static java.util.Map<String, List<VerifiedBundle>> byOfficer() {
        return Stream.of(CLAIRE, HUGO, KARIM, SARA, LUCIA, PABLO, FR_AUDITOR, ES_AUDITOR).map(Device::bundle)
                .collect(java.util.stream.Collectors.groupingBy(VerifiedBundle::officerId));
    }

    private static EnvelopeHeader header(org.liaison.proto.v1.Markings markings) {
        return EnvelopeHeader.newBuilder().setMessageId("m-1").setChannelId("c-ops").setSender(CLAIRE.bundle().officerId())
                .setSenderDevice("cli").setSentMs(TestDevices.NOW.toEpochMilli()).setContentType("text/plain")
                .setMembershipIndex(3).setMarkings(markings).build();
    }
}
