package org.liaison.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.liaison.certs.TestPki.CLOCK;
import static org.liaison.certs.TestPki.NOW;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationTest {

    @TempDir
    Path tmp;

    private final CertificateAuthority ca = TestPki.frPn();

    @Test
    void revokedSerialIsInTheNextCrlWhichTheCaSigned() throws Exception {
        IssuedIdentity officer = ca.issueOfficerChecked("fr-pn.hugo.lefevre", Set.of("officer"), Duration.ofDays(30));
        ca.revoke(officer.serialNumber(), NOW, RevocationReason.KEY_COMPROMISE.code());

        X509CRL crl = ca.crl(Duration.ofDays(30));

        crl.verify(ca.certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getRevokedCertificate(officer.serialNumber())).isNotNull();
        assertThat(crl.getRevokedCertificate(officer.serialNumber()).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(crl.getRevokedCertificate(officer.serialNumber()).getRevocationDate().toInstant()).isEqualTo(NOW);
        assertThat(crl.isRevoked(officer.certificate())).isTrue();
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(TestPki.authorityKeyId(crl.getExtensionValue("2.5.29.35"))).isEqualTo(TestPki.subjectKeyId(ca.certificate()));
    }

    @Test
    void crlNumbersIncreaseAcrossCrlsAndReloads() {
        Path dir = tmp.resolve("fr-pn");
        ca.save(dir, null, false);
        BigInteger saved = CertificateAuthority.crlNumber(Pem.readCrl(dir.resolve("crl.pem")));
        BigInteger next = CertificateAuthority.crlNumber(ca.crl(Duration.ofDays(30)));

        BigInteger afterReload = CertificateAuthority.crlNumber(
                CertificateAuthority.load(dir, null, CLOCK).crl(Duration.ofDays(30)));

        assertThat(saved).isPositive();
        assertThat(next).isGreaterThan(saved);
        assertThat(afterReload).isGreaterThan(next);
    }

    @Test
    void savedCaHasAnEmptyCrl() {
        Path dir = tmp.resolve("fr-pn");
        ca.save(dir, null, false);

        X509CRL crl = Pem.readCrl(dir.resolve("crl.pem"));

        assertThat(crl.getRevokedCertificates()).isNull();
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(CertificateAuthority.DEFAULT_CRL_VALIDITY));
    }

    @Test
    void revocationSurvivesAReloadAndReachesTheWrittenCrl() {
        Path dir = tmp.resolve("fr-pn");
        ca.save(dir, null, false);
        IssuedIdentity officer = ca.issueOfficerChecked("fr-pn.hugo.lefevre", Set.of("officer"), Duration.ofDays(30));
        ca.revoke(officer.serialNumber(), NOW, RevocationReason.SUPERSEDED);

        CertificateAuthority reloaded = CertificateAuthority.load(dir, null, CLOCK);
        reloaded.writeCrl(dir.resolve("crl.pem"), Duration.ofDays(7));

        assertThat(reloaded.isRevoked(officer.serialNumber())).isTrue();
        X509CRL crl = Pem.readCrl(dir.resolve("crl.pem"));
        assertThat(crl.getRevokedCertificate(officer.serialNumber()).getRevocationReason()).isEqualTo(CRLReason.SUPERSEDED);
    }

    @Test
    void pkixWithTheCrlRefusesTheRevokedOfficerAndAcceptsTheOther() throws Exception {
        IssuedIdentity revoked = ca.issueOfficerChecked("fr-pn.hugo.lefevre", Set.of("officer"), Duration.ofDays(30));
        IssuedIdentity valid = ca.issueOfficerChecked("fr-pn.claire.martin", Set.of("officer"), Duration.ofDays(30));
        ca.revoke(revoked.serialNumber(), NOW, RevocationReason.KEY_COMPROMISE);
        X509CRL crl = ca.crl(Duration.ofDays(30));

        validateWithCrl(valid.certificate(), crl);
        assertThatThrownBy(() -> validateWithCrl(revoked.certificate(), crl))
                .isInstanceOfSatisfying(CertPathValidatorException.class,
                        e -> assertThat(e.getReason()).isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
    }

    @Test
    void unsupportedReasonCodesAreRefused() {
        assertThatThrownBy(() -> ca.revoke(BigInteger.TEN, NOW, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.revoke(BigInteger.TEN, NOW, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported CRL reason code 6");
        assertThat(ca.isRevoked(BigInteger.TEN)).isFalse();
    }

    private void validateWithCrl(X509Certificate leaf, X509CRL crl) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.setRevocationEnabled(true);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
        parameters.setDate(Date.from(NOW.plus(Duration.ofHours(1))));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }}
