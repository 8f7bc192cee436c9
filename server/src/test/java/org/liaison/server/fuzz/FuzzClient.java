package org.liaison.server.fuzz;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32FrameDecoder;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Hello;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.ServerFrame;

/**
 * One connection to a {@link FuzzServer}, as a client that waits for each answer before the next
 * request. Pushes (request id 0, not an error) are set aside; answers are returned in order.
 */
final class FuzzClient implements AutoCloseable {
  private static final long ANSWER_SECONDS = 20;
  /** Put on the queue when the server closes the connection. */
  private static final ServerFrame CLOSED = ServerFrame.getDefaultInstance();

  private final Channel channel;
  private final BlockingQueue<ServerFrame> received;
  private long nextRequestId = 1;
  private boolean closedSeen;

  private FuzzClient(Channel channel, BlockingQueue<ServerFrame> received) {
    this.channel = channel;
    this.received = received;
  }

  static FuzzClient connect(EventLoopGroup loop, LocalAddress address, String deviceId)
      throws InterruptedException {
    BlockingQueue<ServerFrame> received = new LinkedBlockingQueue<>();
    Channel channel = new Bootstrap()
        .group(loop)
        .channel(LocalChannel.class)
        .handler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel ch) {
            ch.pipeline().addLast(new ProtobufVarint32FrameDecoder(),
                new ProtobufDecoder(ServerFrame.getDefaultInstance()),
                new SimpleChannelInboundHandler<ServerFrame>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, ServerFrame frame) {
                    received.add(frame);
                  }

                  @Override
                  public void channelInactive(ChannelHandlerContext ctx) {
                    received.add(CLOSED);
                  }
                });
          }
        })
        .connect(address).sync().channel();
    FuzzClient client = new FuzzClient(channel, received);
    ServerFrame welcome = client.request(ClientFrame.newBuilder().setHello(Hello.newBuilder()
        .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1).setDeviceId(deviceId)
        .setClientName("fuzz")).build()).orElseThrow();
    if (!welcome.hasWelcome()) {
      throw new AssertionError("no Welcome: " + welcome);
    }
    return client;
  }

  /**
   * Sends the frame (its non-zero request id replaced by the next unique one) and waits for its
   * answer; empty when the server closed the connection instead.
   */
  Optional<ServerFrame> request(ClientFrame frame) throws InterruptedException {
    ClientFrame sent = frame.getRequestId() == 0 ? frame
        : frame.toBuilder().setRequestId(nextRequestId++).build();
    channel.writeAndFlush(Unpooled.wrappedBuffer(delimited(sent)));
    while (true) {
      ServerFrame frameIn = received.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
      if (frameIn == null) {
        throw new AssertionError("no answer within " + ANSWER_SECONDS + " s to " + sent);
      }
      if (frameIn == CLOSED) {
        closedSeen = true;
        return Optional.empty();
      }
      if (frameIn.getRequestId() != 0 || frameIn.hasError() || !frameIn.hasEvent()) {
        return Optional.of(frameIn);
      }
    }
  }

  /** The request id the last request was sent with. */
  long lastRequestId() {
    return nextRequestId - 1;
  }

  /** Waits until the server has closed the connection (after a fatal error). */
  boolean awaitClosed() throws InterruptedException {
    while (!closedSeen) {
      ServerFrame frameIn = received.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
      if (frameIn == null) {
        return false;
      }
      closedSeen = frameIn == CLOSED;
    }
    return true;
  }

  boolean isOpen() {
    return !closedSeen && channel.isActive();
  }

  private static byte[] delimited(ClientFrame frame) {
    try {
      var bytes = new java.io.ByteArrayOutputStream();
      frame.writeDelimitedTo(bytes);
      return bytes.toByteArray();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
