package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.proto.v1.Pong;
import org.liaison.proto.v1.ServerFrame;

class InboundFrameLimitDecoderTest {

    private static byte[] delimited(ServerFrame frame) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame.writeDelimitedTo(out);
        return out.toByteArray();
    }

    private static ServerFrame pong(long nonce) {
        return ServerFrame.newBuilder().setRequestId(7).setPong(Pong.newBuilder().setNonce(nonce)).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void frameArrivingInFragmentsIsDecodedOnceComplete(int fragmentSize) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new InboundFrameLimitDecoder(1024),
                new ProtobufDecoder(ServerFrame.getDefaultInstance()));
        byte[] bytes = delimited(pong(Long.MAX_VALUE));
        for (int i = 0; i < bytes.length; i += fragmentSize) {
            int length = Math.min(fragmentSize, bytes.length - i);
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, length));
        }
        ServerFrame decoded = channel.readInbound();
        assertThat(decoded).isEqualTo(pong(Long.MAX_VALUE));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void frameExactlyAtTheLimitIsAccepted() throws Exception {
        byte[] bytes = delimited(pong(1));
        int size = bytes.length - 1;
        EmbeddedChannel channel = new EmbeddedChannel(new InboundFrameLimitDecoder(size));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        ByteBuf frame = channel.readInbound();
        try {
            assertThat(frame.readableBytes()).isEqualTo(size);
        } finally {
            frame.release();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void oversizedFrameIsRefusedFromItsPrefixAlone() {
        EmbeddedChannel channel = new EmbeddedChannel(new InboundFrameLimitDecoder(100));
        // Only the length prefix (varint 300 = 0xAC 0x02) has arrived: refused before any payload is buffered.
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xAC, 0x02})))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("300 bytes")
                .hasMessageContaining("limit of 100");
        // Whatever follows is discarded, not decoded as a new frame.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 0x08}));
        Object nothing = channel.readInbound();
        assertThat(nothing).isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void prefixLongerThanVarint32IsCorrupt() {
        EmbeddedChannel channel = new EmbeddedChannel(new InboundFrameLimitDecoder(100));
        byte[] prefix = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(prefix)))
                .isInstanceOf(CorruptedFrameException.class);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void peekDoesNotConsumeAndReportsIncompletePrefix() {
        ByteBuf buffer = Unpooled.buffer(2).writeByte(0xAC);
        try {
            assertThat(InboundFrameLimitDecoder.peekLength(buffer)).isEqualTo(InboundFrameLimitDecoder.INCOMPLETE);
            assertThat(buffer.readerIndex()).isZero();
            buffer.writeByte(0x02);
            assertThat(InboundFrameLimitDecoder.peekLength(buffer)).isEqualTo(300);
            assertThat(buffer.readerIndex()).isZero();
        } finally {
            buffer.release();
        }
    }
}
