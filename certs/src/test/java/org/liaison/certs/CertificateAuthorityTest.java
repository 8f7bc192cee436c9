package org.liaison.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.liaison.certs.TestPki.CLOCK;
import static org.liaison.certs.TestPki.FR_PN;
import static org.liaison.certs.TestPki.NOW;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    @TempDir
    Path tmp;

    @Test
    void createdCaIsASelfSignedP256CaWithCriticalConstraints() throws Exception {
        X509Certificate ca = TestPki.frPn().certificate();

        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Police nationale CA,O=fr-pn,C=FR");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        boolean[] usage = ca.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("digitalSignature").isFalse();
        assertThat(TestPki.authorityKeyId(ca.getExtensionValue("2.5.29.35"))).isEqualTo(TestPki.subjectKeyId(ca));
        assertThat(ca.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(ca.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateAuthority.CLOCK_SKEW_ALLOWANCE));
        assertThat(ca.getSerialNumber().signum()).isPositive();
        assertThat(ca.getSerialNumber().bitLength()).isBetween(64, 128);
        ca.verify(ca.getPublicKey());
    }

    @Test
    void savedCaLoadsBackWithItsCertificateKeyAndAgency() throws Exception {
        CertificateAuthority original = TestPki.frPn();
        Path dir = tmp.resolve("fr-pn");
        original.save(dir, null, false);

        CertificateAuthority loaded = CertificateAuthority.load(dir, null, CLOCK);

        assertThat(loaded.certificate()).isEqualTo(original.certificate());
        assertThat(loaded.agency()).isEqualTo(FR_PN);
        assertThat(loaded.directory()).contains(dir);
        assertThat(dir.resolve("crl.pem")).exists();
        assertThat(dir.resolve("revoked.properties")).exists();
        assertThat(Files.readString(dir.resolve("ca.key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(TestPki.permissions(dir.resolve("ca.key.pem"))).isIn(null, TestPki.OWNER_ONLY);
        IssuedIdentity officer = loaded.issueOfficerChecked("fr-pn.claire.martin", Set.of("officer"), Duration.ofDays(10));
        officer.certificate().verify(original.certificate().getPublicKey());
    }

    @Test
    void encryptedCaKeyLoadsOnlyWithItsPassphrase() throws Exception {
        CertificateAuthority original = TestPki.frPn();
        Path dir = tmp.resolve("fr-pn");
        original.save(dir, "correct horse".toCharArray(), false);

        assertThat(Files.readString(dir.resolve("ca.key.pem"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        CertificateAuthority loaded = CertificateAuthority.load(dir, "correct horse".toCharArray(), CLOCK);
        assertThat(loaded.certificate()).isEqualTo(original.certificate());
        assertThatThrownBy(() -> CertificateAuthority.load(dir, null, CLOCK))
                .isInstanceOf(PkiException.class).hasMessageContaining("ca.key.pem").hasMessageContaining("encrypted");
        assertThatThrownBy(() -> CertificateAuthority.load(dir, "wrong".toCharArray(), CLOCK))
                .isInstanceOf(PkiException.class).hasMessageContaining("wrong password");
    }

    @Test
    void saveRefusesToOverwriteAnExistingKeyWithoutForce() throws Exception {
        Path dir = tmp.resolve("fr-pn");
        TestPki.frPn().save(dir, null, false);
        byte[] keyBefore = Files.readAllBytes(dir.resolve("ca.key.pem"));
        CertificateAuthority other = TestPki.frPn();

        assertThatThrownBy(() -> other.save(dir, null, false))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("refusing to overwrite")
                .hasMessageContaining("ca.key.pem");
        assertThat(Files.readAllBytes(dir.resolve("ca.key.pem"))).isEqualTo(keyBefore);

        other.save(dir, null, true);
        assertThat(CertificateAuthority.load(dir, null, CLOCK).certificate()).isEqualTo(other.certificate());
    }

    @Test
    void forcedReplacementByAnotherCaForgetsTheOldCasIssuedCertificates() {
        Path dir = tmp.resolve("fr-pn");
        CertificateAuthority first = TestPki.frPn();
        first.save(dir, null, false);
        first.issueOfficerChecked("fr-pn.hugo.lefevre", Set.of("officer"), Duration.ofDays(10));

        TestPki.frPn().save(dir, null, true);

        assertThat(CertificateAuthority.load(dir, null, CLOCK).issuedTo("fr-pn.hugo.lefevre")).isEmpty();
    }

    @Test
    void loadRefusesAKeyThatIsNotTheCertificates() throws Exception {
        Path first = tmp.resolve("a");
        Path second = tmp.resolve("b");
        TestPki.frPn().save(first, null, false);
        TestPki.frPn().save(second, null, false);
        Files.copy(second.resolve("ca.key.pem"), first.resolve("ca.key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> CertificateAuthority.load(first, null, CLOCK))
                .isInstanceOf(PkiException.class).hasMessageContaining("is not the private key of");
    }

    @Test
    void loadRefusesACertificateOfAnotherAgency() throws Exception {
        Path dir = tmp.resolve("fr-pn");
        TestPki.frPn().save(dir, null, false);
        Files.writeString(dir.resolve("agency.properties"), "code=ma-dgsn\nnation=MA\nname=DGSN\n");

        assertThatThrownBy(() -> CertificateAuthority.load(dir, null, CLOCK))
                .isInstanceOf(PkiException.class).hasMessageContaining("does not match");
    }

    @Test
    void loadOfAMissingDirectoryNamesIt() {
        Path missing = tmp.resolve("nowhere");
        assertThatThrownBy(() -> CertificateAuthority.load(missing, null, CLOCK))
                .isInstanceOf(PkiException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void agencySpecRejectsMalformedValues() {
        assertThatThrownBy(() -> AgencySpec.of("FR", "FR", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agency code");
        assertThatThrownBy(() -> AgencySpec.of("fr-pn", "fr", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nation");
        assertThatThrownBy(() -> new AgencySpec("fr-pn", "FR", "x", "fr-pn")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
        assertThat(AgencySpec.of("fr-pn", "FR", "Police nationale").officerPrefix()).isEqualTo("fr-pn.");
    }
}
