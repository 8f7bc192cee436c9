package org.liaison.server.message;

import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.HistoryPage;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.proto.v1.MessageStatus;
import org.liaison.proto.v1.Receipt;
import org.liaison.server.audit.AuditAction;
import org.liaison.server.audit.AuditEvent;
import org.liaison.server.audit.AuditLog;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRecord;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.EventAudience;
import org.liaison.server.channel.EventListener;
import org.liaison.server.channel.EventLog;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.channel.Membership;
import org.liaison.server.channel.MembershipRules;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.markings.MarkingsCheck;
import org.liaison.server.markings.Precedences;
import org.liaison.server.message.CursorRepository.Cursor;
import org.liaison.server.message.EnvelopeCheck.Recipient;
import org.liaison.server.session.Session;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.StorageExecutor;

/**
 * Messages: stored durably in the channel's stream before the sender is acknowledged, then
 * published to the members. The body is ciphertext: never parsed, never logged. Client message
 * ids make retries idempotent.
 */
public final class MessageService {
  private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  public static final int MAX_HISTORY_PAGE = 500;
  public static final int DEFAULT_HISTORY_PAGE = 50;

  private final DataSource dataSource;
  private final GroupCommitter writer;
  private final StorageExecutor readers;
  private final ChannelRepository channels;
  private final EventRepository events;
  private final CursorRepository cursors;
  private final EventLog log;
  private final MembershipRules rules;
  private final RecipientCheck recipients;
  private final int maxRecipients;
  private final EventListener listener;
  private final AuditLog audit;
  private final FlashService flash;
  private final Clock clock;

  /**
   * @param maxRecipients most key wraps (recipient devices) one envelope may carry
   */
  public MessageService(DataSource dataSource, GroupCommitter writer, StorageExecutor readers,
      ChannelRepository channels, EventRepository events, CursorRepository cursors, EventLog log,
      RecipientCheck recipients, int maxRecipients, EventListener listener, AuditLog audit,
      FlashService flash, Clock clock) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
    this.channels = channels;
    this.events = events;
    this.cursors = cursors;
    this.log = log;
    this.rules = new MembershipRules(channels);
    this.recipients = recipients;
    this.maxRecipients = maxRecipients;
    this.listener = listener;
    this.audit = audit;
    this.flash = flash;
    this.clock = clock;
  }

  private record Sent(MessageAccepted accepted, ChannelEvent event, Set<OfficerId> audience) {}

  /**
   * Stores a message from the session's officer and device; answers once it is durable. The
   * envelope must be well formed ({@link EnvelopeCheck}) and sealed for exactly the channel's
   * current recipients ({@link RecipientCheck}); a retry of a stored message id answers the
   * original sequence number before anything about recipients is checked.
   */
  public CompletableFuture<MessageAccepted> send(Session session, Envelope envelope) {
    EnvelopeHeader header = envelope.getHeader();
    ChannelId channel = channelId(header.getChannelId());
    if (!MESSAGE_ID.matcher(header.getMessageId()).matches()) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
          "message_id must be 1-64 characters of A-Z a-z 0-9 . _ -");
    }
    // The header names its sender; the server accepts only the truth, taken from the certificate.
    if (!header.getSender().equals(session.officer().id().value())
        || !header.getSenderDevice().equals(session.deviceId())) {
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "the envelope's sender and device must be the connected officer's");
    }
    Set<Recipient> wrapped = EnvelopeCheck.requireWellFormed(envelope, maxRecipients);
    Markings markings = MarkingsCheck.required(header);
    MarkingsCheck.requireSenderMaySee(session.officer(), markings);
    OfficerId sender = session.officer().id();
    return writer.submit(c -> {
      var existing = events.seqOfMessage(c, channel, header.getMessageId());
      if (existing.isPresent()) {
        return new Sent(accepted(header, existing.get(), true), null, Set.of());
      }
      ChannelRecord locked = rules.requireOpenForSending(c, channel, sender);
      MarkingsCheck.requireUnderCeiling(locked, markings);
      var checked = recipients.require(c, locked, header.getMembershipIndex(), wrapped, markings);
      ChannelEvent stored = log.append(c, channel, locked.lastSeq(), sender.value(),
          ChannelEvent.newBuilder().setMessage(envelope), header.getMessageId(), null,
          EventAudience.MEMBERS, markings);
      flash.stored(c, stored);
      // Pushed live only to those who may see it: the same rule as sync and history.
      Set<OfficerId> audience =
          recipients.audience(c, checked, channel, stored.getSeq(), markings);
      return new Sent(accepted(header, stored.getSeq(), false), stored, audience);
    }, sent -> {
      if (sent.event() != null) {
        listener.published(sent.event(), sent.audience());
      }
    }).thenApply(Sent::accepted);
  }

  /**
   * Moves the device's delivery (and optionally read) cursor of a channel forward; or, when
   * {@code single}, records that the device received the one event at {@code seq}, pushed ahead of
   * the channel's order, leaving the cursor where it is.
   */
  public CompletableFuture<Acked> ack(Session session, String channelId, long seq, boolean read,
      boolean single) {
    ChannelId channel = channelId(channelId);
    OfficerId officer = session.officer().id();
    if (single && read) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
          "an acknowledgement of a single event cannot mark the channel read");
    }
    return writer.submit(c -> {
      ChannelRecord record = channels.find(c, channel)
          .filter(r -> wasMember(c, channel, officer))
          .orElseThrow(() -> new LiaisonException(ErrorCode.NOT_FOUND,
              "no channel " + channel + " that you are a member of"));
      if (seq < 1 || seq > record.lastSeq()) {
        throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
            "seq must be 1-" + record.lastSeq() + " in channel " + channel);
      }
      Cursor before = cursors.find(c, officer, session.deviceId(), channel);
      if (single) {
        if (seq > before.deliveredSeq()) {
          cursors.recordAhead(c, officer, session.deviceId(), channel, seq);
          audit.append(c, AuditEvent.of(AuditAction.MESSAGE_DELIVERED, officer.value(),
              channel.value(), session.deviceId(), "seq", seq, "ahead", true));
        }
        return acked(channel, before);
      }
      Cursor cursor = cursors.advance(c, officer, session.deviceId(), channel, seq, read);
      // Receipts are audited per device when a cursor moves, not for repeated acks.
      if (cursor.deliveredSeq() > before.deliveredSeq()) {
        cursors.forgetAheadUpTo(c, officer, session.deviceId(), channel, cursor.deliveredSeq());
        audit.append(c, AuditEvent.of(AuditAction.MESSAGE_DELIVERED, officer.value(),
            channel.value(), session.deviceId(), "from_seq", before.deliveredSeq() + 1,
            "to_seq", cursor.deliveredSeq()));
      }
      if (cursor.readSeq() > before.readSeq()) {
        audit.append(c, AuditEvent.of(AuditAction.MESSAGE_READ, officer.value(),
            channel.value(), session.deviceId(), "from_seq", before.readSeq() + 1,
            "to_seq", cursor.readSeq()));
      }
      return acked(channel, cursor);
    });
  }

  private static Acked acked(ChannelId channel, Cursor cursor) {
    return Acked.newBuilder().setChannelId(channel.value())
        .setDeliveredSeq(cursor.deliveredSeq()).setReadSeq(cursor.readSeq()).build();
  }

  /** A page of the channel's events the officer may see, oldest first. */
  public CompletableFuture<HistoryPage> history(Officer officer, String channelId, long beforeSeq,
      int limit) {
    ChannelId channel = channelId(channelId);
    if (limit < 0 || limit > MAX_HISTORY_PAGE) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
          "limit must be 1-" + MAX_HISTORY_PAGE);
    }
    int pageSize = limit == 0 ? DEFAULT_HISTORY_PAGE : limit;
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        requireEverMember(c, channel, officer.id());
        long before = beforeSeq == 0 ? Long.MAX_VALUE : beforeSeq;
        List<ChannelEvent> page =
            events.visibleBefore(c, officer.id(), channel, before, pageSize + 1);
        boolean more = page.size() > pageSize;
        List<ChannelEvent> shown = more ? page.subList(1, page.size()) : page;
        return HistoryPage.newBuilder().setChannelId(channel.value()).addAllEvents(shown)
            .setMore(more).build();
      }
    });
  }

  /**
   * How far a message got among the officers who were members when it was sent and may see it
   * (those who may not are no recipients). A message the asker may not see is not found.
   */
  public CompletableFuture<MessageStatus> status(Officer officer, String channelId, long seq) {
    ChannelId channel = channelId(channelId);
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        List<Membership> members = channels.membersAt(c, channel, seq);
        if (members.stream().noneMatch(m -> m.officer().equals(officer.id()))) {
          throw new LiaisonException(ErrorCode.NOT_FOUND,
              "no message " + seq + " in a channel you were a member of");
        }
        List<ChannelEvent> event = events.visibleAfter(c, officer.id(), channel, seq - 1, 1);
        if (event.isEmpty() || event.get(0).getSeq() != seq) {
          throw new LiaisonException(ErrorCode.NOT_FOUND,
              "no message " + seq + " in a channel you were a member of");
        }
        String sender = event.get(0).getActor();
        Set<OfficerId> maySee = events.audience(c, channel, seq);
        Map<OfficerId, Cursor> furthest = cursors.furthestByOfficer(c, channel);
        Set<OfficerId> receivedAhead = cursors.receivedAhead(c, channel, seq);
        boolean isFlash = Precedences.isFlashMessage(event.get(0));
        Map<OfficerId, FlashRepository.Acknowledgement> acknowledged = isFlash
            ? flash.acknowledgements(c, channel, seq) : Map.of();
        MessageStatus.Builder status = MessageStatus.newBuilder().setChannelId(channel.value())
            .setSeq(seq).setFlash(isFlash).setAcknowledged(acknowledged.size());
        int delivered = 0;
        int read = 0;
        List<Receipt> receipts = new ArrayList<>();
        for (Membership m : members) {
          if (m.officer().value().equals(sender) || !maySee.contains(m.officer())) {
            continue;
          }
          Cursor cursor = furthest.getOrDefault(m.officer(), new Cursor(0, 0));
          boolean gotIt = cursor.deliveredSeq() >= seq || receivedAhead.contains(m.officer());
          boolean readIt = cursor.readSeq() >= seq;
          delivered += gotIt ? 1 : 0;
          read += readIt ? 1 : 0;
          var acknowledgement = acknowledged.get(m.officer());
          receipts.add(Receipt.newBuilder().setOfficerId(m.officer().value())
              .setDelivered(gotIt).setRead(readIt)
              .setAcknowledgedMs(acknowledgement == null ? 0 : acknowledgement.acknowledgedMs())
              .build());
        }
        return status.setRecipients(receipts.size()).setDelivered(delivered).setRead(read)
            .addAllReceipts(receipts).build();
      }
    });
  }

  private MessageAccepted accepted(EnvelopeHeader header, long seq, boolean duplicate) {
    return MessageAccepted.newBuilder().setChannelId(header.getChannelId()).setSeq(seq)
        .setMessageId(header.getMessageId()).setDuplicate(duplicate)
        .setServerTimeMs(clock.millis()).build();
  }

  private void requireEverMember(Connection c, ChannelId channel, OfficerId officer)
      throws java.sql.SQLException {
    if (!channels.wasEverMember(c, channel, officer)) {
      throw new LiaisonException(ErrorCode.NOT_FOUND,
          "no channel " + channel + " that you are a member of");
    }
  }

  private boolean wasMember(Connection c, ChannelId channel, OfficerId officer) {
    try {
      return channels.wasEverMember(c, channel, officer);
    } catch (java.sql.SQLException e) {
      throw new org.liaison.server.storage.StorageException("reading membership", e);
    }
  }

  static ChannelId channelId(String value) {
    if (!ChannelId.isValid(value)) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "not a channel id: " + value);
    }
    return new ChannelId(value);
  }
}
