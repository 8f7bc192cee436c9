package org.liaison.certs;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads and writes the PEM files of the PKI: certificates (one or a chain), private keys, CRLs.
 *
 * <p>Private keys are written as PKCS#8: {@code PRIVATE KEY} when no password is given, else
 * {@code ENCRYPTED PRIVATE KEY} with PBES2 (PBKDF2-HMAC-SHA256, {@value #KEY_ITERATIONS}
 * iterations, AES-256-CBC), which the JDK's {@code EncryptedPrivateKeyInfo} (and so Netty) can
 * decrypt. Key files are always written with mode 0600 where the file system has POSIX permissions.
 * Every error names the file; no error contains key material or a password.
 */
public final class Pem {

    /** PBKDF2 iterations for encrypted PKCS#8 keys. */
    public static final int KEY_ITERATIONS = 100_000;

    private Pem() {
    }

    /** All certificates in {@code file}, in file order; fails if there is none or something else. */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = parseCertificates(PkiFiles.readString(file), file.toString());
        if (certificates.isEmpty()) {
            throw new PkiException(file + ": no PEM certificate found");
        }
        return certificates;
    }

    /** The first certificate in {@code file} (the leaf of a chain file). */
    public static X509Certificate readCertificate(Path file) {
        return readCertificates(file).get(0);
    }

    /**
     * The certificates in a PEM text, in order (possibly none).
     *
     * @param source names the text in error messages (a file name, "request", …)
     */
    public static List<X509Certificate> parseCertificates(String pem, String source) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new PkiException(source + ": expected certificates, found " + describe(object));
                }
                certificates.add(PkiCrypto.toCertificate(holder));
            }
        } catch (IOException e) {
            throw new PkiException(source + ": invalid PEM: " + e.getMessage(), e);
        }
        return certificates;
    }

    /** The PEM text of {@code certificates}, concatenated in order. */
    public static String toPem(List<X509Certificate> certificates) {
        return encode(new ArrayList<Object>(certificates));
    }

    /** Writes one certificate. */
    public static void writeCertificate(Path file, X509Certificate certificate) {
        writeCertificates(file, List.of(certificate));
    }

    /** Writes certificates concatenated in order (a chain: leaf first). */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        PkiFiles.writeString(file, toPem(certificates), false);
    }

    /**
     * Reads a private key: PKCS#8 {@code PRIVATE KEY}, {@code ENCRYPTED PRIVATE KEY} (needs the
     * password), or a traditional unencrypted {@code EC PRIVATE KEY}.
     *
     * @throws PkiException if the file is missing, holds no key, is encrypted and no password is
     *     given, or the password is wrong
     */
    public static PrivateKey readPrivateKey(Path file, char[] passwordOrNull) {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(PkiFiles.readString(file)))) {
            object = parser.readObject();
        } catch (IOException e) {
            throw new PkiException(file + ": invalid PEM: " + e.getMessage(), e);
        }
        if (object instanceof PrivateKeyInfo info) {
            return toPrivateKey(info, file);
        }
        if (object instanceof PEMKeyPair pair) {
            return toPrivateKey(pair.getPrivateKeyInfo(), file);
        }
        if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            return toPrivateKey(decrypt(encrypted, passwordOrNull, file), file);
        }
        if (object instanceof PEMEncryptedKeyPair) {
            throw new PkiException(file + ": legacy OpenSSL-encrypted keys are not supported; convert to PKCS#8");
        }
        throw new PkiException(file + ": expected a private key, found " + describe(object));
    }

    /** Writes a PKCS#8 key, encrypted when {@code passwordOrNull} is not null, with mode 0600. */
    public static void writePrivateKey(Path file, PrivateKey key, char[] passwordOrNull) {
        try {
            PemObject pem = passwordOrNull == null
                    ? new PemObject("PRIVATE KEY", key.getEncoded())
                    : new PemObject("ENCRYPTED PRIVATE KEY", encryptPkcs8(key, passwordOrNull));
            PkiFiles.writeString(file, encode(List.of(pem)), true);
        } catch (IOException | GeneralSecurityException e) {
            throw new PkiException("cannot encode the private key for " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a CRL. */
    public static X509CRL readCrl(Path file) {
        try (PEMParser parser = new PEMParser(new StringReader(PkiFiles.readString(file)))) {
            Object object = parser.readObject();
            if (object instanceof X509CRLHolder holder) {
                return PkiCrypto.toCrl(holder);
            }
            throw new PkiException(file + ": expected an X509 CRL, found " + describe(object));
        } catch (IOException e) {
            throw new PkiException(file + ": invalid PEM: " + e.getMessage(), e);
        }
    }

    /** Writes a CRL. */
    public static void writeCrl(Path file, X509CRL crl) {
        PkiFiles.writeString(file, encode(List.of(crl)), false);
    }

    /**
     * PKCS#8 PBES2 encryption with the JDK's PBKDF2 and AES (several times faster than Bouncy
     * Castle's PBKDF2); the ASN.1 is built with Bouncy Castle because JDK 17 cannot encode PBES2.
     */
    private static byte[] encryptPkcs8(PrivateKey key, char[] password) throws GeneralSecurityException, IOException {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        PkiCrypto.random().nextBytes(salt);
        PkiCrypto.random().nextBytes(iv);
        PBEKeySpec spec = new PBEKeySpec(password, salt, KEY_ITERATIONS, 256);
        byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        spec.clearPassword();
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derived, "AES"), new IvParameterSpec(iv));
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
        byte[] plain = key.getEncoded();
        byte[] encrypted = cipher.doFinal(plain);
        Arrays.fill(plain, (byte) 0);
        KeyDerivationFunc kdf = new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, KEY_ITERATIONS,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE)));
        EncryptionScheme scheme = new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv));
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(kdf, scheme));
        return new EncryptedPrivateKeyInfo(algorithm, encrypted).getEncoded();
    }

    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, char[] password, Path file) {
        if (password == null) {
            throw new PkiException(file + ": the private key is encrypted and no password was given");
        }
        try {
            return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(PkiCrypto.bouncyCastle())
                    .build(password));
        } catch (PKCSException | OperatorCreationException e) {
            throw new PkiException(file + ": cannot decrypt the private key (wrong password?)", e);
        }
    }

    private static PrivateKey toPrivateKey(PrivateKeyInfo info, Path file) {
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            throw new PkiException(file + ": not an EC private key ("
                    + info.getPrivateKeyAlgorithm().getAlgorithm() + ")");
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException(file + ": invalid EC private key", e);
        }
    }

    private static String encode(List<Object> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new PkiException("cannot encode PEM: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static String describe(Object object) {
        return object == null ? "nothing" : object.getClass().getSimpleName();
    }
}
