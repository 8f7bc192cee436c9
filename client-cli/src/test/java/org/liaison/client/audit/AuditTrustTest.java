package org.liaison.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.ProfileException;
import org.liaison.testing.TestPki;

/** The audit certificate must chain to the operator CA the profile trusts for the server, and its encodings. */
class AuditTrustTest {

    private static TestPki pki;
    private static TestPki.Issued audit;
    private static AuditTrust trust;

    @TempDir
    Path dir;

    @BeforeAll
    static void operatorCaAndAuditCertificate() {
        pki = TestPki.create();
        audit = pki.issueAudit();
        trust = new AuditTrust(List.of(pki.operatorCa()));
    }

    @Test
    void theChainAsTheServerSendsItWithOrWithoutTheCaVerifies() {
        assertThat(trust.verify(List.of(audit.certificate(), pki.operatorCa()), Instant.now()))
                .isEqualTo(audit.certificate());
        assertThat(trust.verify(List.of(audit.certificate()), Instant.now())).isEqualTo(audit.certificate());
    }

    @Test
    void theProfilesServerCaFileIsTheTrustAnchor() throws Exception {
        Path profile = pki.writeProfile(dir.resolve("profile"), "localhost:7443", "pw");

        AuditTrust fromProfile = AuditTrust.fromPem(profile.resolve("server-ca.pem"));

        assertThat(fromProfile.verify(List.of(audit.certificate()), Instant.now())).isEqualTo(audit.certificate());
    }

    @Test
    void anAuditCertificateOfAnotherOperatorIsRefusedEvenWithItsOwnCaInTheChain() {
        TestPki other = TestPki.create();

        assertThatThrownBy(() -> trust.verify(List.of(other.issueAudit().certificate(), other.operatorCa()),
                Instant.now())).isInstanceOf(AuditCertificateException.class)
                .hasMessageContaining("does not chain to the trusted operator CA");
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefusedAtThatTimeOnly() {
        Instant now = Instant.now();
        TestPki.Issued old = pki.issueAudit(now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(10)));

        assertThatThrownBy(() -> trust.verify(List.of(old.certificate()), now))
                .isInstanceOf(AuditCertificateException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> trust.verify(List.of(audit.certificate()), now.minus(Duration.ofDays(3))))
                .isInstanceOf(AuditCertificateException.class).hasMessageContaining("not yet valid");
        assertThat(trust.verify(List.of(old.certificate()), now.minus(Duration.ofDays(15))))
                .isEqualTo(old.certificate());
    }

    @Test
    void theOperatorCaItselfIsNoAuditCertificate() {
        assertThatThrownBy(() -> trust.verify(List.of(pki.operatorCa()), Instant.now()))
                .isInstanceOf(AuditCertificateException.class).hasMessageContaining("is a CA certificate");
    }

    @Test
    void noCertificateIsRefused() {
        assertThatThrownBy(() -> trust.verify(List.of(), Instant.now()))
                .isInstanceOf(AuditCertificateException.class).hasMessageContaining("no audit certificate");
        assertThatThrownBy(() -> CertificateEncoding.fromDer(List.of(new byte[] {1, 2, 3})))
                .isInstanceOf(AuditCertificateException.class).hasMessageContaining("cannot be parsed");
    }

    @Test
    void pemWrittenIsPemRead() throws Exception {
        Path file = dir.resolve("certs.pem");
        Files.writeString(file, CertificateEncoding.pem(List.of(audit.certificate(), pki.operatorCa())));

        assertThat(CertificateEncoding.readPem(file)).containsExactly(audit.certificate(), pki.operatorCa());
        assertThatThrownBy(() -> CertificateEncoding.readPem(dir.resolve("missing.pem")))
                .isInstanceOf(ProfileException.class).hasMessageContaining("does not exist");
    }
}
