package org.liaison.server.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.server.error.ErrorFrames;
import org.liaison.server.error.LiaisonException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's tail: every failure of a connection ends here. Expected refusals ({@link
 * LiaisonException}) are logged on one line, counted, and answered with a typed error; fatal ones
 * then close the connection. Anything unexpected is logged with its stack trace and answered with
 * {@code INTERNAL} before closing. Other connections are never affected.
 */
@Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ExceptionHandler.class);

  private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf("liaison.closing");

  private final LongAdder refusals = new LongAdder();
  private final LongAdder unexpected = new LongAdder();

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable error = cause instanceof DecoderException && cause.getCause() != null
        ? cause.getCause() : cause;
    if (!ctx.channel().isActive()) {
      log.debug("{} failed after close: {}", ctx.channel().remoteAddress(), error.toString());
      return;
    }
    if (closing(ctx)) {
      log.debug("{} failed while closing: {}", ctx.channel().remoteAddress(), error.toString());
      return;
    }
    if (error instanceof LiaisonException refusal) {
      refusals.increment();
      log.info("refused {}: {} {}", ctx.channel().remoteAddress(), refusal.code(),
          refusal.getMessage());
      var written = ctx.writeAndFlush(ErrorFrames.of(refusal));
      if (refusal.isFatal()) {
        startClosing(ctx);
        written.addListener(ChannelFutureListener.CLOSE);
      }
      return;
    }
    if (error instanceof IOException) {
      log.debug("{} connection error: {}", ctx.channel().remoteAddress(), error.toString());
      ctx.close();
      return;
    }
    unexpected.increment();
    log.error("unexpected failure on connection {}", ctx.channel().remoteAddress(), error);
    startClosing(ctx);
    ctx.writeAndFlush(ErrorFrames.of(ErrorCode.INTERNAL, "internal server error", 0, true))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /** After a fatal error nothing more is read or answered: the error is the last frame sent. */
  private static void startClosing(ChannelHandlerContext ctx) {
    ctx.channel().attr(CLOSING).set(Boolean.TRUE);
    ctx.channel().config().setAutoRead(false);
    VarintFrameDecoder decoder = ctx.pipeline().get(VarintFrameDecoder.class);
    if (decoder != null) {
      decoder.discardFurtherInput();
    }
  }

  /** Whether the connection is closing after a fatal error; later replies must not be sent. */
  public static boolean closing(ChannelHandlerContext ctx) {
    return Boolean.TRUE.equals(ctx.channel().attr(CLOSING).get());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    log.warn("{} unhandled inbound {}", ctx.channel().remoteAddress(),
        msg.getClass().getSimpleName());
    ReferenceCountUtil.release(msg);
  }

  public long refusals() {
    return refusals.sum();
  }

  public long unexpectedFailures() {
    return unexpected.sum();
  }
}
