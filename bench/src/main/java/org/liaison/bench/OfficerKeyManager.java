package org.liaison.bench;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One key manager for all the generator's officers, so that every connection shares one
 * {@code SslContext}: each TLS engine is told beforehand ({@link #assign}) which officer it
 * authenticates as, and the handshake asks for that officer's key and chain.
 */
final class OfficerKeyManager extends X509ExtendedKeyManager {
    private final Map<String, BenchOfficer> byAlias;
    private final Map<SSLEngine, String> assigned = new ConcurrentHashMap<>();

    OfficerKeyManager(Iterable<BenchOfficer> officers) {
        Map<String, BenchOfficer> map = new ConcurrentHashMap<>();
        officers.forEach(officer -> map.put(officer.officerId(), officer));
        this.byAlias = map;
    }

    /** The engine's next client handshake presents {@code officerId}'s certificate. */
    void assign(SSLEngine engine, String officerId) {
        if (!byAlias.containsKey(officerId)) {
            throw new IllegalArgumentException("unknown officer " + officerId);
        }
        assigned.put(engine, officerId);
    }

    /** Forgets an engine whose handshake never asked for a key (failed before). */
    void release(SSLEngine engine) {
        assigned.remove(engine);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return assigned.remove(engine);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        BenchOfficer officer = alias == null ? null : byAlias.get(alias);
        return officer == null ? null : officer.chainArray();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        BenchOfficer officer = alias == null ? null : byAlias.get(alias);
        return officer == null ? null : officer.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return byAlias.keySet().toArray(String[]::new);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
