package org.liaison.server.fuzz;

import static org.liaison.server.testing.ClientPayloads.groupCreation;
import static org.liaison.server.testing.ServiceCalls.await;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.server.audit.AuditHandlers;
import org.liaison.server.channel.ChannelHandlers;
import org.liaison.server.config.ServerConfig;
import org.liaison.server.keys.KeyHandlers;
import org.liaison.server.message.DeliveryRegistry;
import org.liaison.server.message.MessageHandlers;
import org.liaison.server.message.MessageService;
import org.liaison.server.session.ConnectionAttributes;
import org.liaison.server.session.PingHandler;
import org.liaison.server.session.RequestDispatcher;
import org.liaison.server.session.RequestHandler;
import org.liaison.server.session.SessionHandler;
import org.liaison.server.session.SessionSettings;
import org.liaison.server.storage.StorageExecutor;
import org.liaison.server.task.TaskHandlers;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;
import org.liaison.server.transport.ClientFrameDecoder;
import org.liaison.server.transport.ExceptionHandler;
import org.liaison.server.transport.HandlerNames;
import org.liaison.server.transport.RateLimitHandler;
import org.liaison.server.transport.VarintFrameDecoder;

/**
 * The server's request handlers, wired to the real services of a {@link StorageWorld} (real H2
 * file, real agency CAs) as {@code LiaisonServer} wires them, behind the handlers that {@code
 * ServerChannelInitializer} puts after TLS, on Netty's in-VM transport. TLS is left out: the
 * connection carries the identity of one officer's certificate, as the TLS layer would set it.
 * The world holds a channel with one stored message, which fuzzed requests must never lose.
 */
final class FuzzServer implements AutoCloseable {
  static final int MAX_FRAME_BYTES = 64 * 1024;
  /** A fixed id, so that inputs (and the fuzzer's dictionary) can name the stored channel. */
  static final String CHANNEL_ID = "c-fuzzchannel2";
  static final String SUPERVISOR = "fr-pn.fuzz.supervisor";
  static final String MEMBER = "ma-dgsn.fuzz.member";

  private final StorageWorld world = new StorageWorld();
  private final DefaultEventLoopGroup loop = new DefaultEventLoopGroup(2);
  private final StorageExecutor storage = new StorageExecutor(2);
  private final ExceptionHandler exceptions = new ExceptionHandler();
  private final AtomicLong connections = new AtomicLong();
  private final LocalAddress address = new LocalAddress("liaison-fuzz-" + UUID.randomUUID());
  private final TestDevice supervisor;
  private final MessageService messages;
  private final ChannelEvent stored;
  private final Channel serverChannel;

  FuzzServer() throws Exception {
    world.beforeEach(null);
    supervisor = world.device(SUPERVISOR, "desk", "officer", "supervisor", "auditor");
    TestDevice member = world.device(MEMBER, "phone");
    await(world.channels().create(supervisor.session(),
        groupCreation(supervisor, CHANNEL_ID, "Fuzz", member)));
    messages = world.messages(ServerConfig.Limits.DEFAULT_MAX_RECIPIENTS);
    long seq = await(messages.send(supervisor.session(),
        world.envelope(supervisor, CHANNEL_ID, 0, List.of(supervisor, member)))).getSeq();
    stored = storedEvent(seq);
    Map<BodyCase, RequestHandler> handlers = handlers();
    serverChannel = new ServerBootstrap()
        .group(loop)
        .channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel channel) {
            pipeline(channel, handlers);
          }
        })
        .bind(address).sync().channel();
  }

  /** Every request of the protocol, as {@code LiaisonServer} registers them. */
  private Map<BodyCase, RequestHandler> handlers() {
    Map<BodyCase, RequestHandler> handlers = new EnumMap<>(BodyCase.class);
    ChannelHandlers.register(handlers, world.channels());
    MessageHandlers.register(handlers, messages, world.flash(),
        new DeliveryRegistry(world.deliveryReader()));
    TaskHandlers.register(handlers, world.tasks());
    KeyHandlers.register(handlers, world.keys());
    AuditHandlers.register(handlers, world.auditService());
    handlers.put(BodyCase.PING, new PingHandler(world.clock));
    return handlers;
  }

  /** {@code ServerChannelInitializer}'s pipeline after TLS and peer identity. */
  private void pipeline(LocalChannel channel, Map<BodyCase, RequestHandler> handlers) {
    channel.attr(ConnectionAttributes.OFFICER).set(supervisor.officer());
    channel.attr(ConnectionAttributes.CERTIFICATE).set(supervisor.identity().certificate());
    ChannelPipeline p = channel.pipeline();
    p.addLast(HandlerNames.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, true));
    p.addLast(HandlerNames.FRAME_DECODER, new VarintFrameDecoder(MAX_FRAME_BYTES));
    p.addLast(HandlerNames.FRAME_ENCODER, new ProtobufVarint32LengthFieldPrepender());
    p.addLast(HandlerNames.PROTOBUF_DECODER, new ClientFrameDecoder());
    p.addLast(HandlerNames.PROTOBUF_ENCODER, new ProtobufEncoder());
    p.addLast(HandlerNames.SESSION, new SessionHandler(
        new SessionSettings(Duration.ofSeconds(30), MAX_FRAME_BYTES, "fuzz"), world.officers(),
        storage, world.audit(), world.clock, "fuzz-" + connections.incrementAndGet()));
    // The rate limit is the server's, set high: refusing fuzzed requests for their number
    // would keep them from the handlers.
    p.addLast(HandlerNames.RATE_LIMIT,
        new RateLimitHandler(1_000_000, 1_000_000, System::nanoTime));
    p.addLast(HandlerNames.DISPATCH, new RequestDispatcher(handlers));
    p.addLast(HandlerNames.EXCEPTIONS, exceptions);
  }

  /** A new greeted connection of the officer's device. */
  FuzzClient connect() throws InterruptedException {
    return FuzzClient.connect(loop, address, supervisor.deviceId());
  }

  /** The message stored before fuzzing, as it is stored now. */
  ChannelEvent storedEvent() {
    return storedEvent(stored.getSeq());
  }

  /** The message stored before fuzzing, as it was first read. */
  ChannelEvent originalEvent() {
    return stored;
  }

  private ChannelEvent storedEvent(long seq) {
    List<ChannelEvent> events =
        await(messages.history(supervisor.officer(), CHANNEL_ID, seq + 1, 1)).getEventsList();
    return events.isEmpty() ? null : events.get(0);
  }

  /** The connected device signing what the fuzzer leaves unsigned. */
  FuzzSigner signer() {
    return new FuzzSigner(supervisor, this::chain);
  }

  /** The channel's membership chain as the officer sees it; empty if they may not. */
  private List<SignedStatement> chain(String channelId) {
    try {
      return world.channels().members(supervisor.officer(), channelId)
          .get(10, TimeUnit.SECONDS).getChainList();
    } catch (Exception e) {
      return List.of();
    }
  }

  /** Failures the pipeline's tail met that were not typed refusals. */
  long unexpectedFailures() {
    return exceptions.unexpectedFailures();
  }

  @Override
  public void close() throws java.io.IOException {
    serverChannel.close().syncUninterruptibly();
    loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    storage.close();
    world.afterEach(null);
  }
}
