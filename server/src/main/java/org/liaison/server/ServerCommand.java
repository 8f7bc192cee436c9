package org.liaison.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.liaison.certs.DevPki;
import org.liaison.server.audit.AuditCommand;
import org.liaison.server.config.ConfigFile;
import org.liaison.server.config.ServerConfig;
import org.liaison.server.config.ServerConfig.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code liaison-server}: reads the configuration, starts the server, stops it on SIGTERM. */
@Command(
    name = "liaison-server",
    mixinStandardHelpOptions = true,
    version = "liaison-server " + LiaisonServer.VERSION,
    subcommands = AuditCommand.class,
    description = "Runs the Liaison multi-agency liaison chat and tasking server.",
    footer = {
      "",
      "Settings come from --config (a properties file), then the flags above override them.",
      "With --dev and no TLS settings, a development PKI is generated under --pki-dir on first",
      "run (never overwritten) and used for the server certificate and the trust configuration.",
      "",
      "Checkpoints of the audit log are signed with audit.key/audit.certificate (--dev: the",
      "development PKI's audit key); without them, with the TLS key (an interim).",
      "",
      "Exit codes: 0 stopped cleanly, 1 failed to start, 2 usage error."
    })
public final class ServerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

  @Option(names = "--config", paramLabel = "FILE", description = "Server configuration file.")
  Path configFile;

  @Option(names = "--dev",
      description = "Development mode: use (and create on first run) the development PKI.")
  boolean dev;

  @Option(names = "--pki-dir", paramLabel = "DIR", defaultValue = "certs/dev",
      description = "Where the development PKI lives (with --dev). Default: ${DEFAULT-VALUE}.")
  Path pkiDir;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "Address to listen on. Default: " + ServerConfig.DEFAULT_HOST + ".")
  String host;

  @Option(names = "--port", paramLabel = "PORT",
      description = "TCP port to listen on. Default: " + ServerConfig.DEFAULT_PORT + ".")
  Integer port;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Data directory holding the database. Default: ./data.")
  Path dataDir;

  @Option(names = "--tls-cert-chain", paramLabel = "PEM",
      description = "Server certificate chain (PEM, server certificate first).")
  Path tlsCertChain;

  @Option(names = "--tls-key", paramLabel = "PEM",
      description = "Server private key (PEM, PKCS#8).")
  Path tlsKey;

  @Option(names = "--trust", paramLabel = "FILE",
      description = "Agency trust configuration written by liaison-pki.")
  Path trustConfig;

  @Option(names = "--heartbeat-seconds", paramLabel = "N",
      description = "Heartbeat interval; a connection silent for 3 intervals is closed. "
          + "Default: 30.")
  Integer heartbeatSeconds;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = resolveConfig();
    LiaisonServer server = LiaisonServer.start(config, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "liaison-shutdown"));
    System.out.printf("Liaison server listening on %s:%d (data in %s). Stop with Ctrl-C.%n",
        config.host(), server.port(), config.dataDir().toAbsolutePath().normalize());
    System.out.flush();
    stopped.await();
    return 0;
  }

  private ServerConfig resolveConfig() throws Exception {
    ConfigFile file = configFile == null ? ConfigFile.empty() : ConfigFile.read(configFile);
    Path chain = first(tlsCertChain, file.path("tls.cert-chain").orElse(null));
    Path key = first(tlsKey, file.path("tls.key").orElse(null));
    Path trust = first(trustConfig, file.path("trust.config").orElse(null));
    Path auditKey = file.path("audit.key").orElse(null);
    Path auditCertificate = file.path("audit.certificate").orElse(null);
    if (dev && (chain == null || key == null || trust == null || auditKey == null
        || auditCertificate == null)) {
      DevPki pki = DevPki.ensure(pkiDir, Clock.systemUTC());
      printDevPki(pki);
      chain = first(chain, pki.serverCertChain());
      key = first(key, pki.serverKey());
      trust = first(trust, pki.trustConfig());
      auditKey = first(auditKey, pki.auditKey());
      auditCertificate = first(auditCertificate, pki.auditCertificate());
    }
    if (chain == null || key == null || trust == null) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "TLS certificate chain, key and trust configuration are required "
              + "(--config, --tls-cert-chain/--tls-key/--trust, or --dev)");
    }
    Limits defaults = Limits.defaults();
    Duration heartbeat = heartbeatSeconds != null ? Duration.ofSeconds(heartbeatSeconds)
        : file.seconds("timeouts.heartbeat-seconds", defaults.heartbeatInterval());
    Limits limits = new Limits(
        file.integer("limits.max-frame-bytes", defaults.maxFrameBytes()),
        heartbeat,
        file.seconds("timeouts.handshake-seconds", defaults.handshakeTimeout()),
        file.integer("limits.rate.requests-per-second", defaults.requestsPerSecond()),
        file.integer("limits.rate.burst", defaults.requestBurst()),
        file.integer("storage.threads", defaults.storageThreads()),
        file.integer("storage.write-batch", defaults.writeBatch()),
        file.integer("limits.max-recipients", defaults.maxRecipients()),
        file.seconds("tasks.escalation-check-seconds", defaults.escalationCheck()),
        file.seconds("flash.escalate-after-seconds", defaults.flashEscalateAfter()));
    if (auditKey == null || auditCertificate == null) {
      log.warn("no audit.key/audit.certificate configured: signing audit checkpoints with the "
          + "TLS key (interim; issue an audit key with the PKI tool)");
      auditKey = key;
      auditCertificate = chain;
    }
    ServerConfig.Audit audit = new ServerConfig.Audit(auditKey, auditCertificate,
        file.seconds("audit.checkpoint-interval-seconds",
            ServerConfig.Audit.DEFAULT_CHECKPOINT_INTERVAL));
    return new ServerConfig(
        first(host, file.string("listen.host").orElse(ServerConfig.DEFAULT_HOST)),
        first(port, file.integer("listen.port", ServerConfig.DEFAULT_PORT)),
        first(dataDir, file.path("data.dir").orElse(ServerConfig.DEFAULT_DATA_DIR)),
        chain, key, trust, limits, file.bool("storage.fsync", true), audit);
  }

  private static void printDevPki(DevPki pki) {
    log.warn("DEVELOPMENT PKI in use ({}): not for real operations", pki.dir().toAbsolutePath());
    System.out.println(pki.generatedNow()
        ? "Generated a development PKI in " + pki.dir() + ":"
        : "Using the development PKI in " + pki.dir() + ":");
    System.out.println("  trust configuration  " + pki.trustConfig());
    System.out.println("  server certificate   " + pki.serverCertChain());
    System.out.println("  audit certificate    " + pki.auditCertificate());
    System.out.println("  officer profiles (use with: bin/liaison --profile DIR whoami):");
    for (String officerId : pki.officerIds()) {
      System.out.println("    " + pki.profile(officerId));
    }
  }

  private static <T> T first(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServerCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      log.error("cannot start: {}", e.getMessage(), e);
      commandLine.getErr().println("error: cannot start the server: " + e.getMessage());
      return 1;
    });
    System.exit(cli.execute(args));
  }
}
