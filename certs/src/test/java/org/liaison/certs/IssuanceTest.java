package org.liaison.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.liaison.certs.TestPki.CLOCK;
import static org.liaison.certs.TestPki.NOW;

import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.markings.Clearance;
import org.liaison.proto.v1.Classification;

class IssuanceTest {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @TempDir
    Path tmp;

    private final CertificateAuthority ca = TestPki.frPn();

    @Test
    void officerCertificateHasTheExactSubjectRolesAndUsages() throws Exception {
        IssuedIdentity identity = ca.issueOfficerChecked("fr-pn.claire.martin", Set.of("supervisor", "officer"),
                Duration.ofDays(365));
        X509Certificate cert = identity.certificate();

        assertThat(cert.getSubjectX500Principal().getName())
                .isEqualTo("CN=fr-pn.claire.martin,OU=officer,OU=supervisor,O=fr-pn,C=FR");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(cert.getKeyUsage()).startsWith(true, false, false, false, false, false, false);
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.15", "2.5.29.19");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(TestPki.subjectKeyId(cert)).isNotEmpty();
        assertThat(TestPki.authorityKeyId(cert.getExtensionValue("2.5.29.35"))).isEqualTo(TestPki.subjectKeyId(ca.certificate()));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(identity.chain()).containsExactly(cert, ca.certificate());
        assertThat(TestPki.signsFor(identity.privateKey(), cert.getPublicKey())).isTrue();
        cert.verify(ca.certificate().getPublicKey());
        validate(cert, ca.certificate());
    }

    @Test
    void theClearanceIsWrittenIntoTheCertificateAndReadBackTheSameWay() {
        IssuedIdentity secret = ca.issueOfficerChecked("fr-pn.anne.martin", Set.of("officer"),
                Classification.CLASSIFICATION_SECRET, Duration.ofDays(30));
        IssuedIdentity none = ca.issueOfficerChecked("fr-pn.paul.roux", Set.of("officer"), Duration.ofDays(30));

        assertThat(Clearance.named(secret.certificate())).contains(Classification.CLASSIFICATION_SECRET);
        assertThat(secret.certificate().getNonCriticalExtensionOIDs()).contains(Clearance.OID);
        assertThat(Clearance.named(none.certificate())).isEmpty();
        assertThat(Clearance.of(none.certificate())).isEqualTo(Classification.CLASSIFICATION_UNCLASSIFIED);
    }

    @Test
    void checkedIssuanceRefusesAnIdOfAnotherAgency() {
        assertThatThrownBy(() -> ca.issueOfficerChecked("ma-dgsn.karim.benali", Set.of("officer"), Duration.ofDays(30)))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("does not start with 'fr-pn.'");
        assertThat(ca.issuedTo("ma-dgsn.karim.benali")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr-pn", "fr-pn.", "fr-pn.Claire.martin", "fr-pn.claire martin", "fr-pn..claire",
            "fr-pn.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void checkedIssuanceRefusesMalformedIds(String officerId) {
        assertThatThrownBy(() -> ca.issueOfficerChecked(officerId, Set.of("officer"), Duration.ofDays(30)))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("invalid officer id");
    }

    @Test
    void checkedIssuanceRefusesUnknownOrMissingRoles() {
        assertThatThrownBy(() -> ca.issueOfficerChecked("fr-pn.a.b", Set.of("officer", "admin"), Duration.ofDays(30)))
                .isInstanceOf(PkiException.class).hasMessageContaining("unknown role 'admin'");
        assertThatThrownBy(() -> ca.issueOfficerChecked("fr-pn.a.b", Set.of(), Duration.ofDays(30)))
                .isInstanceOf(PkiException.class).hasMessageContaining("at least one role");
    }

    @Test
    void checkedIssuanceRefusesAValidityBeyondTheCas() {
        assertThatThrownBy(() -> ca.issueOfficerChecked("fr-pn.a.b", Set.of("officer"), Duration.ofDays(4000)))
                .isInstanceOf(PkiException.class).hasMessageContaining("would end after the CA certificate");
    }

    @Test
    void forgedSpecClaimingAnotherAgencyIsIssuedExactlyAsAsked() throws Exception {
        OfficerSpec forged = OfficerSpec.forAgency(TestPki.MA_DGSN, "ma-dgsn.karim.benali", Set.of("auditor"),
                NOW, Duration.ofDays(30));

        X509Certificate cert = ca.issueOfficer(forged).certificate();

        assertThat(cert.getSubjectX500Principal().getName())
                .isEqualTo("CN=ma-dgsn.karim.benali,OU=auditor,O=ma-dgsn,C=MA");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        cert.verify(ca.certificate().getPublicKey());
    }

    @Test
    void forgedSpecMayOmitOrganizationAndCountryAndBeExpired() {
        OfficerSpec expired = new OfficerSpec("fr-pn.old.timer", Set.of("officer"), null, null,
                NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(1)));

        X509Certificate cert = ca.issueOfficer(expired).certificate();

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=fr-pn.old.timer,OU=officer");
        assertThatThrownBy(() -> cert.checkValidity(Date.from(NOW))).isInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void issuedCertificatesAreFoundByOfficerIdAfterReload() {
        Path dir = tmp.resolve("fr-pn");
        ca.save(dir, null, false);
        IssuedIdentity first = ca.issueOfficerChecked("fr-pn.hugo.lefevre", Set.of("officer"), Duration.ofDays(30));
        IssuedIdentity second = ca.issueOfficerChecked("fr-pn.hugo.lefevre", Set.of("officer"), Duration.ofDays(60));
        ca.issueOfficerChecked("fr-pn.claire.martin", Set.of("officer"), Duration.ofDays(30));

        CertificateAuthority reloaded = CertificateAuthority.load(dir, null, CLOCK);

        assertThat(reloaded.issuedTo("fr-pn.hugo.lefevre"))
                .containsExactlyInAnyOrder(first.serialNumber(), second.serialNumber());
        assertThat(dir.resolve("issued").resolve(first.serialNumber().toString(16) + ".pem")).exists();
        assertThat(reloaded.issuedCertificate(second.serialNumber())).contains(second.certificate());
    }

    @Test
    void serverCertificateHasItsNamesAndServerAuth() throws Exception {
        CertificateAuthority operator = CertificateAuthority.create(
                AgencySpec.of("liaison-ops", "FR", "Liaison Operator"), CLOCK, Duration.ofDays(3650));

        X509Certificate cert = operator.issueServer(List.of("liaison.example", "localhost"),
                List.of("127.0.0.1", "::1"), Duration.ofDays(825)).certificate();

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=liaison.example,O=liaison-ops");
        assertThat(operator.certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=Liaison Operator CA,O=liaison-ops,C=FR");
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "liaison.example"), List.of(2, "localhost"),
                List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(cert.getKeyUsage()[0]).isTrue();
        validate(cert, operator.certificate());
    }

    @Test
    void serverCertificateRefusesMalformedNames() {
        assertThatThrownBy(() -> ca.issueServer(List.of("not a name"), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a name");
        assertThatThrownBy(() -> ca.issueServer(List.of("localhost"), List.of("localhost"), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid IP address");
        assertThatThrownBy(() -> ca.issueServer(List.of(), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void validate(X509Certificate leaf, X509Certificate root) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }
}
