package org.liaison.server.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.FlashAcknowledged;
import org.liaison.proto.v1.FlashAcknowledgement;
import org.liaison.proto.v1.PendingFlashList;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRecord;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.EventAudience;
import org.liaison.server.channel.EventListener;
import org.liaison.server.channel.EventLog;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.channel.MembershipRules;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.markings.Precedences;
import org.liaison.server.message.FlashRepository.Acknowledgement;
import org.liaison.server.message.FlashRepository.Flash;
import org.liaison.server.session.Session;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.StorageExecutor;

/**
 * FLASH acknowledgements (docs/markings.md): every recipient of a FLASH message acknowledges it
 * in person ({@code liaison ack}); each acknowledgement becomes a {@code flash_acknowledged} event
 * of the channel, seen by everyone who may see the message, so the sender sees who and when. A
 * FLASH message not acknowledged by everyone by its deadline is escalated by
 * {@link FlashDeadlines}.
 */
public final class FlashService {
  /** Most pending FLASH messages answered at once. */
  public static final int MAX_PENDING = 100;

  private final DataSource dataSource;
  private final GroupCommitter writer;
  private final StorageExecutor readers;
  private final ChannelRepository channels;
  private final EventRepository events;
  private final EventLog log;
  private final FlashRepository flashes;
  private final MembershipRules rules;
  private final EventListener listener;
  private final Duration escalateAfter;

  /** @param escalateAfter how long after it is stored a FLASH message is escalated */
  public FlashService(DataSource dataSource, GroupCommitter writer, StorageExecutor readers,
      ChannelRepository channels, EventRepository events, EventLog log, FlashRepository flashes,
      EventListener listener, Duration escalateAfter) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
    this.channels = channels;
    this.events = events;
    this.log = log;
    this.flashes = flashes;
    this.rules = new MembershipRules(channels);
    this.listener = listener;
    this.escalateAfter = escalateAfter;
  }

  /** Inside the writer's transaction that stored {@code event}: starts its deadline if FLASH. */
  void stored(Connection c, ChannelEvent event) throws SQLException {
    if (Precedences.isFlashMessage(event)) {
      flashes.insert(c, new Flash(new ChannelId(event.getChannelId()), event.getSeq(),
          new OfficerId(event.getActor()), event.getTimeMs() + escalateAfter.toMillis()));
    }
  }

  /** Who acknowledged the FLASH message {@code seq}, and when. */
  Map<OfficerId, Acknowledgement> acknowledgements(Connection c, ChannelId channel, long seq)
      throws SQLException {
    return flashes.acknowledgements(c, channel, seq);
  }

  private record Done(FlashAcknowledgement answer, ChannelEvent event, Set<OfficerId> audience) {}

  /**
   * The session's officer acknowledges FLASH message {@code seq}: a recipient (a member when it
   * was sent, who may see it), not its sender. A message they may not see is not found.
   */
  public CompletableFuture<FlashAcknowledgement> acknowledge(Session session, String channelId,
      long seq) {
    ChannelId channel = MessageService.channelId(channelId);
    OfficerId officer = session.officer().id();
    return writer.submit(c -> {
      rules.requireCurrentMember(c, channel, officer);
      ChannelRecord locked = channels.lock(c, channel).orElseThrow();
      List<ChannelEvent> found = seq < 1 ? List.of()
          : events.visibleAfter(c, officer, channel, seq - 1, 1);
      if (found.isEmpty() || found.get(0).getSeq() != seq || !found.get(0).hasMessage()) {
        throw new LiaisonException(ErrorCode.NOT_FOUND,
            "no message #" + seq + " in channel " + channel + " that you may see");
      }
      ChannelEvent message = found.get(0);
      if (!Precedences.isFlashMessage(message)) {
        throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "#" + seq + " of " + channel
            + " is not a FLASH message: only FLASH messages are acknowledged");
      }
      if (message.getActor().equals(officer.value())) {
        throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
            "you sent #" + seq + " of " + channel + ": its recipients acknowledge it");
      }
      var earlier = flashes.acknowledgement(c, channel, seq, officer);
      if (earlier.isPresent()) {
        return new Done(answer(channel, seq, earlier.get(), true), null, Set.of());
      }
      ChannelEvent event = log.append(c, channel, locked.lastSeq(), officer.value(),
          ChannelEvent.newBuilder().setFlashAcknowledged(FlashAcknowledged.newBuilder()
              .setSeq(seq)), null, null, EventAudience.MEMBERS,
          Precedences.markingsOf(message));
      Acknowledgement acknowledgement = new Acknowledgement(event.getTimeMs(), event.getSeq());
      flashes.acknowledge(c, channel, seq, officer, acknowledgement);
      return new Done(answer(channel, seq, acknowledgement, false), event,
          events.audience(c, channel, event.getSeq()));
    }, done -> {
      if (done.event() != null) {
        listener.published(done.event(), done.audience());
      }
    }).thenApply(Done::answer);
  }

  /** The FLASH messages the officer has yet to acknowledge, oldest first. */
  public CompletableFuture<PendingFlashList> pending(Officer officer) {
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        List<ChannelEvent> pending = events.flashPendingFor(c, officer.id(), MAX_PENDING + 1);
        boolean more = pending.size() > MAX_PENDING;
        return PendingFlashList.newBuilder()
            .addAllEvents(more ? pending.subList(0, MAX_PENDING) : pending)
            .setMore(more).build();
      }
    });
  }

  private static FlashAcknowledgement answer(ChannelId channel, long seq,
      Acknowledgement acknowledgement, boolean duplicate) {
    return FlashAcknowledgement.newBuilder().setChannelId(channel.value()).setSeq(seq)
        .setAcknowledgedMs(acknowledgement.acknowledgedMs()).setDuplicate(duplicate)
        .setEventSeq(acknowledgement.eventSeq()).build();
  }
}
