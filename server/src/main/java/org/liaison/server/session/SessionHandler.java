package org.liaison.server.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Clock;
import java.time.Instant;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Hello;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.Welcome;
import org.liaison.server.audit.AuditAction;
import org.liaison.server.audit.AuditEvent;
import org.liaison.server.audit.AuditLog;
import org.liaison.server.error.ErrorFrames;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.DeviceId;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.Role;
import org.liaison.server.officer.OfficerRepository;
import org.liaison.server.storage.StorageExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the opening of a connection: the first frame must be {@code Hello}; the server records the
 * login and answers {@code Welcome} with the identity from the certificate. Until then nothing else
 * passes; afterwards every frame goes on to the rate limiter and the dispatcher. The accepted
 * connection is in the audit log before {@code Welcome} is sent; a refused Hello is audited too.
 */
public final class SessionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);
  private static final int MAX_CLIENT_NAME = 64;

  private enum State { AWAITING_HELLO, GREETING, READY }

  private final SessionSettings settings;
  private final OfficerRepository officers;
  private final StorageExecutor storage;
  private final AuditLog audit;
  private final Clock clock;
  private final String connectionId;
  private State state = State.AWAITING_HELLO;

  public SessionHandler(SessionSettings settings, OfficerRepository officers,
      StorageExecutor storage, AuditLog audit, Clock clock, String connectionId) {
    this.settings = settings;
    this.officers = officers;
    this.storage = storage;
    this.audit = audit;
    this.clock = clock;
    this.connectionId = connectionId;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ClientFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    switch (state) {
      case READY -> {
        if (frame.hasHello()) {
          ctx.writeAndFlush(ErrorFrames.of(ErrorCode.ALREADY_GREETED,
              "this connection already said Hello", frame.getRequestId(), false));
        } else {
          ctx.fireChannelRead(frame);
        }
      }
      case GREETING -> throw LiaisonException.fatal(
          ErrorCode.HELLO_REQUIRED, "wait for Welcome before sending requests")
          .forRequest(frame.getRequestId());
      case AWAITING_HELLO -> {
        if (!frame.hasHello()) {
          throw LiaisonException.fatal(
              ErrorCode.HELLO_REQUIRED, "the first frame of a connection must be Hello")
              .forRequest(frame.getRequestId());
        }
        greet(ctx, frame.getRequestId(), frame.getHello());
      }
    }
  }

  private void greet(ChannelHandlerContext ctx, long requestId, Hello hello) {
    Officer officer = ctx.channel().attr(ConnectionAttributes.OFFICER).get();
    if (hello.getProtocolVersion() != ProtocolVersion.PROTOCOL_VERSION_1) {
      throw refused(ctx, officer, ErrorCode.UNSUPPORTED_PROTOCOL_VERSION,
          "this server speaks protocol version 1 only", requestId);
    }
    if (!DeviceId.isValid(hello.getDeviceId())) {
      throw refused(ctx, officer, ErrorCode.INVALID_ARGUMENT,
          "device_id must be 1-64 characters of A-Z a-z 0-9 . _ -", requestId);
    }
    if (hello.getClientName().length() > MAX_CLIENT_NAME) {
      throw refused(ctx, officer, ErrorCode.INVALID_ARGUMENT,
          "client_name is longer than " + MAX_CLIENT_NAME + " characters", requestId);
    }
    if (officer == null) {
      // The TLS layer sets the officer before any frame can arrive; refuse if it ever did not.
      throw refused(ctx, null, ErrorCode.PERMISSION_DENIED, "no verified client certificate",
          requestId);
    }
    state = State.GREETING;
    Instant now = clock.instant();
    Session session = new Session(connectionId, officer,
        ctx.channel().attr(ConnectionAttributes.CERTIFICATE).get(), hello.getDeviceId(), now);
    storage
        .submit(() -> {
          officers.recordLogin(officer, session.deviceId(), now);
          return session;
        })
        .thenCompose(recorded -> audit.record(AuditEvent.of(AuditAction.CONNECTION_ACCEPTED,
                officer.id().value(), "", session.deviceId(),
                "connection", connectionId,
                "peer", String.valueOf(ctx.channel().remoteAddress()),
                "certificate_serial", session.certificate().getSerialNumber().toString(16),
                "client", printable(hello.getClientName())))
            .thenApply(entry -> recorded))
        .whenCompleteAsync(
            (started, failure) -> {
              if (failure != null) {
                log.error("{} login could not be recorded", session, failure);
                ctx.fireExceptionCaught(LiaisonException.fatal(ErrorCode.INTERNAL,
                    "the server could not record the login; try again").forRequest(requestId));
                return;
              }
              ctx.channel().attr(ConnectionAttributes.CONNECTION)
                  .set(new ClientConnection(ctx.channel(), started));
              state = State.READY;
              log.info("{} greeted ({})", started, printable(hello.getClientName()));
              ctx.writeAndFlush(welcome(requestId, started));
            },
            ctx.executor());
  }

  /** The refusal of a Hello, audited (without waiting: the connection closes either way). */
  private LiaisonException refused(ChannelHandlerContext ctx, Officer officer, ErrorCode code,
      String reason, long requestId) {
    String actor = officer != null ? officer.id().value()
        : String.valueOf(ctx.channel().remoteAddress());
    audit.recordRefusal(String.valueOf(ctx.channel().remoteAddress()),
            AuditEvent.of(AuditAction.CONNECTION_REFUSED, actor, "", "",
                "stage", "hello", "code", code.name(), "reason", reason,
                "connection", connectionId))
        .whenComplete((entry, failure) -> {
          if (failure != null) {
            log.error("could not audit the refusal of {}", actor, failure);
          }
        });
    return LiaisonException.fatal(code, reason).forRequest(requestId);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    ClientConnection connection = ctx.channel().attr(ConnectionAttributes.CONNECTION).get();
    if (connection != null) {
      connection.writabilityChanged();
    }
    super.channelWritabilityChanged(ctx);
  }

  private ServerFrame welcome(long requestId, Session session) {
    Officer officer = session.officer();
    Welcome.Builder welcome =
        Welcome.newBuilder()
            .setOfficerId(officer.id().value())
            .setAgency(officer.agency())
            .setNation(officer.nation())
            .setClearance(officer.clearance())
            .setDeviceId(session.deviceId())
            .setServerTimeMs(clock.millis())
            .setHeartbeatIntervalSeconds((int) settings.heartbeatInterval().toSeconds())
            .setMaxFrameBytes(settings.maxFrameBytes())
            .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
            .setServerVersion(settings.serverVersion());
    officer.roles().stream().sorted().map(Role::toProto).forEach(welcome::addRoles);
    return ServerFrame.newBuilder().setRequestId(requestId).setWelcome(welcome).build();
  }

  /** Client-chosen text made safe for a log line. */
  private static String printable(String text) {
    return text.isEmpty() ? "unnamed client" : text.replaceAll("\\p{Cntrl}", "?");
  }
}
