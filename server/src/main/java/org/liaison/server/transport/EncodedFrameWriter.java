package org.liaison.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import org.liaison.server.session.EncodedFrame;

/**
 * Writes frames already encoded with their length ({@link EncodedFrame}) as they are: placed
 * below the frame and protobuf encoders, which let them pass untouched.
 */
@Sharable
public final class EncodedFrameWriter extends MessageToMessageEncoder<EncodedFrame> {
  @Override
  protected void encode(ChannelHandlerContext ctx, EncodedFrame frame, List<Object> out) {
    out.add(Unpooled.wrappedBuffer(frame.bytes()));
  }
}
