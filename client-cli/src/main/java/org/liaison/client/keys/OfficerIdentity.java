package org.liaison.client.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.liaison.client.ClientProfile;

/**
 * The officer certificate's private key and chain from the profile's PKCS#12 identity: what signs
 * this device's key bundle. Loaded only when a bundle must be (re-)signed.
 *
 * @param key   the officer certificate's private key
 * @param chain the officer certificate first, then its issuing agency CA (as the identity holds it)
 */
record OfficerIdentity(PrivateKey key, List<X509Certificate> chain) {

    OfficerIdentity {
        chain = List.copyOf(chain);
    }

    /** The officer certificate. */
    X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Opens the profile's identity with its password.
     *
     * @throws DeviceKeyringException naming the file if it is missing, unreadable, the password is
     *     wrong, or it holds no private key with an X.509 certificate chain
     */
    static OfficerIdentity load(ClientProfile profile) {
        Path p12 = profile.identity();
        char[] password = profile.password();
        try {
            KeyStore store = open(p12, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return fromEntry(store, alias, p12, password);
                }
            }
            throw noPrivateKey(p12);
        } catch (UnrecoverableKeyException e) {
            throw new DeviceKeyringException("cannot open the private key of identity " + p12 + ": wrong password?", e);
        } catch (GeneralSecurityException e) {
            throw new DeviceKeyringException("cannot read identity " + p12 + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static OfficerIdentity fromEntry(KeyStore store, String alias, Path p12, char[] password)
            throws GeneralSecurityException {
        if (!(store.getKey(alias, password) instanceof PrivateKey key)) {
            throw noPrivateKey(p12);
        }
        Certificate[] chain = store.getCertificateChain(alias);
        if (chain == null || chain.length == 0) {
            throw new DeviceKeyringException("identity " + p12
                    + " holds a private key without its certificate: this device cannot sign its end-to-end keys");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : chain) {
            if (!(certificate instanceof X509Certificate x509)) {
                throw new DeviceKeyringException("identity " + p12 + " holds a certificate that is not X.509");
            }
            certificates.add(x509);
        }
        return new OfficerIdentity(key, certificates);
    }

    private static KeyStore open(Path p12, char[] password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (NoSuchFileException e) {
            throw new DeviceKeyringException("identity " + p12 + " does not exist", e);
        } catch (IOException e) {
            // The JDK reports a wrong PKCS#12 password as an IOException caused by UnrecoverableKeyException.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new DeviceKeyringException("cannot open identity " + p12 + ": wrong password?", e);
            }
            throw new DeviceKeyringException("cannot open identity " + p12 + ": " + e.getMessage(), e);
        }
    }

    private static DeviceKeyringException noPrivateKey(Path p12) {
        return new DeviceKeyringException("identity " + p12 + " holds no private key: this device cannot sign its"
                + " end-to-end keys (ask your agency for a complete identity)");
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "OfficerIdentity[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
