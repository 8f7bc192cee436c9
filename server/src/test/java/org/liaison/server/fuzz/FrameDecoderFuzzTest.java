package org.liaison.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.testing.NettyLeakGuard;
import org.liaison.server.transport.ClientFrameDecoder;
import org.liaison.server.transport.ExceptionHandler;
import org.liaison.server.transport.HandlerNames;
import org.liaison.server.transport.VarintFrameDecoder;

/**
 * Arbitrary bytes from a peer, through the server's framing and protobuf handlers as {@code
 * ServerChannelInitializer} puts them after TLS, in fragments the input chooses. The result must
 * be exactly what a reading of the protocol's framing rules gives: the frames before the first
 * bad one, then (for a bad one) one fatal typed error and a closed connection. Nothing may escape
 * the pipeline, nothing may stay allocated, and the buffers held at once never exceed about two
 * frames' worth, whatever length a prefix declares.
 */
class FrameDecoderFuzzTest {
  /** A small maximum, so that the fuzzer reaches the limit; the rules do not depend on it. */
  static final int MAX_FRAME_BYTES = 4096;
  private static final int MAX_PREFIX_BYTES = 5;
  /** What one input may allocate on the heap (protobuf objects, logs), beside its own size. */
  private static final long HEAP_ALLOWANCE = 16L << 20;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final CountingAllocator allocator = new CountingAllocator();

  /**
   * The first byte chooses how the rest arrives: 0 in one read, n in reads of n bytes.
   */
  @FuzzTest(maxDuration = "2m")
  void bytesBecomeTheFramesTheRulesSayOrOneTypedRefusal(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int fragment = input[0] == 0 ? Math.max(1, input.length - 1) : input[0] & 0xff;
    byte[] wire = Arrays.copyOfRange(input, 1, input.length);
    Expected expected = Expected.of(wire);

    Outcome outcome = feed(wire, fragment);
    if (outcome.heapUsed() > heapBudget(wire)) {
      // The first run of a path loads (and, when fuzzing, instruments) classes on this thread:
      // the same input again measures what the pipeline itself allocates.
      outcome = feed(wire, fragment);
    }

    assertThat(outcome.decoded()).as("frames passed on").isEqualTo(expected.frames());
    if (expected.refusal() == null) {
      assertThat(outcome.sent()).as("frames sent back").isEmpty();
      assertThat(outcome.open()).as("connection open").isTrue();
    } else {
      assertThat(outcome.sent()).as("frames sent back").hasSize(1);
      assertThat(outcome.sent().get(0).getError().getCode()).isEqualTo(expected.refusal());
      assertThat(outcome.sent().get(0).getError().getFatal()).isTrue();
      assertThat(outcome.open()).as("connection open after a fatal refusal").isFalse();
    }
    assertThat(outcome.unexpectedFailures()).as("unexpected failures").isZero();
    assertThat(allocator.liveBuffers()).as("buffers not released").isZero();
    assertThat(outcome.peakBytes()).as("most buffer bytes held at once")
        .isLessThanOrEqualTo(2L * (MAX_FRAME_BYTES + MAX_PREFIX_BYTES + fragment) + 1024);
    assertThat(outcome.heapUsed()).as("heap allocated").isLessThan(heapBudget(wire));
    assertThat(NettyLeakGuard.reports()).as("Netty leak reports").isEmpty();
  }

  private static long heapBudget(byte[] wire) {
    return HEAP_ALLOWANCE + 256L * wire.length;
  }

  /** What one connection did with the bytes. */
  private record Outcome(List<ClientFrame> decoded, List<ServerFrame> sent, boolean open,
      long unexpectedFailures, long heapUsed, long peakBytes) {}

  private Outcome feed(byte[] wire, int fragment) {
    List<ClientFrame> decoded = new ArrayList<>();
    ExceptionHandler exceptions = new ExceptionHandler();
    EmbeddedChannel channel = pipeline(decoded, exceptions);
    allocator.resetPeak();
    long heapBefore = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < wire.length && channel.isActive(); i += fragment) {
      int n = Math.min(fragment, wire.length - i);
      channel.writeInbound(allocator.heapBuffer(n).writeBytes(wire, i, n));
    }
    long heapUsed = THREADS.getCurrentThreadAllocatedBytes() - heapBefore;
    List<ServerFrame> sent = outbound(channel);
    boolean open = channel.isActive();
    channel.finishAndReleaseAll();
    return new Outcome(decoded, sent, open, exceptions.unexpectedFailures(), heapUsed,
        allocator.peakBytes());
  }

  /** The handlers from the frame decoder to the protobuf codec, then a stand-in for the session. */
  private EmbeddedChannel pipeline(List<ClientFrame> decoded, ExceptionHandler exceptions) {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setAllocator(allocator);
    channel.pipeline()
        .addLast(HandlerNames.FRAME_DECODER, new VarintFrameDecoder(MAX_FRAME_BYTES))
        .addLast(HandlerNames.FRAME_ENCODER, new ProtobufVarint32LengthFieldPrepender())
        .addLast(HandlerNames.PROTOBUF_DECODER, new ClientFrameDecoder())
        .addLast(HandlerNames.PROTOBUF_ENCODER, new ProtobufEncoder())
        .addLast(HandlerNames.SESSION, new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            decoded.add((ClientFrame) msg);
          }
        })
        .addLast(HandlerNames.EXCEPTIONS, exceptions);
    return channel;
  }

  /** What the pipeline wrote, parsed as a client parses it. */
  private static List<ServerFrame> outbound(EmbeddedChannel channel) {
    List<ServerFrame> frames = new ArrayList<>();
    for (Object out; (out = channel.readOutbound()) != null; ) {
      ByteBuf bytes = (ByteBuf) out;
      try (ByteBufInputStream in = new ByteBufInputStream(bytes, true)) {
        while (in.available() > 0) {
          frames.add(ServerFrame.parseDelimitedFrom(in));
        }
      } catch (IOException e) {
        throw new AssertionError("the server wrote a frame a client cannot read", e);
      }
    }
    return frames;
  }

  /**
   * The protocol's framing rules (docs/protocol.md), read independently of the decoder: a varint
   * of at most five bytes that fits a non-negative 32-bit length, at most the maximum frame size,
   * then a {@code ClientFrame}. An incomplete last frame is simply not yet a frame.
   */
  record Expected(List<ClientFrame> frames, ErrorCode refusal) {
    static Expected of(byte[] wire) {
      List<ClientFrame> frames = new ArrayList<>();
      int pos = 0;
      while (pos < wire.length) {
        long length = 0;
        int prefix = 0;
        boolean complete = false;
        while (!complete && prefix < MAX_PREFIX_BYTES) {
          if (pos + prefix >= wire.length) {
            return new Expected(frames, null);
          }
          int b = wire[pos + prefix] & 0xff;
          length |= (long) (b & 0x7f) << (7 * prefix);
          complete = b < 0x80;
          prefix++;
        }
        if (!complete || length > Integer.MAX_VALUE) {
          return new Expected(frames, ErrorCode.MALFORMED_FRAME);
        }
        if (length > MAX_FRAME_BYTES) {
          return new Expected(frames, ErrorCode.FRAME_TOO_LARGE);
        }
        int start = pos + prefix;
        if (wire.length - start < length) {
          return new Expected(frames, null);
        }
        try {
          frames.add(ClientFrame.parseFrom(Arrays.copyOfRange(wire, start, start + (int) length)));
        } catch (InvalidProtocolBufferException e) {
          return new Expected(frames, ErrorCode.MALFORMED_FRAME);
        }
        pos = start + (int) length;
      }
      return new Expected(frames, null);
    }
  }
}
