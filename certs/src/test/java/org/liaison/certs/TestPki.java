package org.liaison.certs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/** Shared values and checks of the certs tests. */
final class TestPki {

    static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final AgencySpec FR_PN = AgencySpec.of("fr-pn", "FR", "Police nationale");
    static final AgencySpec MA_DGSN = AgencySpec.of("ma-dgsn", "MA", "Direction Générale de la Sûreté Nationale");

    private TestPki() {
    }

    static CertificateAuthority frPn() {
        return CertificateAuthority.create(FR_PN, CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
    }

    static boolean signsFor(PrivateKey privateKey, PublicKey publicKey) throws Exception {
        byte[] data = "probe".getBytes();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(data);
        return verifier.verify(signature);
    }

    static byte[] subjectKeyId(java.security.cert.X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }

    static byte[] authorityKeyId(byte[] extensionValue) {
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extensionValue).getOctets()).getKeyIdentifier();
    }

    /** The POSIX permissions of {@code file}, or null on a file system without them. */
    static Set<PosixFilePermission> permissions(Path file) throws Exception {
        return PkiFiles.supportsPosix(file) ? Files.getPosixFilePermissions(file) : null;
    }

    static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
}
