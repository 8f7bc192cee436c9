package org.liaison.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerSpec;
import org.liaison.certs.Pem;
import org.liaison.client.crypto.BundleRejectedException.Reason;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.SignedKeyBundle;

/** Every rule of {@link BundleVerifier}, with certificates made by the project's own PKI library. */
class BundleVerifierTest {

    private static final Instant NOW = TestDevices.NOW;
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AgencySpec FR_PN = AgencySpec.of("fr-pn", "FR", "Police nationale");
    private static final AgencySpec MA_DGSN = AgencySpec.of("ma-dgsn", "MA", "Direction Générale de la Sûreté Nationale");
    private static final AgencySpec ES_CNP = AgencySpec.of("es-cnp", "ES", "Cuerpo Nacional de Policía");
    private static final AgencySpec FR_GN = AgencySpec.of("fr-gn", "FR", "Gendarmerie nationale");
    private static final Set<String> OFFICER = Set.of(OfficerSpec.OFFICER);
    private static final Duration YEAR = Duration.ofDays(365);

    private static CertificateAuthority frPn;
    private static CertificateAuthority maDgsn;
    private static CertificateAuthority esCnp;
    private static CertificateAuthority expiredFrGn;
    private static BundleVerifier verifier;
    private static IssuedIdentity claire;
    private static IssuedIdentity hugo;
    private static IssuedIdentity karim;
    private static DeviceKeys keys;

    @BeforeAll
    static void pki() {
        frPn = CertificateAuthority.create(FR_PN, CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        maDgsn = CertificateAuthority.create(MA_DGSN, CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        esCnp = CertificateAuthority.create(ES_CNP, CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        // Valid for a year from 400 days ago: expired 35 days before NOW.
        expiredFrGn = CertificateAuthority.create(FR_GN, Clock.fixed(NOW.minus(Duration.ofDays(400)), ZoneOffset.UTC), YEAR);
        verifier = new BundleVerifier(List.of(frPn.certificate(), maDgsn.certificate(), expiredFrGn.certificate()), CLOCK);
        claire = frPn.issueOfficerChecked("fr-pn.claire.martin", Set.of(OfficerSpec.OFFICER, OfficerSpec.SUPERVISOR), YEAR);
        hugo = frPn.issueOfficerChecked("fr-pn.hugo.lefevre", OFFICER, YEAR);
        karim = maDgsn.issueOfficerChecked("ma-dgsn.karim.benali", OFFICER, YEAR);
        keys = DeviceKeys.generate();
    }

    private static KeyBundle bundleOf(String officerId) {
        return KeyBundles.bundle(officerId, "laptop-1", keys, NOW.minus(Duration.ofHours(1)), Duration.ofDays(30));
    }

    private static SignedKeyBundle signed(IssuedIdentity identity, KeyBundle bundle) {
        return KeyBundles.sign(bundle, identity.privateKey(), identity.chain());
    }

    private static SignedKeyBundle claires(KeyBundle bundle) {
        return signed(claire, bundle);
    }

    private static IssuedIdentity frPnCertificateFor(String officerId, String organization, String country) {
        return frPn.issueOfficer(new OfficerSpec(officerId, OFFICER, organization, country, NOW.minus(Duration.ofDays(1)),
                NOW.plus(YEAR)));
    }

    private static void assertRefused(SignedKeyBundle signed, Reason reason, String detail) {
        assertThatExceptionOfType(BundleRejectedException.class)
                .isThrownBy(() -> verifier.verify(signed))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason))
                .withMessageContaining(reason.description())
                .withMessageContaining(detail);
    }

    @Test
    void clearanceComesFromTheOfficerCertificateAndDefaultsToUnclassified() {
        IssuedIdentity cleared = frPn.issueOfficer(OfficerSpec.forAgency(FR_PN, "fr-pn.ines.roux", OFFICER,
                NOW.minus(Duration.ofDays(1)), YEAR).withClearance(org.liaison.proto.v1.Classification.CLASSIFICATION_CONFIDENTIAL));

        VerifiedBundle confidential = verifier.verify(signed(cleared, bundleOf("fr-pn.ines.roux")));
        VerifiedBundle none = verifier.verify(signed(hugo, bundleOf("fr-pn.hugo.lefevre")));

        assertThat(confidential.clearance()).isEqualTo(org.liaison.proto.v1.Classification.CLASSIFICATION_CONFIDENTIAL);
        assertThat(none.clearance()).isEqualTo(org.liaison.proto.v1.Classification.CLASSIFICATION_UNCLASSIFIED);
    }

    @Test
    void acceptsTheBundleOfATrustedAgencysOfficer() {
        VerifiedBundle verified = verifier.verify(claires(bundleOf("fr-pn.claire.martin")));

        assertThat(verified.officerId()).isEqualTo("fr-pn.claire.martin");
        assertThat(verified.agency()).isEqualTo("fr-pn");
        assertThat(verified.nation()).isEqualTo("FR");
        assertThat(verified.deviceId()).isEqualTo("laptop-1");
        assertThat(verified.signingKey()).isEqualTo(keys.signingPublicKey());
        assertThat(verified.encryptionKey()).isEqualTo(keys.encryptionPublicKey());
        assertThat(verified.created()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(verified.expires()).isEqualTo(NOW.minus(Duration.ofHours(1)).plus(Duration.ofDays(30)));
        assertThat(verified.fingerprint())
                .matches("([0-9a-f]{4} ){7}[0-9a-f]{4}")
                .isEqualTo(keys.fingerprint());
        assertThat(verified.recipient()).isEqualTo(new Recipient("fr-pn.claire.martin", "laptop-1"));
    }

    @Test
    void agencyAndNationComeFromTheIssuingCa() {
        VerifiedBundle verified = verifier.verify(signed(karim, bundleOf("ma-dgsn.karim.benali")));

        assertThat(verified.agency()).isEqualTo("ma-dgsn");
        assertThat(verified.nation()).isEqualTo("MA");
    }

    @Test
    void trustComesFromTheLocalCasNotFromTheAttachedChain() throws Exception {
        SignedKeyBundle withForeignCaAttached = claires(bundleOf("fr-pn.claire.martin")).toBuilder()
                .setCertificateChain(1, bytes(esCnp.certificate().getEncoded()))
                .build();
        IssuedIdentity lucia = esCnp.issueOfficerChecked("es-cnp.lucia.garcia", OFFICER, YEAR);
        SignedKeyBundle foreignWithTrustedCaAttached = signed(lucia, bundleOf("es-cnp.lucia.garcia")).toBuilder()
                .setCertificateChain(1, bytes(frPn.certificate().getEncoded()))
                .build();

        assertThat(verifier.verify(withForeignCaAttached).officerId()).isEqualTo("fr-pn.claire.martin");
        assertRefused(foreignWithTrustedCaAttached, Reason.UNTRUSTED_ISSUER, "es-cnp");
    }

    @Test
    void refusesABundleWithoutChain() {
        assertRefused(claires(bundleOf("fr-pn.claire.martin")).toBuilder().clearCertificateChain().build(),
                Reason.MISSING_CHAIN, "no certificate");
    }

    @Test
    void refusesAnUnparseableCertificate() {
        SignedKeyBundle garbage = claires(bundleOf("fr-pn.claire.martin")).toBuilder()
                .setCertificateChain(0, ByteString.copyFromUtf8("not a certificate"))
                .build();

        assertRefused(garbage, Reason.MALFORMED, "cannot be parsed");
    }

    @Test
    void refusesAnOfficerOfAnUntrustedAgency() {
        IssuedIdentity lucia = esCnp.issueOfficerChecked("es-cnp.lucia.garcia", OFFICER, YEAR);

        assertRefused(signed(lucia, bundleOf("es-cnp.lucia.garcia")), Reason.UNTRUSTED_ISSUER,
                "is not signed by any trusted agency CA");
    }

    @Test
    void refusesACertificateFromAForgedCaWithATrustedName() {
        CertificateAuthority forged = CertificateAuthority.create(FR_PN, CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        assertThat(forged.certificate().getSubjectX500Principal()).isEqualTo(frPn.certificate().getSubjectX500Principal());
        IssuedIdentity fakeClaire = forged.issueOfficerChecked("fr-pn.claire.martin", OFFICER, YEAR);

        assertRefused(signed(fakeClaire, bundleOf("fr-pn.claire.martin")), Reason.UNTRUSTED_ISSUER, "O=fr-pn");
    }

    @Test
    void refusesAnExpiredOfficerCertificate() {
        IssuedIdentity expired = frPn.issueOfficer(new OfficerSpec("fr-pn.old.timer", OFFICER, "fr-pn", "FR",
                NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1))));

        assertRefused(signed(expired, bundleOf("fr-pn.old.timer")), Reason.CERTIFICATE_EXPIRED, "officer certificate");
    }

    @Test
    void refusesAnOfficerCertificateNotYetValid() {
        IssuedIdentity early = frPn.issueOfficer(new OfficerSpec("fr-pn.new.hire", OFFICER, "fr-pn", "FR",
                NOW.plus(Duration.ofDays(1)), NOW.plus(YEAR)));

        assertRefused(signed(early, bundleOf("fr-pn.new.hire")), Reason.CERTIFICATE_NOT_YET_VALID, "valid only from");
    }

    @Test
    void refusesAnOfficerOfAnExpiredAgencyCa() {
        IssuedIdentity gendarme = expiredFrGn.issueOfficer(OfficerSpec.forAgency(FR_GN, "fr-gn.paul.durand", OFFICER,
                NOW.minus(Duration.ofDays(1)), Duration.ofDays(30)));

        assertRefused(signed(gendarme, bundleOf("fr-gn.paul.durand")), Reason.CERTIFICATE_EXPIRED,
                "agency CA certificate of fr-gn");
    }

    @Test
    void refusesAServerCertificateIssuedByAnAgencyCa() {
        IssuedIdentity server = frPn.issueServer(List.of("fr-pn.evil.example.org"), List.of(), Duration.ofDays(30));

        assertRefused(signed(server, bundleOf("fr-pn.evil.example.org")), Reason.NOT_OFFICER_CERTIFICATE,
                "lacks clientAuth");
    }

    @Test
    void refusesACertificateOfCaAClaimingAgencyB() {
        IssuedIdentity fakeKarim = frPn.issueOfficer(OfficerSpec.forAgency(MA_DGSN, "ma-dgsn.karim.benali", OFFICER,
                NOW.minus(Duration.ofDays(1)), YEAR));

        assertRefused(signed(fakeKarim, bundleOf("ma-dgsn.karim.benali")), Reason.WRONG_AGENCY,
                "claims O=[ma-dgsn], C=[MA] but was issued by the CA of agency fr-pn (FR)");
    }

    @Test
    void refusesACertificateClaimingAnotherNation() {
        IssuedIdentity wrongNation = frPnCertificateFor("fr-pn.claire.martin", "fr-pn", "MA");

        assertRefused(signed(wrongNation, bundleOf("fr-pn.claire.martin")), Reason.WRONG_AGENCY, "C=[MA]");
    }

    @Test
    void refusesACertificateWithoutAgency() {
        IssuedIdentity noOrganization = frPnCertificateFor("fr-pn.claire.martin", null, "FR");

        assertRefused(signed(noOrganization, bundleOf("fr-pn.claire.martin")), Reason.WRONG_AGENCY, "O=[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ma-dgsn.karim.benali", "fr-pn-evil.someone", "fr-pnx.someone", "fr-pn.", "fr.pn.x"})
    void refusesAnOfficerIdOutsideTheAgencysPrefix(String officerId) {
        IssuedIdentity outside = frPnCertificateFor(officerId, "fr-pn", "FR");

        assertRefused(signed(outside, bundleOf(officerId)), Reason.WRONG_AGENCY, "does not start with 'fr-pn.'");
    }

    @Test
    void refusesABundleWhoseBytesWereAltered() {
        SignedKeyBundle original = claires(bundleOf("fr-pn.claire.martin"));
        KeyBundle substituted = bundleOf("fr-pn.claire.martin").toBuilder()
                .setEncryptionKey(bytes(DeviceKeys.generate().encryptionPublicKey()))
                .build();

        assertRefused(original.toBuilder().setBundle(substituted.toByteString()).build(), Reason.BAD_SIGNATURE,
                "does not verify with the key of");
    }

    @Test
    void refusesABundleSignedWithAnotherOfficersKey() {
        SignedKeyBundle signedByHugo = signed(hugo, bundleOf("fr-pn.claire.martin"));
        SignedKeyBundle presentedAsClaires = signedByHugo.toBuilder()
                .clearCertificateChain()
                .addAllCertificateChain(claires(bundleOf("fr-pn.claire.martin")).getCertificateChainList())
                .build();

        assertRefused(presentedAsClaires, Reason.BAD_SIGNATURE, "CN=fr-pn.claire.martin");
    }

    @Test
    void refusesASignatureThatIsNotEcdsa() {
        SignedKeyBundle garbled = claires(bundleOf("fr-pn.claire.martin")).toBuilder()
                .setSignature(ByteString.copyFromUtf8("no signature"))
                .build();

        assertRefused(garbled, Reason.BAD_SIGNATURE, "not a valid ECDSA signature");
    }

    @Test
    void refusesABundleNamingAnotherOfficer() {
        assertRefused(claires(bundleOf("fr-pn.hugo.lefevre")), Reason.OFFICER_MISMATCH,
                "names officer 'fr-pn.hugo.lefevre' but was signed by the certificate of 'fr-pn.claire.martin'");
    }

    @ParameterizedTest
    @CsvSource({"31, 32", "33, 32", "0, 32", "32, 31", "32, 64", "32, 0"})
    void refusesKeysOfTheWrongLength(int signingLength, int encryptionLength) {
        KeyBundle bundle = bundleOf("fr-pn.claire.martin").toBuilder()
                .setSigningKey(bytes(Arrays.copyOf(keys.signingPublicKey(), signingLength)))
                .setEncryptionKey(bytes(Arrays.copyOf(keys.encryptionPublicKey(), encryptionLength)))
                .build();

        assertRefused(claires(bundle), Reason.BAD_KEY_LENGTH,
                "signing key has " + signingLength + ", encryption key " + encryptionLength);
    }

    @Test
    void refusesASigningKeyThatIsNotACurvePoint() {
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff);
        KeyBundle bundle = bundleOf("fr-pn.claire.martin").toBuilder().setSigningKey(bytes(notAPoint)).build();

        assertRefused(claires(bundle), Reason.INVALID_KEY, "not a valid Ed25519 public key");
    }

    @Test
    void refusesAnExpiredBundle() {
        KeyBundle expired = KeyBundles.bundle("fr-pn.claire.martin", "laptop-1", keys, NOW.minus(Duration.ofDays(31)),
                Duration.ofDays(30));
        KeyBundle expiringNow = KeyBundles.bundle("fr-pn.claire.martin", "laptop-1", keys, NOW.minus(Duration.ofDays(30)),
                Duration.ofDays(30));

        assertRefused(claires(expired), Reason.BUNDLE_EXPIRED, "fr-pn.claire.martin/laptop-1 expired on");
        assertRefused(claires(expiringNow), Reason.BUNDLE_EXPIRED, "expired on " + NOW);
    }

    @Test
    void refusesMalformedBundleFields() {
        KeyBundle badDevice = bundleOf("fr-pn.claire.martin").toBuilder().setDeviceId("my laptop").build();
        KeyBundle backwards = bundleOf("fr-pn.claire.martin").toBuilder()
                .setExpiresMs(bundleOf("fr-pn.claire.martin").getCreatedMs() - 1)
                .build();

        assertRefused(claires(badDevice), Reason.MALFORMED, "device id 'my laptop'");
        assertRefused(claires(backwards), Reason.MALFORMED, "before it was created");
    }

    @Test
    void refusesSignedBytesThatAreNotABundle() throws Exception {
        byte[] notProtobuf = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
        Signature signer = Signature.getInstance(KeyBundles.SIGNATURE_ALGORITHM);
        signer.initSign(claire.privateKey());
        signer.update(KeyBundles.signedContent(notProtobuf));
        SignedKeyBundle signed = claires(bundleOf("fr-pn.claire.martin")).toBuilder()
                .setBundle(ByteString.copyFrom(notProtobuf))
                .setSignature(ByteString.copyFrom(signer.sign()))
                .build();

        assertRefused(signed, Reason.MALFORMED, "not a KeyBundle");
    }

    @Test
    void signingChecksThatTheKeyBelongsToTheCertificate() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyBundles.sign(bundleOf("fr-pn.claire.martin"), hugo.privateKey(), claire.chain()))
                .withMessageContaining("does not belong to the first certificate");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyBundles.sign(bundleOf("fr-pn.claire.martin"), claire.privateKey(), List.of()));
    }

    @Test
    void signedContentIsDomainSeparated() {
        byte[] content = KeyBundles.signedContent(new byte[] {7, 8});

        assertThat(content).isEqualTo(new byte[] {'l', 'i', 'a', 'i', 's', 'o', 'n', '-', 'k', 'e', 'y', 'b', 'u', 'n',
            'd', 'l', 'e', '-', 'v', '1', 0, 7, 8});
    }

    @Test
    void fingerprintIsEightGroupsOfTheKeysSha256() {
        // SHA-256 of 64 zero bytes is f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b.
        assertThat(KeyBundles.fingerprint(new byte[32], new byte[32])).isEqualTo("f5a5 fd42 d16a 2030 2798 ef6e d309 979b");
    }

    @Test
    void verifierNeedsAgencyCaCertificates() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BundleVerifier(List.of(claire.certificate()), CLOCK))
                .withMessageContaining("is not a CA certificate");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BundleVerifier(List.of(), CLOCK))
                .withMessageContaining("no trusted agency CA");
    }

    @Test
    void verifierReadsTheProfilesAgencyCaFile(@TempDir Path dir) {
        Path agencyCas = dir.resolve("agency-cas.pem");
        Pem.writeCertificates(agencyCas, List.of(frPn.certificate(), maDgsn.certificate()));

        BundleVerifier fromFile = BundleVerifier.fromPem(agencyCas, CLOCK);

        assertThat(fromFile.verify(claires(bundleOf("fr-pn.claire.martin"))).agency()).isEqualTo("fr-pn");
        assertThatExceptionOfType(CryptoException.class)
                .isThrownBy(() -> BundleVerifier.fromPem(dir.resolve("absent.pem"), CLOCK))
                .withMessageContaining("absent.pem");
    }

    private static ByteString bytes(byte[] bytes) {
        return ByteString.copyFrom(bytes);
    }
}
