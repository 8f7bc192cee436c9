package org.liaison.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the server is configured with, validated once at start-up. Defaults and bounds live
 * here and nowhere else.
 *
 * @param host address to listen on
 * @param port TCP port; 0 picks a free one (tests)
 * @param dataDir where the H2 database lives
 * @param tlsCertChain PEM: the server certificate followed by its issuing CA
 * @param tlsKey PEM: the server's PKCS#8 private key
 * @param trustConfig the agency trust configuration written by the PKI tool
 * @param limits frame size, rate, recipient and timeout limits
 * @param fsync whether each write batch is forced to disk before it is acknowledged (survives a
 *     power loss); without it an acknowledged write survives a crash of the server process only
 * @param audit the audit key and how often audit checkpoints are signed
 */
public record ServerConfig(
    String host, int port, Path dataDir, Path tlsCertChain, Path tlsKey, Path trustConfig,
    Limits limits, boolean fsync, Audit audit) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 7443;
  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, not " + port);
    }
    Objects.requireNonNull(dataDir, "data directory");
    Objects.requireNonNull(tlsCertChain, "tls.cert-chain");
    Objects.requireNonNull(tlsKey, "tls.key");
    Objects.requireNonNull(trustConfig, "trust.config");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(audit, "audit");
  }

  /**
   * A configuration without an audit key of its own: checkpoints are signed with the TLS key
   * (an interim for set-ups that predate the audit key; see docs/audit.md).
   */
  public ServerConfig(String host, int port, Path dataDir, Path tlsCertChain, Path tlsKey,
      Path trustConfig, Limits limits, boolean fsync) {
    this(host, port, dataDir, tlsCertChain, tlsKey, trustConfig, limits, fsync,
        new Audit(tlsKey, tlsCertChain, Audit.DEFAULT_CHECKPOINT_INTERVAL));
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, dataDir, tlsCertChain, tlsKey, trustConfig, limits,
        fsync, audit);
  }

  public ServerConfig withLimits(Limits newLimits) {
    return new ServerConfig(host, port, dataDir, tlsCertChain, tlsKey, trustConfig, newLimits,
        fsync, audit);
  }

  public ServerConfig withAudit(Audit newAudit) {
    return new ServerConfig(host, port, dataDir, tlsCertChain, tlsKey, trustConfig, limits,
        fsync, newAudit);
  }

  /**
   * The audit log's signing key and checkpoint schedule.
   *
   * @param key PEM: the audit key (PKCS#8, unencrypted), {@code audit.key}
   * @param certificate PEM: its certificate, first in the file, {@code audit.certificate}
   * @param checkpointInterval how often a signed checkpoint is written,
   *     {@code audit.checkpoint-interval-seconds}
   */
  public record Audit(Path key, Path certificate, Duration checkpointInterval) {
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(300);
    public static final Duration MINIMUM_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAXIMUM_CHECKPOINT_INTERVAL = Duration.ofHours(24);

    public Audit {
      Objects.requireNonNull(key, "audit.key");
      Objects.requireNonNull(certificate, "audit.certificate");
      if (checkpointInterval == null
          || checkpointInterval.compareTo(MINIMUM_CHECKPOINT_INTERVAL) < 0
          || checkpointInterval.compareTo(MAXIMUM_CHECKPOINT_INTERVAL) > 0) {
        throw new IllegalArgumentException("audit.checkpoint-interval-seconds must be "
            + MINIMUM_CHECKPOINT_INTERVAL.toSeconds() + "-"
            + MAXIMUM_CHECKPOINT_INTERVAL.toSeconds() + ", not "
            + (checkpointInterval == null ? "missing" : checkpointInterval.toSeconds()));
      }
    }

    public Audit withCheckpointInterval(Duration every) {
      return new Audit(key, certificate, every);
    }
  }

  /**
   * Per-connection limits.
   *
   * @param maxFrameBytes largest frame accepted, after the length prefix
   * @param heartbeatInterval how often clients ping when idle; a connection silent for three
   *     intervals is closed
   * @param handshakeTimeout time allowed for the TLS handshake
   * @param requestsPerSecond sustained request rate per connection
   * @param requestBurst requests allowed at once above the sustained rate
   * @param storageThreads threads that run database reads off the network threads
   * @param writeBatch most writes committed together in one transaction by the single writer
   * @param maxRecipients most recipient devices (key wraps) one message may be sealed for
   * @param escalationCheck how often the server looks for missed deadlines to escalate
   * @param flashEscalateAfter how long after it is stored a FLASH message not acknowledged by
   *     every recipient is escalated to the channel's supervisors and its sender
   */
  public record Limits(
      int maxFrameBytes, Duration heartbeatInterval, Duration handshakeTimeout,
      int requestsPerSecond, int requestBurst, int storageThreads, int writeBatch,
      int maxRecipients, Duration escalationCheck, Duration flashEscalateAfter) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    public static final int MAXIMUM_MAX_FRAME_BYTES = 64 << 20;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_REQUESTS_PER_SECOND = 200;
    public static final int DEFAULT_REQUEST_BURST = 400;
    public static final int DEFAULT_STORAGE_THREADS = 4;
    public static final int DEFAULT_WRITE_BATCH = 256;
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    public static final int MAXIMUM_MAX_RECIPIENTS = 10_000;
    public static final Duration DEFAULT_ESCALATION_CHECK = Duration.ofSeconds(5);
    public static final Duration MAXIMUM_ESCALATION_CHECK = Duration.ofHours(1);
    public static final Duration DEFAULT_FLASH_ESCALATE_AFTER = Duration.ofMinutes(5);
    public static final Duration MAXIMUM_FLASH_ESCALATE_AFTER = Duration.ofDays(1);

    public Limits {
      if (maxFrameBytes < 1024 || maxFrameBytes > MAXIMUM_MAX_FRAME_BYTES) {
        throw new IllegalArgumentException(
            "limits.max-frame-bytes must be 1024-" + MAXIMUM_MAX_FRAME_BYTES + ", not "
                + maxFrameBytes);
      }
      requirePositive(heartbeatInterval, "timeouts.heartbeat-seconds");
      requirePositive(handshakeTimeout, "timeouts.handshake-seconds");
      if (requestsPerSecond < 1 || requestBurst < 1) {
        throw new IllegalArgumentException("limits.rate.* must be at least 1");
      }
      if (storageThreads < 1 || storageThreads > 64) {
        throw new IllegalArgumentException("storage.threads must be 1-64, not " + storageThreads);
      }
      if (writeBatch < 1 || writeBatch > 10_000) {
        throw new IllegalArgumentException("storage.write-batch must be 1-10000, not "
            + writeBatch);
      }
      if (maxRecipients < 1 || maxRecipients > MAXIMUM_MAX_RECIPIENTS) {
        throw new IllegalArgumentException("limits.max-recipients must be 1-"
            + MAXIMUM_MAX_RECIPIENTS + ", not " + maxRecipients);
      }
      if (escalationCheck == null || escalationCheck.compareTo(Duration.ofSeconds(1)) < 0
          || escalationCheck.compareTo(MAXIMUM_ESCALATION_CHECK) > 0) {
        throw new IllegalArgumentException("tasks.escalation-check-seconds must be 1-"
            + MAXIMUM_ESCALATION_CHECK.toSeconds() + ", not "
            + (escalationCheck == null ? "missing" : escalationCheck.toSeconds()));
      }
      if (flashEscalateAfter == null || flashEscalateAfter.compareTo(Duration.ofSeconds(1)) < 0
          || flashEscalateAfter.compareTo(MAXIMUM_FLASH_ESCALATE_AFTER) > 0) {
        throw new IllegalArgumentException("flash.escalate-after-seconds must be 1-"
            + MAXIMUM_FLASH_ESCALATE_AFTER.toSeconds() + ", not "
            + (flashEscalateAfter == null ? "missing" : flashEscalateAfter.toSeconds()));
      }
    }

    public static Limits defaults() {
      return new Limits(
          DEFAULT_MAX_FRAME_BYTES, DEFAULT_HEARTBEAT, DEFAULT_HANDSHAKE_TIMEOUT,
          DEFAULT_REQUESTS_PER_SECOND, DEFAULT_REQUEST_BURST, DEFAULT_STORAGE_THREADS,
          DEFAULT_WRITE_BATCH, DEFAULT_MAX_RECIPIENTS, DEFAULT_ESCALATION_CHECK,
          DEFAULT_FLASH_ESCALATE_AFTER);
    }

    /** Silence after which a connection is considered dead. */
    public Duration idleTimeout() {
      return heartbeatInterval.multipliedBy(3);
    }

    public Limits withHeartbeatInterval(Duration interval) {
      return new Limits(maxFrameBytes, interval, handshakeTimeout, requestsPerSecond,
          requestBurst, storageThreads, writeBatch, maxRecipients, escalationCheck,
          flashEscalateAfter);
    }

    public Limits withHandshakeTimeout(Duration timeout) {
      return new Limits(maxFrameBytes, heartbeatInterval, timeout, requestsPerSecond,
          requestBurst, storageThreads, writeBatch, maxRecipients, escalationCheck,
          flashEscalateAfter);
    }

    public Limits withRate(int perSecond, int burst) {
      return new Limits(maxFrameBytes, heartbeatInterval, handshakeTimeout, perSecond, burst,
          storageThreads, writeBatch, maxRecipients, escalationCheck,
          flashEscalateAfter);
    }

    public Limits withMaxRecipients(int max) {
      return new Limits(maxFrameBytes, heartbeatInterval, handshakeTimeout, requestsPerSecond,
          requestBurst, storageThreads, writeBatch, max, escalationCheck, flashEscalateAfter);
    }

    public Limits withEscalationCheck(Duration every) {
      return new Limits(maxFrameBytes, heartbeatInterval, handshakeTimeout, requestsPerSecond,
          requestBurst, storageThreads, writeBatch, maxRecipients, every, flashEscalateAfter);
    }

    public Limits withFlashEscalateAfter(Duration after) {
      return new Limits(maxFrameBytes, heartbeatInterval, handshakeTimeout, requestsPerSecond,
          requestBurst, storageThreads, writeBatch, maxRecipients, escalationCheck, after);
    }

    private static void requirePositive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
    }
  }
}
