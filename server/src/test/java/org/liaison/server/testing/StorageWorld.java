package org.liaison.server.testing;

import static org.liaison.server.testing.ClientPayloads.groupCreation;
import static org.liaison.server.testing.ClientPayloads.newChannelId;
import static org.liaison.server.testing.ServiceCalls.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.liaison.certs.IssuedIdentity;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.MemberList;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.server.audit.AuditLog;
import org.liaison.server.audit.AuditRepository;
import org.liaison.server.audit.AuditService;
import org.liaison.server.audit.AuditSigner;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.ChannelService;
import org.liaison.server.channel.Escalator;
import org.liaison.server.channel.EventLog;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.channel.MembershipChainRepository;
import org.liaison.server.channel.StatementCheck;
import org.liaison.server.identity.AgencyTrust;
import org.liaison.server.keys.ChannelRecipients;
import org.liaison.server.keys.DeviceDirectory;
import org.liaison.server.keys.KeyBundleRepository;
import org.liaison.server.keys.KeyService;
import org.liaison.server.keys.TrustedBundles;
import org.liaison.server.message.CursorRepository;
import org.liaison.server.message.DeliveryReader;
import org.liaison.server.message.FlashDeadlines;
import org.liaison.server.message.FlashRepository;
import org.liaison.server.message.FlashService;
import org.liaison.server.message.MessageService;
import org.liaison.server.message.RecipientCheck;
import org.liaison.server.officer.JdbcOfficerRepository;
import org.liaison.server.storage.Database;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.StorageExecutor;
import org.liaison.server.config.ServerConfig;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.task.TaskDeadlines;
import org.liaison.server.task.TaskRepository;
import org.liaison.server.task.TaskService;
import org.liaison.server.task.TransitionCheck;

/**
 * The server's services wired as {@code LiaisonServer} wires them, on a real H2 file in a
 * temporary folder, with real agency CAs (made by the PKI tool) and a clock the test moves. No
 * network: tests call the services the request handlers call.
 */
public final class StorageWorld implements BeforeEachCallback, AfterEachCallback {
  public static final Duration KEY_LIFETIME = Duration.ofDays(30);

  public final MutableClock clock = new MutableClock(Instant.parse("2031-03-01T09:00:00Z"));
  /** Every event the services published, in order. */
  public final List<ChannelEvent> published = new CopyOnWriteArrayList<>();
  private final Map<EventKey, Set<OfficerId>> audiences = new ConcurrentHashMap<>();

  private record EventKey(String channelId, long seq) {}

  private Path dir;
  private WorldPki pki;
  private Database database;
  private GroupCommitter writer;
  private StorageExecutor readers;
  private JdbcOfficerRepository officers;
  private TrustedBundles trustedBundles;
  private KeyService keys;
  private ChannelService channels;
  private DeviceDirectory devices;
  private MembershipChainRepository chain;
  private ChannelRepository channelRepository;
  private EventRepository events;
  private RecipientCheck recipients;
  private CursorRepository cursors;
  private EventLog log;
  private TaskService tasks;
  private Escalator escalator;
  private FlashRepository flashes;
  private FlashService flash;
  private AuditLog audit;
  private boolean open;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("liaison-world-");
    pki = new WorldPki(dir, clock);
    openServices();
  }

  /** Stops and starts services and database on the same files, as a restart (PKI, clock stay). */
  public void restart() {
    closeServices();
    openServices();
  }

  /** Stops the services and closes the database files (to work on them while stopped). */
  public void stop() {
    closeServices();
  }

  /** Starts the services again after {@link #stop()}. */
  public void start() {
    openServices();
  }

  private void closeServices() {
    if (!open) {
      return;
    }
    open = false;
    if (escalator != null) {
      escalator.close();
    }
    writer.close();
    readers.close();
    database.close();
  }

  private void openServices() {
    try {
      database = Database.open(dir.resolve("data"), 6);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    open = true;
    writer = new GroupCommitter(database.dataSource(), 64, false);
    audit = new AuditLog(writer, new AuditRepository(), clock);
    readers = new StorageExecutor(2);
    officers = new JdbcOfficerRepository(database.dataSource());
    KeyBundleRepository bundles = new KeyBundleRepository();
    trustedBundles = new TrustedBundles(pki.trust(), clock, Duration.ZERO);
    devices = new DeviceDirectory(bundles, trustedBundles, clock);
    keys = new KeyService(database.dataSource(), writer, readers, bundles, devices, audit,
        clock);
    channelRepository = new ChannelRepository();
    events = new EventRepository();
    cursors = new CursorRepository();
    chain = new MembershipChainRepository();
    log = new EventLog(channelRepository, events, audit, clock);
    channels = new ChannelService(database.dataSource(), writer, readers, channelRepository, log,
        chain, new StatementCheck(bundles, clock), officers, this::record, clock);
    recipients = new RecipientCheck(devices,
        new ChannelRecipients(channelRepository, bundles, officers, clock), officers, events);
    TaskRepository taskRepository = new TaskRepository();
    tasks = new TaskService(database.dataSource(), writer, readers, channelRepository, events,
        log, taskRepository, new TransitionCheck(bundles, clock), recipients, officers,
        ServerConfig.Limits.DEFAULT_MAX_RECIPIENTS, this::record, clock);
    flashes = new FlashRepository();
    flash = new FlashService(database.dataSource(), writer, readers, channelRepository, events,
        log, flashes, this::record, ServerConfig.Limits.DEFAULT_FLASH_ESCALATE_AFTER);
    // Never started: tests run checks with checkNow() on the clock they move.
    escalator = new Escalator(writer, this::record, clock,
        ServerConfig.Limits.DEFAULT_ESCALATION_CHECK,
        List.of(new TaskDeadlines(channelRepository, taskRepository, log, events),
            new FlashDeadlines(channelRepository, events, log, flashes)));
  }

  private void record(ChannelEvent event, Set<OfficerId> audience) {
    published.add(event);
    audiences.put(new EventKey(event.getChannelId(), event.getSeq()), Set.copyOf(audience));
  }

  /** The officers an event was published to live. */
  public Set<OfficerId> audienceOf(ChannelEvent event) {
    return audiences.getOrDefault(new EventKey(event.getChannelId(), event.getSeq()), Set.of());
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    closeServices();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  public ChannelService channels() {
    return channels;
  }

  public TaskService tasks() {
    return tasks;
  }

  /** FLASH acknowledgements as the server wires them (escalated after the default 5 minutes). */
  public FlashService flash() {
    return flash;
  }

  /** The escalator as the server wires it, not started: run checks with checkNow(). */
  public Escalator escalator() {
    return escalator;
  }

  /** The history of the channel as the viewer may see it (newest 500 events). */
  public List<ChannelEvent> history(TestDevice viewer, String channelId) {
    return await(messages(1000).history(viewer.officer(), channelId, 0, 500)).getEventsList();
  }

  /** The audit log as the services write it. */
  public AuditLog audit() {
    return audit;
  }

  /** The operator CA that issued the audit certificate. */
  public java.security.cert.X509Certificate operatorCa() {
    return pki.operatorCa();
  }

  /** The audit key, issued by an operator CA as the PKI tool issues it. */
  public AuditSigner auditSigner() {
    return pki.auditSigner();
  }

  /** Whether the services (and the database) are running. */
  public boolean isOpen() {
    return open;
  }

  /** A connection to the running database, for reading what the services stored. */
  public java.sql.Connection connection() throws java.sql.SQLException {
    return database.connection();
  }

  /** The running database's connections, for a writer of a test's own. */
  public DataSource dataSource() {
    return database.dataSource();
  }

  /** Where the database files are (liaison.mv.db). */
  public Path dataDir() {
    return dir.resolve("data");
  }

  /** The officers table as the services read it. */
  public JdbcOfficerRepository officers() {
    return officers;
  }

  public KeyService keys() {
    return keys;
  }

  public AgencyTrust trust() {
    return pki.trust();
  }

  public TrustedBundles trustedBundles() {
    return trustedBundles;
  }

  /** The auditors' requests, as the server wires them. */
  public AuditService auditService() {
    return new AuditService(database.dataSource(), readers, audit, new AuditRepository(),
        List.of(auditSigner().certificate()), channelRepository, events, chain,
        () -> audit.checkpoint(auditSigner()), clock);
  }

  /** The storage reads behind sync (what a device is pushed when it asks to sync), as wired. */
  public DeliveryReader deliveryReader() {
    return new DeliveryReader(database.dataSource(), readers, channelRepository, events, cursors);
  }

  /** The message service as the server wires it, with this most recipients per envelope. */
  public MessageService messages(int maxRecipients) {
    return new MessageService(database.dataSource(), writer, readers, channelRepository, events,
        cursors, log, recipients, maxRecipients, this::record, audit, flash, clock);
  }

  // ---------------------------------------------------------------------------------------------
  // Officers and devices

  /** A device of an officer who has logged in, with its keys published for 30 days. */
  public TestDevice device(String officerId, String deviceId, String... roles) {
    return device(officerId, deviceId, KEY_LIFETIME, roles);
  }

  public TestDevice device(String officerId, String deviceId, Duration keyLifetime,
      String... roles) {
    TestDevice device = unpublishedDevice(officerId, deviceId, keyLifetime, roles);
    publish(device);
    return device;
  }

  /**
   * A device of an officer whose certificate names this clearance (the first device of an
   * officer fixes their certificate), with its keys published for 30 days.
   */
  public TestDevice device(String officerId, String deviceId, Classification clearance,
      String... roles) {
    TestDevice device = unpublishedDevice(officerId, deviceId, KEY_LIFETIME, clearance, roles);
    publish(device);
    return device;
  }

  /** A device of an officer who has logged in, that has published no keys. */
  public TestDevice unpublishedDevice(String officerId, String deviceId, Duration keyLifetime,
      String... roles) {
    return unpublishedDevice(officerId, deviceId, keyLifetime, null, roles);
  }

  /** As above, the certificate naming {@code clearance} (null: none, so UNCLASSIFIED). */
  public TestDevice unpublishedDevice(String officerId, String deviceId, Duration keyLifetime,
      Classification clearance, String... roles) {
    IssuedIdentity identity = pki.identity(officerId, clearance, roles);
    try {
      var officer = pki.trust().identify(
          identity.chain().toArray(new java.security.cert.X509Certificate[0]));
      officers.recordLogin(officer, deviceId, clock.instant());
      return new TestDevice(identity, officer, deviceId, clock, keyLifetime);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make device " + officerId + "/" + deviceId, e);
    }
  }

  public void publish(TestDevice device) {
    await(keys.publish(device.session(), device.bundle()));
  }

  /** Revokes the officer's certificate and publishes the agency's new CRL file. */
  public void revoke(TestDevice device) throws IOException {
    pki.revoke(device.officerId(), device.identity());
  }

  // ---------------------------------------------------------------------------------------------
  // Channels

  /** A group channel whose creation allows up to {@code ceiling}. */
  public ChannelInfo createGroup(TestDevice supervisor, Classification ceiling,
      TestDevice... members) {
    return await(channels.create(supervisor.session(),
        groupCreation(supervisor, newChannelId(), ceiling, null, members)));
  }

  public ChannelInfo createGroup(TestDevice supervisor, TestDevice... members) {
    return await(channels.create(supervisor.session(),
        groupCreation(supervisor, newChannelId(), "Gate 4", members)));
  }

  public MemberList members(TestDevice viewer, String channelId) {
    return await(channels.members(viewer.officer(), channelId));
  }

  /** The next statement of the channel's chain by the actor's device, as a client builds it. */
  public MembershipStatement.Builder next(TestDevice actor, String channelId) {
    List<SignedStatement> chain = members(actor, channelId).getChainList();
    return actor.statement(channelId, chain.size(),
        ChainBytes.linkHash(chain.get(chain.size() - 1)));
  }

  public ChannelEvent add(TestDevice supervisor, String channelId, TestDevice member) {
    return await(channels.changeMembership(supervisor.session(), channelId,
        supervisor.sign(next(supervisor, channelId).setAdd(member.officerId()).build())));
  }

  public ChannelEvent remove(TestDevice supervisor, String channelId, TestDevice member) {
    return await(channels.changeMembership(supervisor.session(), channelId,
        supervisor.sign(next(supervisor, channelId).setRemove(member.officerId()).build())));
  }

  // ---------------------------------------------------------------------------------------------
  // Envelopes

  /**
   * A well-formed envelope (random ciphertext) wrapped for exactly these devices, marked as a
   * client marks what its user leaves unmarked: {@link org.liaison.markings.Markings#DEFAULT}.
   */
  public Envelope envelope(TestDevice sender, String channelId, long membershipIndex,
      List<TestDevice> recipients) {
    return envelope(sender, channelId, membershipIndex, recipients,
        org.liaison.markings.Markings.DEFAULT);
  }

  /** A well-formed envelope with these markings, wrapped for exactly these devices. */
  public Envelope envelope(TestDevice sender, String channelId, long membershipIndex,
      List<TestDevice> recipients, Markings markings) {
    return ClientPayloads.envelope(sender, channelId, membershipIndex, recipients, markings,
        clock.millis());
  }
}