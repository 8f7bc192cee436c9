package org.liaison.bench;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One benchmark officer's TLS identity: the key and chain its connections present.
 *
 * @param officerId the certificate's CN, e.g. {@code fr-pn.bench-00042}
 * @param key the certificate's private key (ECDSA P-256)
 * @param chain the officer certificate, then its agency CA
 */
public record BenchOfficer(String officerId, PrivateKey key, List<X509Certificate> chain) {

    public BenchOfficer {
        Objects.requireNonNull(officerId, "officerId");
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
    }

    /** The chain as the array key managers hand out. */
    public X509Certificate[] chainArray() {
        return chain.toArray(X509Certificate[]::new);
    }
}
