package org.liaison.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.server.error.LiaisonException;

class VarintFrameDecoderTest {
  private static final int MAX = 1024;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7})
  void reassemblesFramesFedInFragments(int fragmentSize) {
    EmbeddedChannel channel = new EmbeddedChannel(new VarintFrameDecoder(MAX));
    byte[] payload = new byte[300];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    byte[] wire = concat(new byte[] {(byte) 0xac, 0x02}, payload); // varint 300
    for (int i = 0; i < wire.length; i += fragmentSize) {
      int n = Math.min(fragmentSize, wire.length - i);
      channel.writeInbound(Unpooled.wrappedBuffer(wire, i, n));
    }
    ByteBuf frame = channel.readInbound();
    try {
      assertThat(frame.readableBytes()).isEqualTo(300);
      byte[] read = new byte[300];
      frame.readBytes(read);
      assertThat(read).isEqualTo(payload);
    } finally {
      frame.release();
    }
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void splitsTwoFramesInOneBuffer() {
    EmbeddedChannel channel = new EmbeddedChannel(new VarintFrameDecoder(MAX));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {2, 'a', 'b', 1, 'c'}));
    ByteBuf first = channel.readInbound();
    ByteBuf second = channel.readInbound();
    assertThat(first.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ab");
    assertThat(second.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("c");
    first.release();
    second.release();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void refusesOversizedFrameFromItsPrefixAlone() {
    EmbeddedChannel channel = new EmbeddedChannel(new VarintFrameDecoder(MAX));
    // varint 1025: one byte over the maximum, with no payload sent yet.
    ByteBuf prefix = Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 0x08});
    assertThatThrownBy(() -> channel.writeInbound(prefix))
        .isInstanceOf(DecoderException.class)
        .cause()
        .isInstanceOfSatisfying(LiaisonException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
          assertThat(e.isFatal()).isTrue();
        });
    // Whatever follows is discarded, never decoded as a frame.
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 'x'}));
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void acceptsFrameOfExactlyTheMaximum() {
    EmbeddedChannel channel = new EmbeddedChannel(new VarintFrameDecoder(MAX));
    byte[] wire = concat(new byte[] {(byte) 0x80, 0x08}, new byte[MAX]); // varint 1024
    channel.writeInbound(Unpooled.wrappedBuffer(wire));
    ByteBuf frame = channel.readInbound();
    assertThat(frame.readableBytes()).isEqualTo(MAX);
    frame.release();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void refusesLengthPrefixLongerThanFiveBytes() {
    EmbeddedChannel channel = new EmbeddedChannel(new VarintFrameDecoder(MAX));
    ByteBuf garbage = Unpooled.wrappedBuffer(new byte[] {-1, -1, -1, -1, -1, -1, 0});
    assertThatThrownBy(() -> channel.writeInbound(garbage))
        .cause()
        .isInstanceOfSatisfying(LiaisonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME));
    assertThat(channel.finish()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(bytes = {0x08, 0x10, 0x23, 0x7f})
  void refusesFifthPrefixByteBeyondANonNegativeInt32(byte fifth) {
    // 0x10 once made a 2^32 length read as 0: an empty frame, the rest of the stream misread.
    EmbeddedChannel channel = new EmbeddedChannel(new VarintFrameDecoder(MAX));
    ByteBuf prefix = Unpooled.wrappedBuffer(new byte[] {-128, -128, -128, -128, fifth, 0});
    assertThatThrownBy(() -> channel.writeInbound(prefix))
        .cause()
        .isInstanceOfSatisfying(LiaisonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME));
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void waitsForTheRestOfAPrefixSplitAcrossReads() {
    EmbeddedChannel channel = new EmbeddedChannel(new VarintFrameDecoder(MAX));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x83}));
    assertThat((Object) channel.readInbound()).isNull();
    byte[] rest = concat(new byte[] {0x01}, new byte[131]); // varint 131
    channel.writeInbound(Unpooled.wrappedBuffer(rest));
    ByteBuf frame = channel.readInbound();
    assertThat(frame.readableBytes()).isEqualTo(131);
    frame.release();
    assertThat(channel.finish()).isFalse();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
