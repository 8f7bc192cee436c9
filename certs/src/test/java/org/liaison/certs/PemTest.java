package org.liaison.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir
    Path tmp;

    private final CertificateAuthority ca = TestPki.frPn();
    private final IssuedIdentity officer =
            ca.issueOfficerChecked("fr-pn.claire.martin", Set.of("officer"), Duration.ofDays(30));

    @Test
    void encryptedKeyDecryptsWithThePlainJdkTheWayNettyDoes() throws Exception {
        Path file = tmp.resolve("key.pem");
        Pem.writePrivateKey(file, officer.privateKey(), "s3cret".toCharArray());

        String base64 = Files.readString(file)
                .replace("-----BEGIN ENCRYPTED PRIVATE KEY-----", "")
                .replace("-----END ENCRYPTED PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(Base64.getDecoder().decode(base64));
        // PBES2: the cipher name is in the parameters (Netty's SslContext.generateKeySpec does the same)
        String algorithm = info.getAlgParameters().toString();
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.DECRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec("s3cret".toCharArray())),
                info.getAlgParameters());
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(info.getKeySpec(cipher));

        assertThat(algorithm).isEqualTo("PBEWithHmacSHA256AndAES_256");
        assertThat(key.getEncoded()).isEqualTo(officer.privateKey().getEncoded());
        assertThat(Pem.readPrivateKey(file, "s3cret".toCharArray()).getEncoded()).isEqualTo(officer.privateKey().getEncoded());
        assertThat(TestPki.permissions(file)).isIn(null, TestPki.OWNER_ONLY);
    }

    @Test
    void wrongOrMissingPasswordIsRefusedNamingTheFile() {
        Path file = tmp.resolve("key.pem");
        Pem.writePrivateKey(file, officer.privateKey(), "s3cret".toCharArray());

        assertThatThrownBy(() -> Pem.readPrivateKey(file, "nope".toCharArray()))
                .isInstanceOf(PkiException.class).hasMessageContaining(file.toString()).hasMessageNotContaining("nope");
        assertThatThrownBy(() -> Pem.readPrivateKey(file, null))
                .isInstanceOf(PkiException.class).hasMessageContaining("no password was given");
    }

    @Test
    void unencryptedKeyRoundTrips() {
        Path file = tmp.resolve("key.pem");
        Pem.writePrivateKey(file, officer.privateKey(), null);

        assertThat(Pem.readPrivateKey(file, null).getEncoded()).isEqualTo(officer.privateKey().getEncoded());
    }

    @Test
    void chainRoundTripsInOrder() {
        Path file = tmp.resolve("chain.pem");
        Pem.writeCertificates(file, officer.chain());

        List<X509Certificate> read = Pem.readCertificates(file);

        assertThat(read).containsExactlyElementsOf(officer.chain());
        assertThat(Pem.readCertificate(file)).isEqualTo(officer.certificate());
    }

    @Test
    void aKeyFileIsNotACertificateFile() {
        Path file = tmp.resolve("key.pem");
        Pem.writePrivateKey(file, officer.privateKey(), null);

        assertThatThrownBy(() -> Pem.readCertificates(file))
                .isInstanceOf(PkiException.class).hasMessageContaining("expected certificates");
        assertThatThrownBy(() -> Pem.readCertificates(tmp.resolve("missing.pem")))
                .isInstanceOf(PkiException.class).hasMessageContaining("file not found");
    }

    @Test
    void crlRoundTrips() throws Exception {
        Path file = tmp.resolve("crl.pem");
        var crl = ca.crl(Duration.ofDays(1));
        Pem.writeCrl(file, crl);

        assertThat(Pem.readCrl(file).getEncoded()).isEqualTo(crl.getEncoded());
    }
}
