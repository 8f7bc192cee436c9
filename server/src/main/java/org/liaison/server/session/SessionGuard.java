package org.liaison.server.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.AttributeKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.server.audit.AuditAction;
import org.liaison.server.audit.AuditEvent;
import org.liaison.server.audit.AuditLog;
import org.liaison.server.error.ErrorFrames;
import org.liaison.server.identity.AgencyTrust;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.TrustVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends live sessions whose certificate the trust configuration no longer accepts: revoked by a
 * CRL the server has just re-read, expired, or of an agency whose CRL became unusable. Checked
 * every interval (one second in the server); a connection's last verdict is kept until the
 * revocation state changes or the verdict's own validity ends, so a check costs little when
 * nothing changed. The officer is told {@code CERTIFICATE_REVOKED} (fatal), the connection is
 * closed, and the end is audited ({@code session.revoked}) before the close.
 */
public final class SessionGuard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionGuard.class);
  private static final AttributeKey<Checked> CHECKED = AttributeKey.valueOf("liaison.trust-check");

  /** The verdict a connection's certificate got, under which revocation state. */
  private record Checked(long revision, TrustVerdict verdict) {}

  private final AgencyTrust trust;
  private final ChannelGroup connections;
  private final AuditLog audit;
  private final Clock clock;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "liaison-session-guard");
        thread.setDaemon(true);
        return thread;
      });

  public SessionGuard(AgencyTrust trust, ChannelGroup connections, AuditLog audit, Clock clock) {
    this.trust = trust;
    this.connections = connections;
    this.audit = audit;
    this.clock = clock;
  }

  /** Checks every {@code interval}. */
  public void start(Duration interval) {
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        checkNow();
      } catch (RuntimeException e) {
        log.error("could not check live sessions against the trust configuration; retrying", e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Checks every authenticated connection now; returns how many were ended. */
  public int checkNow() {
    long revision = trust.revision();
    Instant now = clock.instant();
    int ended = 0;
    for (Channel channel : connections) {
      X509Certificate certificate = channel.attr(ConnectionAttributes.CERTIFICATE).get();
      if (certificate == null || !channel.isActive()) {
        continue;
      }
      Checked last = channel.attr(CHECKED).get();
      if (last != null && last.revision() == revision && last.verdict().trusted()
          && last.verdict().holdsAt(now)) {
        continue;
      }
      TrustVerdict verdict = trust.verdict(certificate);
      channel.attr(CHECKED).set(new Checked(revision, verdict));
      if (!verdict.trusted()) {
        end(channel, verdict.refusal());
        ended++;
      }
    }
    return ended;
  }

  private void end(Channel channel, String reason) {
    Officer officer = channel.attr(ConnectionAttributes.OFFICER).get();
    ClientConnection connection = channel.attr(ConnectionAttributes.CONNECTION).get();
    String who = officer == null ? "?" : officer.id().value();
    String session = connection == null ? "" : connection.session().toString();
    log.warn("ending session {} of {} ({}): certificate no longer accepted: {}", session, who,
        channel.remoteAddress(), reason);
    audit.record(AuditEvent.of(AuditAction.SESSION_REVOKED, who, "", session,
            "remote", String.valueOf(channel.remoteAddress()), "reason", reason))
        .whenComplete((entry, failure) -> {
          if (failure != null) {
            log.error("could not audit the end of session {}; ending it anyway", session,
                failure);
          }
          channel.writeAndFlush(ErrorFrames.of(ErrorCode.CERTIFICATE_REVOKED,
                  "your certificate is no longer accepted (" + reason + "): session ended", 0,
                  true))
              .addListener(ChannelFutureListener.CLOSE);
        });
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
