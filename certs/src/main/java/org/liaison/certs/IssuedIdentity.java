package org.liaison.certs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A freshly issued certificate with its private key and its chain.
 *
 * <p>{@link #toString()} never shows the key.
 *
 * @param certificate the issued (leaf) certificate
 * @param privateKey its private key
 * @param chain leaf first, then the issuing CA's certificate
 */
public record IssuedIdentity(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    /** The PKCS#12 alias of the key entry. */
    public static final String PKCS12_ALIAS = "identity";

    /** Requires the chain to start with the certificate. */
    public IssuedIdentity {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("the chain must start with the issued certificate");
        }
    }

    /** The certificate's serial number. */
    public BigInteger serialNumber() {
        return certificate.getSerialNumber();
    }

    /**
     * Writes a PKCS#12 file (mode 0600) holding one key entry, alias {@value #PKCS12_ALIAS}, with the
     * whole chain. It is written by the JDK's own {@code PKCS12} key store, so the JDK reads it.
     */
    public void writePkcs12(Path file, char[] password) {
        Objects.requireNonNull(password, "password");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(PKCS12_ALIAS, privateKey, password, chain.toArray(new Certificate[0]));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            PkiFiles.write(file, bytes.toByteArray(), true);
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot write PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the chain (leaf first) to {@code certFile} and the PKCS#8 key to {@code keyFile}
     * (mode 0600), encrypted when {@code passwordOrNull} is not null.
     */
    public void writePem(Path certFile, Path keyFile, char[] passwordOrNull) {
        Pem.writeCertificates(certFile, chain);
        Pem.writePrivateKey(keyFile, privateKey, passwordOrNull);
    }

    @Override
    public String toString() {
        return "IssuedIdentity[subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + serialNumber().toString(16) + ", chain=" + chain.size() + "]";
    }
}
