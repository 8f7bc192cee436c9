package org.liaison.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import org.liaison.client.ClientTls;

/**
 * The generator's one shared client TLS context: TLS 1.3, trusting only the operator CA, presenting
 * whichever officer each connection is assigned. BoringSSL (netty-tcnative) when it loads, since the
 * generator's own handshake and record costs compete with the server for the same two cores; the
 * JDK provider otherwise or on request.
 */
final class GeneratorTls {
    /** Which TLS implementation the generator uses. */
    enum Provider { AUTO, OPENSSL, JDK }

    private final SslContext context;
    private final OfficerKeyManager keys;
    private final String providerName;

    GeneratorTls(List<BenchOfficer> officers, X509Certificate operatorCa, Provider wanted)
            throws SSLException {
        this.keys = new OfficerKeyManager(officers);
        SslProvider provider = resolve(wanted);
        this.context = SslContextBuilder.forClient()
                .sslProvider(provider)
                .protocols(ClientTls.TLS_PROTOCOL)
                .keyManager(new KeyManagerFactoryWrapper(keys))
                .trustManager(serverCheck(operatorCa))
                .build();
        this.providerName = provider.name();
    }

    private static ServerCertificateCheck serverCheck(X509Certificate operatorCa) throws SSLException {
        try {
            return new ServerCertificateCheck(operatorCa);
        } catch (java.security.GeneralSecurityException e) {
            throw new SSLException("cannot set up the check of the server's certificate", e);
        }
    }

    /** The provider {@code wanted} means on this machine. */
    static SslProvider resolve(Provider wanted) {
        return switch (wanted) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> SslProvider.OPENSSL;
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /**
     * A TLS handler whose handshake authenticates as {@code officerId}. Without {@code resume} the
     * engine is not told the peer, so the client session cache is never consulted and every
     * handshake is a full one: the cache is keyed by host and port only, and a resumed session
     * would carry the identity of whichever officer first made it.
     */
    SslHandler newHandler(ByteBufAllocator alloc, String host, int port, String officerId, boolean resume) {
        SslHandler handler = resume ? context.newHandler(alloc, host, port) : context.newHandler(alloc);
        keys.assign(handler.engine(), officerId);
        handler.handshakeFuture().addListener(done -> keys.release(handler.engine()));
        return handler;
    }

    String providerName() {
        return providerName;
    }
}
