package org.liaison.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.liaison.certs.TestPki.CLOCK;
import static org.liaison.certs.TestPki.NOW;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {

    @TempDir
    Path tmp;

    @Test
    void ensureGeneratesOnceAndThenChangesNothing() throws Exception {
        Path dir = tmp.resolve("dev");
        DevPki first = DevPki.ensure(dir, CLOCK);
        byte[] caKey = Files.readAllBytes(dir.resolve("agencies/fr-pn/ca.key.pem"));
        byte[] serverKey = Files.readAllBytes(first.serverKey());
        byte[] trust = Files.readAllBytes(first.trustConfig());

        DevPki second = DevPki.ensure(dir, CLOCK);

        assertThat(first.generatedNow()).isTrue();
        assertThat(second.generatedNow()).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("agencies/fr-pn/ca.key.pem"))).isEqualTo(caKey);
        assertThat(Files.readAllBytes(second.serverKey())).isEqualTo(serverKey);
        assertThat(Files.readAllBytes(second.trustConfig())).isEqualTo(trust);
    }

    @Test
    void generatedPkiHasTheDocumentedLayoutAndItFitsTogether() throws Exception {
        DevPki pki = DevPki.generate(tmp.resolve("dev"), CLOCK, false);

        List<TrustEntry> trust = TrustConfigFile.read(pki.trustConfig());
        assertThat(trust).extracting(e -> e.agency().code()).containsExactly("fr-pn", "ma-dgsn", "es-cnp");
        assertThat(trust.get(1).agency().name()).isEqualTo("Direction Générale de la Sûreté Nationale");
        for (TrustEntry entry : trust) {
            X509CRL crl = Pem.readCrl(entry.crl());
            crl.verify(Pem.readCertificate(entry.caCertificate()).getPublicKey());
            assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        }
        assertThat(pki.officerIds()).containsExactly("fr-pn.claire.martin", "fr-pn.hugo.lefevre",
                "ma-dgsn.karim.benali", "ma-dgsn.nadia.elamrani", "es-cnp.lucia.garcia", "es-cnp.javier.ruiz");
        assertThat(pki.agencyCa("fr-pn").issuedTo("fr-pn.claire.martin")).hasSize(1);

        List<X509Certificate> serverChain = Pem.readCertificates(pki.serverCertChain());
        X509Certificate operatorCa = Pem.readCertificate(pki.operatorCaCertificate());
        assertThat(serverChain).hasSize(2).endsWith(operatorCa);
        serverChain.get(0).verify(operatorCa.getPublicKey());
        assertThat(serverChain.get(0).getSubjectAlternativeNames())
                .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(Pem.readPrivateKey(pki.serverKey(), null)).isNotNull();
        assertThat(TestPki.permissions(pki.serverKey())).isIn(null, TestPki.OWNER_ONLY);
        assertThat(pki.operatorCa().certificate()).isEqualTo(operatorCa);
    }

    @Test
    void auditKeyIsIssuedByTheOperatorCaForSigningOnly() throws Exception {
        DevPki pki = DevPki.generate(tmp.resolve("dev"), CLOCK, false);

        List<X509Certificate> auditChain = Pem.readCertificates(pki.auditCertificate());
        X509Certificate operatorCa = Pem.readCertificate(pki.operatorCaCertificate());
        X509Certificate audit = auditChain.get(0);
        assertThat(auditChain).hasSize(2).endsWith(operatorCa);
        audit.verify(operatorCa.getPublicKey());
        assertThat(audit.getSubjectX500Principal().getName()).contains("CN=liaison-audit");
        assertThat(audit.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(audit.getExtendedKeyUsage()).isNull();
        assertThat(audit.getKeyUsage()[0]).isTrue();
        assertThat(Pem.readPrivateKey(pki.auditKey(), null).getAlgorithm()).isEqualTo("EC");
        assertThat(TestPki.permissions(pki.auditKey())).isIn(null, TestPki.OWNER_ONLY);
    }

    @Test
    void anOlderPkiWithoutAnAuditKeyGetsOneAndKeepsTheRest() throws Exception {
        Path dir = tmp.resolve("dev");
        DevPki first = DevPki.generate(dir, CLOCK, false);
        byte[] serverKey = Files.readAllBytes(first.serverKey());
        Files.delete(first.auditKey());
        Files.delete(first.auditCertificate());

        DevPki again = DevPki.ensure(dir, CLOCK);

        Pem.readCertificates(again.auditCertificate()).get(0)
                .verify(Pem.readCertificate(again.operatorCaCertificate()).getPublicKey());
        assertThat(Files.exists(again.auditKey())).isTrue();
        assertThat(Files.readAllBytes(again.serverKey())).isEqualTo(serverKey);
    }

    @Test
    void everyDevOfficerProfileOpensAndCarriesItsRoles() throws Exception {
        DevPki pki = DevPki.generate(tmp.resolve("dev"), CLOCK, false);

        for (String officerId : pki.officerIds()) {
            Path profile = pki.profile(officerId);
            char[] password = Files.readString(profile.resolve("identity.pass")).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(profile.resolve("identity.p12"))) {
                store.load(in, password);
            }
            X509Certificate cert = (X509Certificate) store.getCertificate("identity");
            String code = officerId.substring(0, officerId.indexOf('.'));
            cert.verify(pki.agencyCa(code).certificate().getPublicKey());
            assertThat(SubjectNames.commonName(cert)).contains(officerId);
            assertThat(SubjectNames.values(cert, org.bouncycastle.asn1.x500.style.BCStyle.OU))
                    .containsExactlyInAnyOrderElementsOf(pki.roles(officerId));
            assertThat(org.liaison.markings.Clearance.named(cert)).contains(pki.clearance(officerId));
            assertThat(Pem.readCertificates(profile.resolve("agency-cas.pem"))).hasSize(3);
        }
        assertThat(pki.roles("ma-dgsn.nadia.elamrani")).containsExactly("officer", "auditor");
        assertThat(pki.officerIds().stream().map(pki::clearance).distinct().count())
                .as("at least two clearances to try markings with").isGreaterThanOrEqualTo(2);
    }

    @Test
    void generateRefusesAnExistingPkiUnlessForced() throws Exception {
        Path dir = tmp.resolve("dev");
        DevPki.generate(dir, CLOCK, false);
        byte[] caKey = Files.readAllBytes(dir.resolve("operator/ca.key.pem"));

        assertThatThrownBy(() -> DevPki.generate(dir, CLOCK, false))
                .isInstanceOf(PkiException.class).hasMessageContaining("already present");
        DevPki regenerated = DevPki.generate(dir, CLOCK, true);

        assertThat(regenerated.generatedNow()).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("operator/ca.key.pem"))).isNotEqualTo(caKey);
        assertThat(regenerated.operatorCa().issuedTo("localhost")).hasSize(1);
    }

    @Test
    void ensureRegeneratesAnInterruptedGeneration() throws Exception {
        Path dir = tmp.resolve("dev");
        DevPki.generate(dir, CLOCK, false);
        Files.delete(dir.resolve("trust.properties"));

        DevPki pki = DevPki.ensure(dir, CLOCK);

        assertThat(pki.generatedNow()).isTrue();
        assertThat(pki.trustConfig()).exists();
    }

    @Test
    void ensureReportsAnIncompletePki() throws Exception {
        Path dir = tmp.resolve("dev");
        DevPki pki = DevPki.generate(dir, CLOCK, false);
        Files.delete(pki.serverKey());

        assertThatThrownBy(() -> DevPki.ensure(dir, CLOCK))
                .isInstanceOf(PkiException.class).hasMessageContaining("incomplete").hasMessageContaining("key.pem");
    }
}
