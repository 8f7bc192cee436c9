package org.liaison.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.protobuf.ProtobufVarint32FrameDecoder;
import java.util.List;

/**
 * Netty's varint32 frame decoder with a maximum frame size: the length prefix
 * is checked as soon as it is complete, before any of the frame is buffered,
 * so a hostile or broken server cannot make the client hold an oversized frame.
 *
 * <p>An oversized frame fails with {@link TooLongFrameException}, a prefix
 * longer than a varint32 with {@link CorruptedFrameException}; in both cases
 * every byte received afterwards is discarded (the stream cannot be
 * resynchronised) and the session handler closes the connection.
 */
final class InboundFrameLimitDecoder extends ProtobufVarint32FrameDecoder {

    private static final int MAX_VARINT32_BYTES = 5;
    static final long INCOMPLETE = -1;
    static final long MALFORMED = -2;

    private final int maxFrameBytes;
    private boolean discarding;

    InboundFrameLimitDecoder(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, got " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        long length = peekLength(in);
        if (length == MALFORMED) {
            discard(in);
            throw new CorruptedFrameException("malformed varint32 length prefix");
        }
        if (length > maxFrameBytes) {
            discard(in);
            throw new TooLongFrameException("inbound frame of " + length + " bytes exceeds the limit of "
                    + maxFrameBytes + " bytes");
        }
        super.decode(ctx, in, out);
    }

    private void discard(ByteBuf in) {
        discarding = true;
        in.skipBytes(in.readableBytes());
    }

    /**
     * The frame length announced at the reader index, without consuming it;
     * {@link #INCOMPLETE} if the prefix has not fully arrived, {@link #MALFORMED}
     * if it is longer than a varint32.
     */
    static long peekLength(ByteBuf in) {
        long result = 0;
        int index = in.readerIndex();
        for (int i = 0; i < MAX_VARINT32_BYTES; i++) {
            if (index + i >= in.writerIndex()) {
                return INCOMPLETE;
            }
            byte b = in.getByte(index + i);
            result |= (long) (b & 0x7f) << (7 * i);
            if (b >= 0) {
                return result;
            }
        }
        return MALFORMED;
    }
}
