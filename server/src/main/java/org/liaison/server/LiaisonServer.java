package org.liaison.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.certs.Pem;
import org.liaison.server.audit.AuditAction;
import org.liaison.server.audit.AuditCheckpointer;
import org.liaison.server.audit.AuditHandlers;
import org.liaison.server.audit.AuditService;
import org.liaison.server.audit.AuditEvent;
import org.liaison.server.audit.AuditLog;
import org.liaison.server.audit.AuditRepository;
import org.liaison.server.audit.AuditSigner;
import org.liaison.server.audit.TrustAudit;
import org.liaison.server.channel.ChannelHandlers;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.ChannelService;
import org.liaison.server.channel.Escalator;
import org.liaison.server.channel.EventLog;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.channel.MembershipChainRepository;
import org.liaison.server.channel.StatementCheck;
import org.liaison.server.config.ServerConfig;
import org.liaison.server.error.ErrorFrames;
import org.liaison.server.identity.AgencyTrust;
import org.liaison.server.identity.AgencyTrustManager;
import org.liaison.server.officer.JdbcOfficerRepository;
import org.liaison.server.keys.ChannelRecipients;
import org.liaison.server.keys.DeviceDirectory;
import org.liaison.server.keys.KeyBundleRepository;
import org.liaison.server.keys.KeyHandlers;
import org.liaison.server.keys.KeyService;
import org.liaison.server.keys.TrustedBundles;
import org.liaison.server.message.CursorRepository;
import org.liaison.server.message.DeliveryReader;
import org.liaison.server.message.DeliveryRegistry;
import org.liaison.server.message.FlashDeadlines;
import org.liaison.server.message.FlashRepository;
import org.liaison.server.message.FlashService;
import org.liaison.server.message.MessageHandlers;
import org.liaison.server.message.MessageService;
import org.liaison.server.message.RecipientCheck;
import org.liaison.server.officer.OfficerRepository;
import org.liaison.server.session.PingHandler;
import org.liaison.server.session.SessionGuard;
import org.liaison.server.session.RequestHandler;
import org.liaison.server.session.SessionSettings;
import org.liaison.server.storage.Database;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.StorageExecutor;
import org.liaison.server.task.TaskDeadlines;
import org.liaison.server.task.TaskHandlers;
import org.liaison.server.task.TaskRepository;
import org.liaison.server.task.TaskService;
import org.liaison.server.task.TransitionCheck;
import org.liaison.server.transport.ServerChannelInitializer;
import org.liaison.server.transport.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Liaison server: wires the components together (by hand, here and nowhere else),
 * listens, and shuts down in order: stop accepting, tell connected clients, close them, finish
 * storage work, write the last audit entry and checkpoint, close the database.
 */
public final class LiaisonServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiaisonServer.class);
  public static final String VERSION = "0.1.0";
  /**
   * How long a look at the CRL files is relied upon when deciding which devices' keys are served
   * and expected as recipients (TLS handshakes always look afresh).
   */
  static final Duration CRL_POLL = Duration.ofSeconds(1);

  private final ServerConfig config;
  private final Database database;
  private final StorageExecutor storage;
  private final GroupCommitter writer;
  private final OfficerRepository officers;
  private final Escalator escalator;
  private final AuditLog audit;
  private final AuditCheckpointer checkpointer;
  private final TrustAudit trustAudit;
  private final SessionGuard sessionGuard;
  private final Clock clock;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final ChannelGroup openChannels;
  private final Channel serverChannel;
  private boolean closed;

  private LiaisonServer(ServerConfig config, Database database, StorageExecutor storage,
      GroupCommitter writer, OfficerRepository officers, Escalator escalator, AuditLog audit,
      AuditCheckpointer checkpointer, TrustAudit trustAudit, SessionGuard sessionGuard,
      Clock clock, EventLoopGroup bossGroup, EventLoopGroup workerGroup,
      ChannelGroup openChannels, Channel serverChannel) {
    this.config = config;
    this.database = database;
    this.storage = storage;
    this.writer = writer;
    this.officers = officers;
    this.escalator = escalator;
    this.audit = audit;
    this.trustAudit = trustAudit;
    this.sessionGuard = sessionGuard;
    this.checkpointer = checkpointer;
    this.clock = clock;
    this.bossGroup = bossGroup;
    this.workerGroup = workerGroup;
    this.openChannels = openChannels;
    this.serverChannel = serverChannel;
  }

  /**
   * Opens storage, loads the trust configuration and starts listening.
   *
   * @param clock the server's time for everything: certificate and key validity, event times,
   *     clock-skew checks and task deadlines (tests pass a clock they move)
   */
  public static LiaisonServer start(ServerConfig config, Clock clock)
      throws IOException, GeneralSecurityException, InterruptedException {
    AgencyTrust trust = AgencyTrust.load(config.trustConfig(), clock);
    SslContext tls = ServerTls.context(config.tlsCertChain(), config.tlsKey(),
        new AgencyTrustManager(trust));
    AuditSigner auditSigner = AuditSigner.load(config.audit().key(),
        config.audit().certificate());
    var limits = config.limits();
    Database database = Database.open(config.dataDir(), limits.storageThreads() + 2);
    StorageExecutor storage = new StorageExecutor(limits.storageThreads());
    GroupCommitter writer = new GroupCommitter(database.dataSource(), limits.writeBatch(),
        config.fsync());
    AuditLog audit = new AuditLog(writer, new AuditRepository(), clock);
    AuditCheckpointer checkpointer = new AuditCheckpointer(audit, auditSigner,
        config.audit().checkpointInterval());
    TrustAudit trustAudit = new TrustAudit(trust, audit);
    JdbcOfficerRepository officers = new JdbcOfficerRepository(database.dataSource());
    KeyBundleRepository bundles = new KeyBundleRepository();
    DeviceDirectory devices = new DeviceDirectory(bundles,
        new TrustedBundles(trust, clock, CRL_POLL), clock);
    Wired wired =
        messagingHandlers(database, writer, storage, officers, bundles, devices, audit, limits,
            clock);
    Map<BodyCase, RequestHandler> handlers = wired.handlers();
    Escalator escalator = wired.escalator();
    KeyHandlers.register(handlers, new KeyService(database.dataSource(), writer, storage,
        bundles, devices, audit, clock));
    handlers.put(BodyCase.PING, new PingHandler(clock));
    AuditHandlers.register(handlers, new AuditService(database.dataSource(), storage, audit,
        new AuditRepository(), Pem.readCertificates(config.audit().certificate()),
        new ChannelRepository(), new EventRepository(), new MembershipChainRepository(),
        checkpointer::checkpointNow, clock));

    EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("liaison-accept"));
    EventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory("liaison-io"));
    ChannelGroup openChannels = new DefaultChannelGroup("connections",
        GlobalEventExecutor.INSTANCE);
    var initializer = new ServerChannelInitializer(tls, trust, limits,
        new SessionSettings(limits.heartbeatInterval(), limits.maxFrameBytes(), VERSION),
        officers, storage, handlers, audit, clock, openChannels);
    try {
      Channel channel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(initializer)
          .bind(config.host(), config.port())
          .sync()
          .channel();
      audit.record(AuditEvent.of(AuditAction.SERVER_STARTED, "server", "", "",
          "version", VERSION, "listen", String.valueOf(channel.localAddress()),
          "audit_key_id", auditSigner.keyId(),
          "agencies", trust.agencies().stream().map(a -> a.agency().code()).toList()))
          .join();
      escalator.start();
      checkpointer.start();
      trustAudit.start(CRL_POLL);
      SessionGuard sessionGuard = new SessionGuard(trust, openChannels, audit, clock);
      sessionGuard.start(CRL_POLL);
      LiaisonServer server = new LiaisonServer(config, database, storage, writer, officers,
          escalator, audit, checkpointer, trustAudit, sessionGuard, clock, boss, workers,
          openChannels, channel);
      log.info("Liaison server {} listening on {} (TLS 1.3, client certificates from {} "
              + "agencies: {})", VERSION, channel.localAddress(), trust.agencies().size(),
          trust.agencies().stream().map(a -> a.agency().code()).toList());
      return server;
    } catch (Exception e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      escalator.close();
      checkpointer.close();
      trustAudit.close();
      writer.close();
      storage.close();
      database.close();
      throw e;
    }
  }

  /** The request handlers, and the escalator that runs beside them. */
  private record Wired(Map<BodyCase, RequestHandler> handlers, Escalator escalator) {}

  private static Wired messagingHandlers(Database database,
      GroupCommitter writer, StorageExecutor storage, JdbcOfficerRepository officers,
      KeyBundleRepository bundles, DeviceDirectory devices, AuditLog audit,
      ServerConfig.Limits limits, Clock clock) {
    ChannelRepository channels = new ChannelRepository();
    EventRepository events = new EventRepository();
    CursorRepository cursors = new CursorRepository();
    MembershipChainRepository chain = new MembershipChainRepository();
    EventLog log = new EventLog(channels, events, audit, clock);
    DeliveryRegistry delivery = new DeliveryRegistry(
        new DeliveryReader(database.dataSource(), storage, channels, events, cursors));
    Map<BodyCase, RequestHandler> handlers = new EnumMap<>(BodyCase.class);
    RecipientCheck recipients = new RecipientCheck(devices,
        new ChannelRecipients(channels, bundles, officers, clock), officers, events);
    ChannelHandlers.register(handlers, new ChannelService(database.dataSource(), writer, storage,
        channels, log, chain, new StatementCheck(bundles, clock), officers, delivery, clock));
    FlashRepository flashes = new FlashRepository();
    FlashService flash = new FlashService(database.dataSource(), writer, storage, channels, events,
        log, flashes, delivery, limits.flashEscalateAfter());
    MessageHandlers.register(handlers, new MessageService(database.dataSource(), writer, storage,
        channels, events, cursors, log, recipients,
        limits.maxRecipients(), delivery, audit, flash, clock), flash, delivery);
    TaskRepository tasks = new TaskRepository();
    TaskHandlers.register(handlers, new TaskService(database.dataSource(), writer, storage,
        channels, events, log, tasks, new TransitionCheck(bundles, clock),
        recipients, officers, limits.maxRecipients(), delivery,
        clock));
    Escalator escalator = new Escalator(writer, delivery, clock, limits.escalationCheck(),
        List.of(new TaskDeadlines(channels, tasks, log, events),
            new FlashDeadlines(channels, events, log, flashes)));
    return new Wired(handlers, escalator);
  }

  /** The port actually bound (useful when the configuration asked for port 0). */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public ServerConfig config() {
    return config;
  }

  public OfficerRepository officers() {
    return officers;
  }

  /** The single writer: batches and writes committed so far (for tests and benchmarks). */
  public GroupCommitter writer() {
    return writer;
  }

  /** The server's clock, as passed to {@link #start}. */
  public Clock clock() {
    return clock;
  }

  /**
   * The task escalator: tests on a controlled clock move the clock and call
   * {@link Escalator#checkNow()} instead of waiting for the next scheduled check.
   */
  public Escalator escalator() {
    return escalator;
  }

  /** Stops the server; connected clients are told {@code SERVER_SHUTTING_DOWN}. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("Liaison server stopping ({} connection(s) open)", openChannels.size());
    serverChannel.close().syncUninterruptibly();
    openChannels
        .writeAndFlush(ErrorFrames.of(ErrorCode.SERVER_SHUTTING_DOWN,
            "the server is shutting down; reconnect later", 0, true))
        .addListener(f -> openChannels.close());
    openChannels.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    openChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    workerGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    bossGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    sessionGuard.close();
    escalator.close();
    checkpointer.close();
    trustAudit.close();
    // The stop and a checkpoint covering it are the last writes: an auditor can tell a clean
    // shutdown from a log that was cut short.
    try {
      audit.record(AuditEvent.of(AuditAction.SERVER_STOPPED, "server", "", "")).join();
      checkpointer.checkpointNow().join();
    } catch (RuntimeException e) {
      log.error("could not write the audit log's stop entry and checkpoint", e);
    }
    writer.close();
    storage.close();
    database.close();
    log.info("Liaison server stopped");
  }
}
