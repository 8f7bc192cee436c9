package org.liaison.server.identity;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.liaison.server.audit.AuditAction;
import org.liaison.server.audit.AuditEvent;
import org.liaison.server.audit.AuditLog;
import org.liaison.server.session.ConnectionAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a completed TLS handshake into the connection's {@link Officer}, and logs one line for
 * every connection refused at the TLS layer with the reason (untrusted CA, revoked, expired, wrong
 * agency, no certificate, wrong protocol version, not TLS at all). Each refusal is also written to
 * the audit log (through the writer, never waiting on it here).
 */
public final class PeerIdentityHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(PeerIdentityHandler.class);

  private final AgencyTrust trust;
  private final AuditLog audit;
  private boolean handshakeDone;

  public PeerIdentityHandler(AgencyTrust trust, AuditLog audit) {
    this.trust = trust;
    this.audit = audit;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (!(evt instanceof SslHandshakeCompletionEvent completion)) {
      super.userEventTriggered(ctx, evt);
      return;
    }
    handshakeDone = true;
    if (!completion.isSuccess()) {
      String reason = reason(completion.cause());
      audit(ctx, reason);
      log.warn("refused TLS connection from {}: {}", ctx.channel().remoteAddress(), reason);
      ctx.close();
      return;
    }
    try {
      X509Certificate[] chain = peerChain(ctx);
      Officer officer = trust.identify(chain);
      ctx.channel().attr(ConnectionAttributes.CERTIFICATE).set(chain[0]);
      ctx.channel().attr(ConnectionAttributes.OFFICER).set(officer);
      log.info("TLS connection from {}: {} [{}]", ctx.channel().remoteAddress(), officer,
          officer.roles());
      super.userEventTriggered(ctx, evt);
    } catch (CertificateRefusedException | SSLPeerUnverifiedException e) {
      audit(ctx, e.getMessage());
      log.warn("refused TLS connection from {}: {}", ctx.channel().remoteAddress(),
          e.getMessage());
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (!handshakeDone || ctx.channel().attr(ConnectionAttributes.OFFICER).get() == null) {
      // The handshake completion event reports this failure once, with its reason.
      log.debug("{} before identity: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
      return;
    }
    super.exceptionCaught(ctx, cause);
  }

  private void audit(ChannelHandlerContext ctx, String reason) {
    String peer = String.valueOf(ctx.channel().remoteAddress());
    audit.recordRefusal(peer, AuditEvent.of(AuditAction.CONNECTION_REFUSED, peer, "", "",
            "stage", "tls", "reason", reason == null ? "unknown" : reason))
        .whenComplete((entry, failure) -> {
          if (failure != null) {
            log.error("could not audit the refusal of {}", peer, failure);
          }
        });
  }

  private static X509Certificate[] peerChain(ChannelHandlerContext ctx)
      throws SSLPeerUnverifiedException {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
    return Arrays.stream(peer)
        .map(X509Certificate.class::cast)
        .toArray(X509Certificate[]::new);
  }

  /** The most telling message in the cause chain, bounded in length. */
  static String reason(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof CertificateRefusedException) {
        return t.getMessage();
      }
      if (t instanceof NotSslRecordException) {
        return "not a TLS connection (plain TCP?)";
      }
    }
    Throwable deepest = cause;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName()
        : deepest.getMessage();
    // The JDK's and BoringSSL's words for the same refusals, said once the same way.
    if (message.contains("Empty client certificate chain")
        || message.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE")) {
      return "no client certificate (the client offered none issued by a trusted agency CA)";
    }
    if (message.contains("UNSUPPORTED_PROTOCOL")) {
      return "the client's protocol version is not TLS 1.3 (" + message + ")";
    }
    return message.length() > 200 ? message.substring(0, 200) + "…" : message;
  }
}
