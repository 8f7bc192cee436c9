package org.liaison.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;
import org.liaison.server.LiaisonServer;
import org.liaison.server.config.ServerConfig;
import org.liaison.server.config.ServerConfig.Limits;

/**
 * The shared fixture of the end-to-end tests: a real Liaison server, in-process, on an ephemeral
 * loopback port, with real TLS and certificates from the PKI tool ({@link TestPki}) and a real H2
 * file in a temporary data directory. It hands out connected clients for named officers and
 * closes everything after the test class.
 *
 * <pre>{@code @RegisterExtension static LiaisonServerExtension server = new LiaisonServerExtension();}</pre>
 */
public final class LiaisonServerExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String HOST = "127.0.0.1";

  private final UnaryOperator<Limits> limits;
  private final Function<TestPki, Path> trustConfig;
  private final List<LiaisonClient> clients = new ArrayList<>();
  private TestPki pki;
  private Path trustConfigFile;
  private Path dataDir;
  private LiaisonServer server;
  private CapturedLogs logs;

  public LiaisonServerExtension() {
    this(UnaryOperator.identity());
  }

  /** A server whose limits (heartbeat, rate…) are adjusted from the defaults. */
  public LiaisonServerExtension(UnaryOperator<Limits> limits) {
    this(limits, pki -> pki.dev().trustConfig());
  }

  /**
   * A server that trusts the agencies of the trust configuration file {@code trustConfig} writes
   * for the test PKI instead of the development one: a misconfigured (or malicious) operator's, for
   * tests of what clients must refuse even when the server accepts it.
   */
  public LiaisonServerExtension(UnaryOperator<Limits> limits, Function<TestPki, Path> trustConfig) {
    this.limits = limits;
    this.trustConfig = trustConfig;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    logs = CapturedLogs.attach();
    pki = TestPki.get();
    trustConfigFile = trustConfig.apply(pki);
    dataDir = Files.createTempDirectory("liaison-data-");
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    clients.forEach(LiaisonClient::close);
    clients.clear();
    stop();
    logs.detach();
    deleteRecursively(dataDir);
  }

  /** Starts the server on the same data directory (after {@link #stop()}). */
  public void start() throws Exception {
    var dev = pki.dev();
    ServerConfig config = new ServerConfig(HOST, 0, dataDir, dev.serverCertChain(),
        dev.serverKey(), trustConfigFile, limits.apply(Limits.defaults()), true,
        new ServerConfig.Audit(dev.auditKey(), dev.auditCertificate(),
            ServerConfig.Audit.DEFAULT_CHECKPOINT_INTERVAL));
    server = LiaisonServer.start(config, Clock.systemUTC());
  }

  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public LiaisonServer server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  public Path dataDir() {
    return dataDir;
  }

  public TestPki pki() {
    return pki;
  }

  public CapturedLogs logs() {
    return logs;
  }

  /** The client profile of a development officer, pointed at this server. */
  public ClientProfile profile(String officerId) {
    return profileAt(pki.profile(officerId));
  }

  public ClientProfile profileAt(Path profileDir) {
    return ClientProfile.load(profileDir).withServer(HOST, port());
  }

  /** A connected, greeted client for the officer; closed after the test class. */
  public LiaisonClient connect(String officerId) throws Exception {
    return track(LiaisonClient.connect(profile(officerId)).get(30, TimeUnit.SECONDS));
  }

  public LiaisonClient track(LiaisonClient client) {
    synchronized (clients) {
      clients.add(client);
    }
    return client;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
