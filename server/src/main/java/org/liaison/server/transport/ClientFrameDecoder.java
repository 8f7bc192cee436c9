package org.liaison.server.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.util.List;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.server.error.LiaisonException;

/** Parses one length-delimited frame into a {@link ClientFrame}; anything else is malformed. */
public final class ClientFrameDecoder extends MessageToMessageDecoder<ByteBuf> {

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    try (ByteBufInputStream in = new ByteBufInputStream(frame)) {
      out.add(ClientFrame.parseFrom(in));
    } catch (InvalidProtocolBufferException e) {
      throw LiaisonException.fatal(ErrorCode.MALFORMED_FRAME, "frame is not a ClientFrame");
    } catch (IOException e) {
      throw LiaisonException.fatal(ErrorCode.MALFORMED_FRAME, "unreadable frame");
    }
  }
}
