package org.liaison.server.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.error.ErrorFrames;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.transport.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request of a greeted session to the {@link RequestHandler} for its body, and writes
 * the reply (or the typed error) back on the connection's event loop with the request's id.
 */
public final class RequestDispatcher extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

  private final Map<BodyCase, RequestHandler> handlers;

  public RequestDispatcher(Map<BodyCase, RequestHandler> handlers) {
    this.handlers = handlers.isEmpty() ? Map.of() : new EnumMap<>(handlers);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ClientFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    RequestHandler handler = handlers.get(frame.getBodyCase());
    if (handler == null) {
      throw LiaisonException.fatal(
          ErrorCode.UNKNOWN_REQUEST,
          "unknown request (empty body, or a request this server version does not know)")
          .forRequest(frame.getRequestId());
    }
    long requestId = frame.getRequestId();
    if (requestId == 0) {
      ctx.writeAndFlush(ErrorFrames.of(ErrorCode.INVALID_ARGUMENT,
          "request_id must be non-zero", 0, false));
      return;
    }
    ClientConnection connection = ctx.channel().attr(ConnectionAttributes.CONNECTION).get();
    Session session = connection.session();
    invoke(handler, connection, frame)
        .whenComplete(
            (reply, failure) -> {
              ServerFrame answer = failure == null
                  ? reply.setRequestId(requestId).build()
                  : errorFrame(session, frame, failure);
              if (ctx.executor().inEventLoop()) {
                reply(ctx, answer);
              } else {
                ctx.executor().execute(() -> reply(ctx, answer));
              }
            });
  }

  /** A handler that throws instead of failing its future is treated the same way. */
  private static CompletableFuture<ServerFrame.Builder> invoke(RequestHandler handler,
      ClientConnection connection, ClientFrame frame) {
    try {
      return handler.handle(connection, frame);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void reply(ChannelHandlerContext ctx, ServerFrame answer) {
    if (!ExceptionHandler.closing(ctx)) {
      ctx.writeAndFlush(answer);
    }
  }

  private static ServerFrame errorFrame(Session session, ClientFrame frame, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof LiaisonException refusal) {
      log.info("{} {} refused: {} {}", session, frame.getBodyCase(), refusal.code(),
          refusal.getMessage());
      return ErrorFrames.of(refusal, frame.getRequestId(), false);
    }
    log.error("{} {} failed", session, frame.getBodyCase(), cause);
    return ErrorFrames.of(ErrorCode.INTERNAL, "internal server error; the request may be retried",
        frame.getRequestId(), false);
  }
}
