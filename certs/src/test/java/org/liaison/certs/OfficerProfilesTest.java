package org.liaison.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.liaison.certs.TestPki.CLOCK;

import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfficerProfilesTest {

    @TempDir
    Path tmp;

    private final CertificateAuthority frPn = TestPki.frPn();
    private final CertificateAuthority maDgsn = CertificateAuthority.create(TestPki.MA_DGSN, CLOCK, Duration.ofDays(3650));
    private final CertificateAuthority operator = CertificateAuthority.create(
            AgencySpec.of("liaison-ops", "FR", "Liaison Operator"), CLOCK, Duration.ofDays(3650));
    private final IssuedIdentity claire =
            frPn.issueOfficerChecked("fr-pn.claire.martin", Set.of("officer", "supervisor"), Duration.ofDays(365));

    @Test
    void generatedPasswordOpensThePkcs12WithTheJdkKeyStore() throws Exception {
        Path profile = write(null);

        Path passwordFile = profile.resolve("identity.pass");
        char[] password = Files.readString(passwordFile).toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(profile.resolve("identity.p12"))) {
            store.load(in, password);
        }

        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(TestPki.permissions(passwordFile)).isIn(null, TestPki.OWNER_ONLY);
        assertThat(TestPki.permissions(profile.resolve("identity.p12"))).isIn(null, TestPki.OWNER_ONLY);
        assertThat(store.aliases().nextElement()).isEqualTo("identity");
        assertThat(store.isKeyEntry("identity")).isTrue();
        Certificate[] chain = store.getCertificateChain("identity");
        assertThat(chain).containsExactly(claire.certificate(), frPn.certificate());
        PrivateKey key = (PrivateKey) store.getKey("identity", password);
        assertThat(key.getEncoded()).isEqualTo(claire.privateKey().getEncoded());
        assertThat(Pem.readPrivateKey(profile.resolve("key.pem"), password).getEncoded())
                .isEqualTo(claire.privateKey().getEncoded());
        assertThat(Pem.readCertificates(profile.resolve("cert.pem"))).containsExactly(claire.certificate(), frPn.certificate());
    }

    @Test
    void profileTellsTheClientWhereEverythingIs() throws Exception {
        Path profile = write(null);

        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(profile.resolve("liaison.properties"))) {
            properties.load(reader);
        }

        assertThat(properties).containsEntry("server", "liaison.example:7443")
                .containsEntry("identity", "identity.p12")
                .containsEntry("password-file", "identity.pass")
                .containsEntry("server-ca", "server-ca.pem")
                .containsEntry("agency-cas", "agency-cas.pem");
        assertThat(Pem.readCertificates(profile.resolve("server-ca.pem"))).containsExactly(operator.certificate());
        assertThat(Pem.readCertificates(profile.resolve("agency-cas.pem")))
                .containsExactly(frPn.certificate(), maDgsn.certificate());
    }

    @Test
    void givenPasswordIsUsedAndNeverWrittenDown() throws Exception {
        Path profile = write("officer-chosen".toCharArray());

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(profile.resolve("identity.p12"))) {
            store.load(in, "officer-chosen".toCharArray());
        }
        assertThat(store.getCertificate("identity")).isEqualTo(claire.certificate());
        assertThat(profile.resolve("identity.pass")).doesNotExist();
        assertThat(Files.readString(profile.resolve("liaison.properties"))).doesNotContain("password-file");
    }

    @Test
    void existingProfileIsKeptUnlessForced() throws Exception {
        Path profile = write(null);
        byte[] before = Files.readAllBytes(profile.resolve("identity.p12"));

        assertThatThrownBy(() -> write(null))
                .isInstanceOf(PkiException.class).hasMessageContaining("refusing to overwrite");
        assertThat(Files.readAllBytes(profile.resolve("identity.p12"))).isEqualTo(before);

        OfficerProfiles.write(profile, claire, "other".toCharArray(), operator.certificate(),
                List.of(frPn.certificate()), "localhost:7443", true);
        assertThat(profile.resolve("identity.pass")).as("stale password file removed").doesNotExist();
    }

    @Test
    void malformedServerAddressIsRefused() {
        assertThatThrownBy(() -> OfficerProfiles.write(tmp.resolve("p"), claire, null, operator.certificate(),
                List.of(frPn.certificate()), "liaison.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThat(tmp.resolve("p")).doesNotExist();
        OfficerProfiles.checkServerAddress("[::1]:7443");
    }

    private Path write(char[] password) {
        return OfficerProfiles.write(tmp.resolve("claire"), claire, password, operator.certificate(),
                List.of(frPn.certificate(), maDgsn.certificate()), "liaison.example:7443");
    }
}
