package org.liaison.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.LongSupplier;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.server.error.ErrorFrames;
import org.liaison.server.error.LiaisonException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits the request rate of one connection. A request over the limit is answered with {@code
 * RATE_LIMITED} and dropped; a peer that keeps sending after as many refusals as the burst size
 * is disconnected.
 */
public final class RateLimitHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RateLimitHandler.class);

  private final TokenBucket bucket;
  private final int maxRefusalsInARow;
  private int refusalsInARow;

  public RateLimitHandler(int requestsPerSecond, int burst, LongSupplier nanoTime) {
    this.bucket = new TokenBucket(requestsPerSecond, burst, nanoTime);
    this.maxRefusalsInARow = burst;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ClientFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (bucket.tryAcquire()) {
      refusalsInARow = 0;
      ctx.fireChannelRead(frame);
      return;
    }
    refusalsInARow++;
    if (refusalsInARow > maxRefusalsInARow) {
      throw LiaisonException.fatal(
          ErrorCode.RATE_LIMITED, "rate limit exceeded repeatedly; disconnecting");
    }
    if (refusalsInARow == 1) {
      log.info("{} over its rate limit; refusing requests", ctx.channel().remoteAddress());
    }
    ctx.writeAndFlush(
        ErrorFrames.of(
            ErrorCode.RATE_LIMITED, "too many requests; slow down", frame.getRequestId(), false));
  }
}
