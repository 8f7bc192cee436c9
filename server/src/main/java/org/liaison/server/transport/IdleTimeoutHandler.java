package org.liaison.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.server.error.LiaisonException;

/** Closes a connection that sent nothing, not even a heartbeat, for the idle timeout. */
public final class IdleTimeoutHandler extends ChannelInboundHandlerAdapter {
  private final long idleSeconds;

  public IdleTimeoutHandler(long idleSeconds) {
    this.idleSeconds = idleSeconds;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      ctx.fireExceptionCaught(
          LiaisonException.fatal(
              ErrorCode.IDLE_TIMEOUT, "no frame received for " + idleSeconds + " s"));
      return;
    }
    super.userEventTriggered(ctx, evt);
  }
}
