package org.liaison.server.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections still in their TLS handshake, per remote host and in all, so that a
 * client opening connections and never finishing the handshake (each is also closed after
 * {@code timeouts.handshake-seconds}) cannot use up the server's sockets and handshake work. A
 * connection over either bound is closed as it opens, before the server does any TLS work for
 * it (the handler sits right after the TLS handler, whose completion event it counts on).
 * Finished handshakes, refused or not, no longer count.
 */
@Sharable
public final class HandshakeLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(HandshakeLimiter.class);
  /** Most connections in their handshake from one remote address. */
  public static final int PER_HOST = 256;
  /** Most connections in their handshake in all. */
  public static final int TOTAL = 4096;
  private static final AttributeKey<InetAddress> COUNTED =
      AttributeKey.valueOf("liaison.handshake-counted");

  private final int perHost;
  private final int total;
  private final Map<InetAddress, Integer> pending = new ConcurrentHashMap<>();
  private final AtomicInteger pendingTotal = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();

  public HandshakeLimiter() {
    this(PER_HOST, TOTAL);
  }

  HandshakeLimiter(int perHost, int total) {
    this.perHost = perHost;
    this.total = total;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress host = host(ctx.channel().remoteAddress());
    int hostCount = pending.merge(host, 1, Integer::sum);
    int allCount = pendingTotal.incrementAndGet();
    ctx.channel().attr(COUNTED).set(host);
    if (hostCount > perHost || allCount > total) {
      long n = refused.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        log.warn("closing a connection from {}: {} handshakes pending from it, {} in all "
            + "(limits {} and {}); {} closed so far", host.getHostAddress(), hostCount - 1,
            allCount - 1, perHost, total, n);
      }
      release(ctx);
      ctx.close();
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof SslHandshakeCompletionEvent) {
      release(ctx);
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    release(ctx);
    super.channelInactive(ctx);
  }

  /** Connections in their handshake now (for tests and benchmarks). */
  public int pending() {
    return pendingTotal.get();
  }

  private void release(ChannelHandlerContext ctx) {
    InetAddress host = ctx.channel().attr(COUNTED).getAndSet(null);
    if (host == null) {
      return;
    }
    pendingTotal.decrementAndGet();
    pending.computeIfPresent(host, (h, count) -> count <= 1 ? null : count - 1);
  }

  private static InetAddress host(SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress() : InetAddress.getLoopbackAddress();
  }
}
