package org.liaison.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerSpec;
import org.liaison.client.crypto.MembershipRejectedException.Reason;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.StatementArchive;

/** Every rule of {@link MembershipChain#verify}, with certificates from the project's PKI library. */
class MembershipChainTest {

    private static final Instant NOW = TestDevices.NOW;
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration YEAR = Duration.ofDays(365);
    private static final String CHANNEL = "c-abcdefghijkl";

    private static BundleVerifier verifier;
    private static DeviceCredentials claire;
    private static DeviceCredentials hugo;
    private static DeviceCredentials karim;
    private static DeviceCredentials lucia;

    @BeforeAll
    static void pki() {
        CertificateAuthority frPn = CertificateAuthority.create(AgencySpec.of("fr-pn", "FR", "Police nationale"),
                CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        CertificateAuthority maDgsn = CertificateAuthority.create(AgencySpec.of("ma-dgsn", "MA", "DGSN"),
                CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        CertificateAuthority esCnp = CertificateAuthority.create(AgencySpec.of("es-cnp", "ES", "CNP"),
                CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        verifier = new BundleVerifier(List.of(frPn.certificate(), maDgsn.certificate()), CLOCK);
        claire = device(frPn.issueOfficerChecked("fr-pn.claire.martin",
                Set.of(OfficerSpec.OFFICER, OfficerSpec.SUPERVISOR), YEAR), "fr-pn.claire.martin");
        hugo = device(frPn.issueOfficerChecked("fr-pn.hugo.lefevre", Set.of(OfficerSpec.OFFICER), YEAR),
                "fr-pn.hugo.lefevre");
        karim = device(maDgsn.issueOfficerChecked("ma-dgsn.karim.benali", Set.of(OfficerSpec.OFFICER), YEAR),
                "ma-dgsn.karim.benali");
        // Not trusted by the verifier: a supervisor of an agency this client does not know.
        lucia = device(esCnp.issueOfficerChecked("es-cnp.lucia.garcia",
                Set.of(OfficerSpec.OFFICER, OfficerSpec.SUPERVISOR), YEAR), "es-cnp.lucia.garcia");
    }

    private static DeviceCredentials device(IssuedIdentity identity, String officerId) {
        DeviceKeys keys = DeviceKeys.generate();
        var bundle = KeyBundles.bundle(officerId, "laptop", keys, NOW.minus(Duration.ofHours(1)), Duration.ofDays(30));
        return new DeviceCredentials(officerId, "laptop", keys,
                KeyBundles.sign(bundle, identity.privateKey(), identity.chain()));
    }

    /** Claire creates the channel with Hugo, adds Karim, promotes Hugo. */
    private static List<SignedStatement> chain() {
        List<SignedStatement> chain = new ArrayList<>();
        chain.add(MembershipChain.sign(MembershipChain.createGroup(CHANNEL, "ops", "gate 4",
                List.of(hugo.officerId()), claire, NOW), claire));
        chain.add(next(chain, claire, statement -> statement.setAdd(karim.officerId())));
        chain.add(next(chain, claire, statement -> statement.setPromote(hugo.officerId())));
        return chain;
    }

    private static SignedStatement next(List<SignedStatement> chain, DeviceCredentials actor,
                                        java.util.function.UnaryOperator<MembershipStatement.Builder> change) {
        VerifiedMembership head = MembershipChain.verify(CHANNEL, chain, verifier, NOW);
        return MembershipChain.sign(change.apply(MembershipChain.next(head, actor, NOW)).build(), actor);
    }

    private static void assertRejected(List<SignedStatement> chain, Reason reason, String text) {
        assertThatExceptionOfType(MembershipRejectedException.class)
                .isThrownBy(() -> MembershipChain.verify(CHANNEL, chain, verifier, NOW))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason))
                .withMessageContaining(text);
    }

    @Test
    void aValidChainGivesMembersSupervisorsAndMembersAtEachStatement() {
        List<SignedStatement> chain = chain();
        VerifiedMembership membership = MembershipChain.verify(CHANNEL, chain, verifier, NOW);

        assertThat(membership.members()).containsExactly("fr-pn.claire.martin", "fr-pn.hugo.lefevre",
                "ma-dgsn.karim.benali");
        assertThat(membership.supervisors()).containsExactly("fr-pn.claire.martin", "fr-pn.hugo.lefevre");
        assertThat(membership.membersAt(0)).containsExactly("fr-pn.claire.martin", "fr-pn.hugo.lefevre");
        assertThat(membership.headIndex()).isEqualTo(2);
        assertThat(membership.kind()).isEqualTo(ChannelKind.CHANNEL_KIND_GROUP);
        assertThat(membership.creator()).isEqualTo("fr-pn.claire.martin");
        assertThat(membership.headHash()).isEqualTo(MembershipChain.linkHash(chain.get(2)));
        assertThat(membership.contains(chain.get(1))).isTrue();
    }

    @Test
    void aPromotedSupervisorMayChangeMembershipButAPlainMemberMayNot() {
        List<SignedStatement> chain = chain();
        chain.add(next(chain, hugo, statement -> statement.setRemove(karim.officerId())));
        assertThat(MembershipChain.verify(CHANNEL, chain, verifier, NOW).members())
                .doesNotContain("ma-dgsn.karim.benali");

        List<SignedStatement> byMember = chain();
        byMember.add(next(byMember, karim, statement -> statement.setAdd("ma-dgsn.nadia.elamrani")));
        assertRejected(byMember, Reason.NOT_AUTHORISED, "not a supervisor");
    }

    @Test
    void aGroupChannelCreatedWithoutTheSupervisorRoleIsRefused() {
        List<SignedStatement> chain = List.of(MembershipChain.sign(MembershipChain.createGroup(CHANNEL, "rogue", "",
                List.of(), hugo, NOW), hugo));
        assertRejected(chain, Reason.NOT_AUTHORISED, "no supervisor role");
    }

    @Test
    void aMemberTheServerInjectsWithoutASignatureIsNotAMember() {
        List<SignedStatement> chain = chain();
        VerifiedMembership membership = MembershipChain.verify(CHANNEL, chain, verifier, NOW);

        assertThat(membership.discrepancies(Set.of("fr-pn.claire.martin", "fr-pn.hugo.lefevre",
                "ma-dgsn.karim.benali", "es-cnp.mallory.x")))
                .singleElement().asString().contains("es-cnp.mallory.x").contains("ignored");
        assertThat(membership.members()).doesNotContain("es-cnp.mallory.x");
    }

    @Test
    void anAlteredStatementBreaksItsSignature() {
        List<SignedStatement> chain = chain();
        MembershipStatement added = MembershipChain.parse(chain.get(1)).toBuilder().setAdd("es-cnp.mallory.x").build();
        chain.set(1, chain.get(1).toBuilder().setStatement(added.toByteString()).build());
        assertRejected(chain, Reason.BAD_SIGNATURE, "statement 1");
    }

    @Test
    void aDroppedOrReorderedStatementBreaksTheChain() {
        List<SignedStatement> dropped = chain();
        dropped.remove(1);
        assertRejected(dropped, Reason.BROKEN_CHAIN, "statement 1");

        List<SignedStatement> empty = List.of();
        assertRejected(empty, Reason.UNSIGNED, "no signed creation statement");
    }

    @Test
    void aStatementOfAnotherChannelIsRefused() {
        List<SignedStatement> other = List.of(MembershipChain.sign(MembershipChain.createGroup("c-zzzzzzzzzzzz", "x",
                "", List.of(), claire, NOW), claire));
        assertRejected(other, Reason.WRONG_CHANNEL, "c-zzzzzzzzzzzz");
    }

    @Test
    void aSignerFromAnUntrustedAgencyIsRefused() {
        List<SignedStatement> chain = List.of(MembershipChain.sign(MembershipChain.createGroup(CHANNEL, "x", "",
                List.of(), lucia, NOW), lucia));
        assertRejected(chain, Reason.SIGNER_REJECTED, "statement 0");
    }

    @Test
    void aSignerBundleOfAnotherOfficerIsRefused() {
        MembershipStatement claims = MembershipChain.createGroup(CHANNEL, "x", "", List.of(), claire, NOW);
        SignedStatement signed = MembershipChain.sign(claims, claire).toBuilder().setSigner(hugo.bundle()).build();
        assertRejected(List.of(signed), Reason.SIGNER_REJECTED, "carries the keys of fr-pn.hugo.lefevre");
    }

    @Test
    void nothingChangesAfterAnArchiveNorInADirectChannel() {
        List<SignedStatement> chain = chain();
        chain.add(next(chain, claire, statement -> statement.setArchive(StatementArchive.getDefaultInstance())));
        assertThat(MembershipChain.verify(CHANNEL, chain, verifier, NOW).archived()).isTrue();
        SignedStatement late = MembershipChain.sign(MembershipChain.next(
                MembershipChain.verify(CHANNEL, chain, verifier, NOW), claire, NOW).setAdd("fr-pn.x.y").build(), claire);
        chain.add(late);
        assertRejected(chain, Reason.INVALID_CHANGE, "archived");

        List<SignedStatement> direct = new ArrayList<>();
        direct.add(MembershipChain.sign(MembershipChain.createDirect(CHANNEL, karim.officerId(), hugo, NOW), hugo));
        assertThat(MembershipChain.verify(CHANNEL, direct, verifier, NOW).members())
                .containsExactly("fr-pn.hugo.lefevre", "ma-dgsn.karim.benali");
        direct.add(next(direct, hugo, statement -> statement.setAdd(claire.officerId())));
        assertRejected(direct, Reason.INVALID_CHANGE, "direct channel");
    }

    @Test
    void aStatementDatedInTheFutureIsRefused() {
        List<SignedStatement> chain = List.of(MembershipChain.sign(MembershipChain.createGroup(CHANNEL, "x", "",
                List.of(), claire, NOW.plus(Duration.ofHours(1))), claire));
        assertRejected(chain, Reason.MALFORMED, "future");
    }

    @Test
    void theLinkHashCoversStatementAndSignature() {
        SignedStatement first = chain().get(0);
        SignedStatement resigned = first.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
        assertThat(MembershipChain.linkHash(first)).hasSize(32).isNotEqualTo(MembershipChain.linkHash(resigned));
    }

    @Test
    void theSignedCreationGivesTheCeilingAndDefaultMarkings() {
        org.liaison.proto.v1.Markings restricted = org.liaison.markings.Markings.of(
                org.liaison.proto.v1.Classification.CLASSIFICATION_RESTRICTED, "FR,MA",
                org.liaison.proto.v1.Precedence.PRECEDENCE_ROUTINE);
        List<SignedStatement> chain = List.of(MembershipChain.sign(MembershipChain.createGroup(CHANNEL, "ops", "",
                List.of(karim.officerId()), org.liaison.proto.v1.Classification.CLASSIFICATION_SECRET, restricted,
                claire, NOW), claire));

        VerifiedMembership verified = MembershipChain.verify(CHANNEL, chain, verifier, NOW);

        assertThat(verified.ceiling()).isEqualTo(org.liaison.proto.v1.Classification.CLASSIFICATION_SECRET);
        assertThat(verified.defaultMarkings()).isEqualTo(restricted);
    }

    @Test
    void aCreationThatSaysNothingIsUnclassifiedReleasableToAll() {
        VerifiedMembership verified = MembershipChain.verify(CHANNEL, chain(), verifier, NOW);

        assertThat(verified.ceiling()).isEqualTo(org.liaison.proto.v1.Classification.CLASSIFICATION_UNCLASSIFIED);
        assertThat(verified.defaultMarkings()).isEqualTo(org.liaison.markings.Markings.DEFAULT);
    }

    @Test
    void defaultMarkingsAboveTheCeilingOrMalformedAreRefused() {
        org.liaison.proto.v1.Markings secret = org.liaison.markings.Markings.of(
                org.liaison.proto.v1.Classification.CLASSIFICATION_SECRET, "ALL",
                org.liaison.proto.v1.Precedence.PRECEDENCE_ROUTINE);
        List<SignedStatement> above = List.of(MembershipChain.sign(MembershipChain.createGroup(CHANNEL, "x", "",
                List.of(), org.liaison.proto.v1.Classification.CLASSIFICATION_RESTRICTED, secret, claire, NOW), claire));
        List<SignedStatement> malformed = List.of(MembershipChain.sign(MembershipChain.createGroup(CHANNEL, "x", "",
                List.of(), org.liaison.proto.v1.Classification.CLASSIFICATION_SECRET,
                secret.toBuilder().setReleasableToAll(false).build(), claire, NOW), claire));

        assertRejected(above, Reason.INVALID_CHANGE, "above the channel's ceiling");
        assertRejected(malformed, Reason.MALFORMED, "releasable to no nation");
    }
}
