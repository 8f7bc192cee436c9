package org.liaison.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.server.error.LiaisonException;

/**
 * Splits the inbound byte stream into frames: a varint32 length prefix, then that many bytes.
 *
 * <p>A frame longer than the configured maximum is refused from its prefix alone, before any of it
 * is buffered, so a peer cannot make the server allocate beyond the cap. After a refusal the stream
 * cannot be resynchronised: the decoder discards everything else the peer sends while the
 * exception handler closes the connection.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
  private static final int MAX_VARINT32_BYTES = 5;

  private final int maxFrameBytes;
  private boolean failed;

  public VarintFrameDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    in.markReaderIndex();
    int length = readLength(in);
    if (length < 0) {
      in.resetReaderIndex();
      return;
    }
    if (length > maxFrameBytes) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw LiaisonException.fatal(
          ErrorCode.FRAME_TOO_LARGE,
          "frame of " + length + " bytes exceeds the maximum of " + maxFrameBytes);
    }
    if (in.readableBytes() < length) {
      in.resetReaderIndex();
      return;
    }
    out.add(in.readRetainedSlice(length));
  }

  /**
   * Discards everything the peer sends from now on: called when the connection is being closed
   * after a fatal error, so that no frame read after it is acted upon.
   */
  public void discardFurtherInput() {
    failed = true;
  }

  /** The decoded length, or -1 when more bytes are needed. */
  private int readLength(ByteBuf in) {
    int result = 0;
    for (int i = 0; i < MAX_VARINT32_BYTES; i++) {
      if (!in.isReadable()) {
        return -1;
      }
      byte b = in.readByte();
      result |= (b & 0x7f) << (7 * i);
      if (b >= 0) {
        // A fifth byte above 7 sets bits beyond a non-negative int32, which the shifts above
        // would silently drop: that is no varint32 length, not some smaller length.
        if (i == MAX_VARINT32_BYTES - 1 && b > 0x07) {
          break;
        }
        return result;
      }
    }
    failed = true;
    in.skipBytes(in.readableBytes());
    throw LiaisonException.fatal(ErrorCode.MALFORMED_FRAME, "malformed frame length prefix");
  }
}
