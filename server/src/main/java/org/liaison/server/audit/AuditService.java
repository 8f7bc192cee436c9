package org.liaison.server.audit;

import com.google.protobuf.ByteString;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.proto.v1.AuditCheckpoint;
import org.liaison.proto.v1.AuditPage;
import org.liaison.proto.v1.AuditQuery;
import org.liaison.proto.v1.AuditRead;
import org.liaison.proto.v1.AuditReadPage;
import org.liaison.proto.v1.AuditRecord;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.CheckpointList;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.GetCheckpoints;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.channel.MembershipChainRepository;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.Role;
import org.liaison.server.session.Session;
import org.liaison.server.storage.StorageExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What auditors ask of the audit log: entries by channel, officer, action and time range, paged;
 * the signed checkpoints with the audit certificate; and the message and task events of a
 * channel whose bodies were sealed for them (transparent escrow, docs/audit.md).
 *
 * <p>Default deny: only an officer whose certificate carries the auditor role is answered. Every
 * request is itself audited: an answer only after its {@code audit.*} entry is durable, a refusal
 * as {@code audit.denied} before the error goes out.
 */
public final class AuditService {
  private static final Logger log = LoggerFactory.getLogger(AuditService.class);
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int MAX_READ_LIMIT = 500;
  /** Events looked at per read page, at most, before answering with what was found. */
  static final int READ_SCAN = 2000;
  private static final Pattern ACTION = Pattern.compile("[a-z0-9_.-]{1,64}");

  private final DataSource dataSource;
  private final StorageExecutor readers;
  private final AuditLog audit;
  private final AuditRepository repository;
  private final List<ByteString> certificateChain;
  private final ChannelRepository channels;
  private final EventRepository events;
  private final MembershipChainRepository chain;
  private final Supplier<CompletableFuture<?>> signNow;
  private final Clock clock;
  /** When an auditor last had a checkpoint signed on request (ms), for the rate limit. */
  private final AtomicLong lastSignedOnRequest = new AtomicLong(Long.MIN_VALUE / 2);

  /** The least time between two checkpoints signed because an auditor asked. */
  static final Duration SIGN_ON_REQUEST_INTERVAL = Duration.ofSeconds(10);

  /**
   * @param certificateChain the audit certificate, then its issuers up to the operator CA: sent
   *     with checkpoints so that auditors can check the signing key
   * @param signNow signs a checkpoint of the newest entry now (completes once durable)
   */
  public AuditService(DataSource dataSource, StorageExecutor readers, AuditLog audit,
      AuditRepository repository, List<X509Certificate> certificateChain,
      ChannelRepository channels, EventRepository events, MembershipChainRepository chain,
      Supplier<CompletableFuture<?>> signNow, Clock clock) {
    this.dataSource = dataSource;
    this.readers = readers;
    this.audit = audit;
    this.repository = repository;
    this.certificateChain = certificateChain.stream().map(AuditService::der).toList();
    this.channels = channels;
    this.events = events;
    this.chain = chain;
    this.signNow = signNow;
    this.clock = clock;
  }

  public CompletableFuture<AuditPage> query(Session session, AuditQuery q) {
    AuditEvent asked = AuditEvent.of(AuditAction.AUDIT_QUERY, actor(session), q.getChannelId(),
        "", "filter_channel", q.getChannelId(), "filter_officer", q.getOfficerId(),
        "filter_action", q.getAction(), "from_ms", q.getFromMs(), "to_ms", q.getToMs(),
        "after_seq", q.getAfterSeq(), "to_seq", q.getToSeq(), "limit", q.getLimit());
    return whenAuditor(session, "audit_query", asked, () -> {
      int limit = limit(q.getLimit(), MAX_LIMIT);
      AuditRepository.Filter filter = filter(q);
      return readers.submit(() -> {
        try (Connection c = dataSource.getConnection()) {
          List<AuditEntry> found = repository.query(c, filter, limit + 1);
          AuditPage.Builder page = AuditPage.newBuilder().setMore(found.size() > limit)
              .setLastSeq(repository.head(c).map(AuditRepository.Head::seq).orElse(0L));
          found.stream().limit(limit).map(AuditService::record).forEach(page::addEntries);
          repository.latestCheckpoint(c).map(AuditService::checkpoint)
              .ifPresent(page::setLatestCheckpoint);
          return page.build();
        }
      }).thenCompose(page -> audit.record(withCount(asked, page.getEntriesCount()))
          .thenApply(entry -> page));
    });
  }

  public CompletableFuture<CheckpointList> checkpoints(Session session, GetCheckpoints g) {
    AuditEvent asked = AuditEvent.of(AuditAction.AUDIT_CHECKPOINTS, actor(session), "", "",
        "after_seq", g.getAfterSeq(), "limit", g.getLimit(), "sign_now", g.getSignNow());
    return whenAuditor(session, "get_checkpoints", asked, () -> {
      int limit = limit(g.getLimit(), MAX_LIMIT);
      CompletableFuture<?> signed = g.getSignNow() && signingAllowed()
          ? signNow.get() : CompletableFuture.completedFuture(null);
      return signed.thenCompose(done -> readers.submit(() -> {
        try (Connection c = dataSource.getConnection()) {
          List<Checkpoint> found = repository.checkpointsAfter(c, g.getAfterSeq(), limit + 1);
          CheckpointList.Builder list = CheckpointList.newBuilder()
              .setMore(found.size() > limit)
              .setLastSeq(repository.head(c).map(AuditRepository.Head::seq).orElse(0L))
              .addAllAuditCertificateChain(certificateChain);
          found.stream().limit(limit).map(AuditService::checkpoint).forEach(list::addCheckpoints);
          return list.build();
        }
      })).thenCompose(list -> audit.record(withCount(asked, list.getCheckpointsCount()))
          .thenApply(entry -> list));
    });
  }

  /** Whether an auditor may have a checkpoint signed now: not within 10 s of the last one. */
  private boolean signingAllowed() {
    long now = clock.millis();
    long last = lastSignedOnRequest.get();
    return now - last >= SIGN_ON_REQUEST_INTERVAL.toMillis()
        && lastSignedOnRequest.compareAndSet(last, now);
  }

  /**
   * The channel's message and task events sealed for one of the auditor's devices, after
   * {@code after_seq}; the others are not returned, not even as metadata.
   */
  public CompletableFuture<AuditReadPage> read(Session session, AuditRead r) {
    AuditEvent asked = AuditEvent.of(AuditAction.AUDIT_READ, actor(session), r.getChannelId(),
        "", "after_seq", r.getAfterSeq(), "limit", r.getLimit());
    return whenAuditor(session, "audit_read", asked, () -> {
      if (!ChannelId.isValid(r.getChannelId())) {
        throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
            "not a channel id: " + r.getChannelId());
      }
      ChannelId id = new ChannelId(r.getChannelId());
      int limit = limit(r.getLimit(), MAX_READ_LIMIT);
      String auditor = session.officer().id().value();
      return readers.submit(() -> {
        try (Connection c = dataSource.getConnection()) {
          if (channels.find(c, id).isEmpty()) {
            throw new LiaisonException(ErrorCode.NOT_FOUND, "no channel " + id);
          }
          return releasedTo(c, id, auditor, r.getAfterSeq(), limit);
        }
      }).thenCompose(page -> audit.record(withCount(asked, page.getEventsCount()))
          .thenApply(entry -> page));
    });
  }

  private AuditReadPage releasedTo(Connection c, ChannelId id, String auditor, long afterSeq,
      int limit) throws SQLException {
    AuditReadPage.Builder page = AuditReadPage.newBuilder().setChannelId(id.value());
    List<ChannelEvent> scanned = events.bodiesAfter(c, id, afterSeq, READ_SCAN);
    long scannedTo = afterSeq;
    int examined = 0;
    while (examined < scanned.size() && page.getEventsCount() < limit) {
      ChannelEvent event = scanned.get(examined++);
      scannedTo = event.getSeq();
      if (sealedFor(event, auditor)) {
        page.addEvents(event);
      }
    }
    boolean more = examined < scanned.size() || scanned.size() == READ_SCAN;
    return page.setMore(more).setScannedToSeq(scannedTo).addAllChain(chain.chain(c, id)).build();
  }

  private static boolean sealedFor(ChannelEvent event, String officer) {
    Envelope envelope = switch (event.getKindCase()) {
      case MESSAGE -> event.getMessage();
      case TASK -> event.getTask().getContent();
      default -> null;
    };
    if (envelope == null) {
      return false;
    }
    for (KeyWrap wrap : envelope.getWrapsList()) {
      if (wrap.getOfficerId().equals(officer)) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code answer} for an auditor; for anyone else audits the refusal, then refuses. */
  private <T> CompletableFuture<T> whenAuditor(Session session, String request, AuditEvent asked,
      Supplier<CompletableFuture<T>> answer) {
    if (session.officer().hasRole(Role.AUDITOR)) {
      return answer.get();
    }
    log.warn("{} is not an auditor: {} refused", session, request);
    SortedMap<String, String> details = new TreeMap<>(asked.details());
    details.put("request", request);
    details.put("reason", "not an auditor");
    AuditEvent denied = new AuditEvent(AuditAction.AUDIT_DENIED, asked.actor(), asked.channel(),
        asked.target(), details);
    return audit.record(denied).handle((entry, error) -> {
      if (error != null) {
        log.error("could not audit the refused {} of {}", request, session, error);
      }
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "only auditors may query the audit log; this refusal is itself audited");
    });
  }

  private static AuditEvent withCount(AuditEvent asked, int count) {
    SortedMap<String, String> details = new TreeMap<>(asked.details());
    details.put("returned", String.valueOf(count));
    return new AuditEvent(asked.action(), asked.actor(), asked.channel(), asked.target(),
        details);
  }

  private static String actor(Session session) {
    return session.officer().id().value();
  }

  private static AuditRepository.Filter filter(AuditQuery q) {
    String channel = emptyToNull(q.getChannelId());
    if (channel != null && !ChannelId.isValid(channel)) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "not a channel id: " + channel);
    }
    String officer = emptyToNull(q.getOfficerId());
    if (officer != null && officer.length() > AuditEvent.MAX_ACTOR) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "officer id too long");
    }
    String action = emptyToNull(q.getAction());
    if (action != null && !ACTION.matcher(action).matches()) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
          "not an audit action: " + action + " (1-64 characters of [a-z0-9_.-])");
    }
    if (q.getFromMs() < 0 || q.getToMs() < 0 || (q.getToMs() > 0 && q.getToMs() <= q.getFromMs())) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
          "the time range must be from_ms < to_ms, both non-negative (to_ms 0 for no bound)");
    }
    return new AuditRepository.Filter(channel, officer, action, q.getFromMs(), q.getToMs(),
        q.getAfterSeq(), q.getToSeq());
  }

  private static int limit(int asked, int max) {
    if (asked < 0 || asked > max) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
          "limit must be 1-" + max + " (0 for the default " + DEFAULT_LIMIT + ")");
    }
    return asked == 0 ? Math.min(DEFAULT_LIMIT, max) : asked;
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }

  static AuditRecord record(AuditEntry e) {
    return AuditRecord.newBuilder().setSeq(e.seq()).setTimeMs(e.timeMs()).setActor(e.actor())
        .setAction(e.action()).setChannelId(e.channel()).setTarget(e.target())
        .setDetails(e.details()).setPrevHash(ByteString.copyFrom(e.prevHash()))
        .setEntryHash(ByteString.copyFrom(e.entryHash())).build();
  }

  static AuditCheckpoint checkpoint(Checkpoint c) {
    return AuditCheckpoint.newBuilder().setSeq(c.seq())
        .setEntryHash(ByteString.copyFrom(c.entryHash())).setTimeMs(c.timeMs())
        .setSignature(ByteString.copyFrom(c.signature())).setKeyId(c.keyId()).build();
  }

  private static ByteString der(X509Certificate certificate) {
    try {
      return ByteString.copyFrom(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode the audit certificate", e);
    }
  }
}
