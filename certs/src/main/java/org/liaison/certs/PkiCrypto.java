package org.liaison.certs;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The algorithms of the Liaison PKI in one place: ECDSA P-256 keys, SHA256withECDSA signatures,
 * random 128-bit serial numbers, key identifiers.
 *
 * <p>Keys, certificates and CRLs are JDK objects (SunEC, the JDK's X.509 factory) so that the JDK's
 * TLS stack and {@code KeyStore} accept them as they are. Bouncy Castle builds the ASN.1 and does
 * the PEM encryption; its provider is used explicitly where needed and never registered globally.
 */
final class PkiCrypto {

    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    static final String CURVE = "secp256r1";

    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PkiCrypto() {
    }

    static Provider bouncyCastle() {
        return BC;
    }

    static SecureRandom random() {
        return RANDOM;
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate an ECDSA P-256 key pair", e);
        }
    }

    /** A positive serial number of at most 128 bits (RFC 5280 allows up to 20 octets). */
    static BigInteger newSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.bitLength() < 64);
        return serial;
    }

    static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(RANDOM).build(key);
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot create a " + SIGNATURE_ALGORITHM + " signer", e);
        }
    }

    static X509Certificate toCertificate(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new PkiException("cannot convert a certificate", e);
        }
    }

    static X509CRL toCrl(X509CRLHolder holder) {
        try {
            return new JcaX509CRLConverter().getCRL(holder);
        } catch (java.security.cert.CRLException e) {
            throw new PkiException("cannot convert a CRL", e);
        }
    }

    static SubjectKeyIdentifier subjectKeyIdentifier(PublicKey key) {
        return extensionUtils().createSubjectKeyIdentifier(key);
    }

    /** The key identifier of {@code issuer}: its own SKI when it has one, else one computed from its key. */
    static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate issuer) {
        byte[] ski = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski != null) {
            byte[] id = SubjectKeyIdentifier.getInstance(
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier();
            return new AuthorityKeyIdentifier(id);
        }
        return new AuthorityKeyIdentifier(subjectKeyIdentifier(issuer.getPublicKey()).getKeyIdentifier());
    }

    static AuthorityKeyIdentifier authorityKeyIdentifier(PublicKey issuerKey) {
        return new AuthorityKeyIdentifier(subjectKeyIdentifier(issuerKey).getKeyIdentifier());
    }

    /** Whether {@code privateKey} is the private half of {@code publicKey} (by signing a probe). */
    static boolean keysMatch(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = "liaison key pair probe".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(privateKey, RANDOM);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** X.509 times have a resolution of one second. */
    static Date date(Instant instant) {
        return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new PkiException("SHA-1 is not available for key identifiers", e);
        }
    }
}
