package org.liaison.bench;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The generator's check of the server's certificate: the JDK's PKIX validation against the
 * operator CA the first time a server certificate is seen, then a comparison of its exact
 * encoding. Every generator connection meets the same server certificate, and validating it
 * again for each handshake cost about a quarter of the generator's CPU in the handshake
 * benchmark, on the cores the server needs: that is the generator's cost, not the server's.
 */
final class ServerCertificateCheck extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final Set<ByteBuffer> validated = ConcurrentHashMap.newKeySet();

    ServerCertificateCheck(X509Certificate operatorCa) throws GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            anchors.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("an empty key store", e);
        }
        anchors.setCertificateEntry("operator-ca", operatorCa);
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        X509ExtendedTrustManager found = null;
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                found = extended;
            }
        }
        if (found == null) {
            throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
        }
        this.pkix = found;
    }

    /** The PKIX check of a chain not validated before. */
    @FunctionalInterface
    private interface Pkix {
        void check() throws CertificateException;
    }

    private void checkOnce(X509Certificate[] chain, Pkix pkixCheck) throws CertificateException {
        ByteBuffer leaf = ByteBuffer.wrap(chain[0].getEncoded());
        if (!validated.contains(leaf)) {
            pkixCheck.check();
            validated.add(leaf);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkOnce(chain, () -> pkix.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkOnce(chain, () -> pkix.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        checkOnce(chain, () -> pkix.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        throw new CertificateException("the generator authenticates servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the generator authenticates servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the generator authenticates servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
