package org.liaison.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for a client connection: the officer's certificate (from the
 * profile's PKCS#12 identity) as the client credential, and the operator CA
 * (from the profile's PEM file) as the only trust anchor for the server.
 *
 * <p>Only TLS 1.3 is enabled. Hostname verification is not part of an
 * {@link SSLContext}: {@link LiaisonClient} turns it on for each connection;
 * callers of {@link #jdkContext(ClientProfile)} must do the same on their
 * sockets ({@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}).
 */
public final class ClientTls {

    /** The only protocol version Liaison speaks. */
    public static final String TLS_PROTOCOL = "TLSv1.3";

    private ClientTls() {
    }

    /**
     * A Netty client context (JDK provider, TLS 1.3 only) presenting the
     * profile's identity and trusting only the profile's server CA.
     *
     * @throws ProfileException if the identity or the CA file cannot be used
     */
    public static SslContext nettyContext(ClientProfile profile) {
        KeyManagerFactory keyManagers = keyManagers(profile);
        TrustManagerFactory trustManagers = trustManagers(profile.serverCa());
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(TLS_PROTOCOL)
                    .keyManager(keyManagers)
                    .trustManager(trustManagers)
                    .build();
        } catch (SSLException e) {
            throw new ProfileException("cannot build a TLS context from profile " + profile.identity().getParent()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * A JDK {@link SSLContext} for TLS 1.3 with the same credential and trust
     * as {@link #nettyContext(ClientProfile)}, for code that opens its own
     * {@code SSLSocket}s (adversarial tests).
     *
     * @throws ProfileException if the identity or the CA file cannot be used
     */
    public static SSLContext jdkContext(ClientProfile profile) {
        KeyManagerFactory keyManagers = keyManagers(profile);
        TrustManagerFactory trustManagers = trustManagers(profile.serverCa());
        try {
            SSLContext context = SSLContext.getInstance(TLS_PROTOCOL);
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ProfileException("cannot build a TLS context from profile " + profile.identity().getParent()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Key managers over the private key and certificate chain in a PKCS#12 file.
     *
     * @throws ProfileException if the file is missing, is not PKCS#12, holds no
     *         private key, or the password is wrong
     */
    public static KeyManagerFactory keyManagers(Path p12, char[] password) {
        KeyStore keyStore = openPkcs12(p12, password);
        requirePrivateKey(keyStore, p12);
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, password);
            return factory;
        } catch (UnrecoverableKeyException e) {
            throw wrongPassword(p12, e);
        } catch (GeneralSecurityException e) {
            throw new ProfileException("cannot use identity " + p12 + ": " + e.getMessage(), e);
        }
    }

    /**
     * Trust managers that accept exactly the CA certificates in a PEM file
     * (one or more {@code CERTIFICATE} blocks), and not the JDK's default CAs.
     *
     * @throws ProfileException if the file is missing or holds no certificate
     */
    public static TrustManagerFactory trustManagers(Path caPem) {
        Collection<? extends Certificate> certificates = readCertificates(caPem);
        try {
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                trustStore.setCertificateEntry("ca-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new ProfileException("cannot use CA certificates from " + caPem + ": " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(ClientProfile profile) {
        char[] password = profile.password();
        try {
            return keyManagers(profile.identity(), password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static KeyStore openPkcs12(Path p12, char[] password) {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
            return keyStore;
        } catch (NoSuchFileException e) {
            throw new ProfileException("identity " + p12 + " does not exist", e);
        } catch (IOException e) {
            // The JDK reports a wrong PKCS#12 password as an IOException caused by UnrecoverableKeyException.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw wrongPassword(p12, e);
            }
            throw new ProfileException("cannot open identity " + p12 + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ProfileException("cannot open identity " + p12 + ": " + e.getMessage(), e);
        }
    }

    private static void requirePrivateKey(KeyStore keyStore, Path p12) {
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    return;
                }
            }
        } catch (KeyStoreException e) {
            throw new ProfileException("cannot read identity " + p12 + ": " + e.getMessage(), e);
        }
        throw new ProfileException("identity " + p12 + " holds no private key");
    }

    private static Collection<? extends Certificate> readCertificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new ProfileException("no certificate in " + pem);
            }
            return certificates;
        } catch (NoSuchFileException e) {
            throw new ProfileException("CA certificate file " + pem + " does not exist", e);
        } catch (IOException | CertificateException e) {
            throw new ProfileException("cannot read CA certificates from " + pem + ": " + e.getMessage(), e);
        }
    }

    private static ProfileException wrongPassword(Path p12, Exception cause) {
        return new ProfileException("cannot open identity " + p12 + ": wrong password?", cause);
    }
}
