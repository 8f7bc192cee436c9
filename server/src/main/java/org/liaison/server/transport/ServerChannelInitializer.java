package org.liaison.server.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.server.audit.AuditLog;
import org.liaison.server.config.ServerConfig.Limits;
import org.liaison.server.identity.AgencyTrust;
import org.liaison.server.identity.PeerIdentityHandler;
import org.liaison.server.officer.OfficerRepository;
import org.liaison.server.session.RequestDispatcher;
import org.liaison.server.session.RequestHandler;
import org.liaison.server.session.SessionHandler;
import org.liaison.server.session.SessionSettings;
import org.liaison.server.storage.StorageExecutor;

/**
 * Builds every connection's pipeline, one handler per concern, in order: TLS, peer identity, flush
 * coalescing, idle detection, framing, protobuf, session (Hello), rate limit, dispatch, and the
 * shared exception handler at the tail.
 */
public final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
  private static final EncodedFrameWriter ENCODED_FRAME_WRITER = new EncodedFrameWriter();
  private final SslContext sslContext;
  private final AgencyTrust trust;
  private final Limits limits;
  private final SessionSettings sessionSettings;
  private final OfficerRepository officers;
  private final StorageExecutor storage;
  private final Map<BodyCase, RequestHandler> handlers;
  private final AuditLog audit;
  private final Clock clock;
  private final ChannelGroup openChannels;
  private final ExceptionHandler exceptionHandler = new ExceptionHandler();
  private final HandshakeLimiter handshakeLimiter = new HandshakeLimiter();
  private final AtomicLong connectionCounter = new AtomicLong();

  public ServerChannelInitializer(SslContext sslContext, AgencyTrust trust, Limits limits,
      SessionSettings sessionSettings, OfficerRepository officers, StorageExecutor storage,
      Map<BodyCase, RequestHandler> handlers, AuditLog audit, Clock clock,
      ChannelGroup openChannels) {
    this.sslContext = sslContext;
    this.trust = trust;
    this.limits = limits;
    this.sessionSettings = sessionSettings;
    this.officers = officers;
    this.storage = storage;
    this.handlers = Map.copyOf(handlers);
    this.audit = audit;
    this.clock = clock;
    this.openChannels = openChannels;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    openChannels.add(channel);
    String connectionId = Long.toString(connectionCounter.incrementAndGet(), 36);
    SslHandler tls = sslContext.newHandler(channel.alloc());
    tls.setHandshakeTimeoutMillis(limits.handshakeTimeout().toMillis());

    ChannelPipeline p = channel.pipeline();
    p.addLast(HandlerNames.TLS, tls);
    p.addLast(HandlerNames.HANDSHAKE_LIMIT, handshakeLimiter);
    p.addLast(HandlerNames.PEER_IDENTITY, new PeerIdentityHandler(trust, audit));
    p.addLast(HandlerNames.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, true));
    p.addLast(HandlerNames.IDLE_STATE,
        new IdleStateHandler(limits.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    p.addLast(HandlerNames.IDLE_TIMEOUT, new IdleTimeoutHandler(limits.idleTimeout().toSeconds()));
    p.addLast(HandlerNames.ENCODED_FRAME_WRITER, ENCODED_FRAME_WRITER);
    p.addLast(HandlerNames.FRAME_DECODER, new VarintFrameDecoder(limits.maxFrameBytes()));
    p.addLast(HandlerNames.FRAME_ENCODER, new ProtobufVarint32LengthFieldPrepender());
    p.addLast(HandlerNames.PROTOBUF_DECODER, new ClientFrameDecoder());
    p.addLast(HandlerNames.PROTOBUF_ENCODER, new ProtobufEncoder());
    p.addLast(HandlerNames.SESSION,
        new SessionHandler(sessionSettings, officers, storage, audit, clock, connectionId));
    p.addLast(HandlerNames.RATE_LIMIT,
        new RateLimitHandler(limits.requestsPerSecond(), limits.requestBurst(), System::nanoTime));
    p.addLast(HandlerNames.DISPATCH, new RequestDispatcher(handlers));
    p.addLast(HandlerNames.EXCEPTIONS, exceptionHandler);
  }

  public ExceptionHandler exceptionHandler() {
    return exceptionHandler;
  }
}
