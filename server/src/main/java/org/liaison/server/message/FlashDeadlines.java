package org.liaison.server.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.FlashEscalated;
import org.liaison.server.channel.ChannelRecord;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.Escalator;
import org.liaison.server.channel.Escalator.Escalation;
import org.liaison.server.channel.EventAudience;
import org.liaison.server.channel.EventLog;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.markings.Precedences;
import org.liaison.server.message.FlashRepository.Flash;

/**
 * FLASH messages not acknowledged by every recipient by their deadline: a
 * {@code flash_escalated} event naming who has not, seen by the channel's supervisors and the
 * message's sender (if they may see the message and are still members). Once per message; one
 * acknowledged by everyone in time is settled without an event.
 */
public final class FlashDeadlines implements Escalator.Rule {
  private final ChannelRepository channels;
  private final EventRepository events;
  private final EventLog log;
  private final FlashRepository flashes;

  public FlashDeadlines(ChannelRepository channels, EventRepository events, EventLog log,
      FlashRepository flashes) {
    this.channels = channels;
    this.events = events;
    this.log = log;
    this.flashes = flashes;
  }

  @Override
  public List<Escalation> escalate(Connection c, long nowMs) throws SQLException {
    List<Escalation> stored = new ArrayList<>();
    for (Flash flash : flashes.due(c, nowMs, Escalator.MAX_PER_CHECK)) {
      ChannelRecord channel = channels.lock(c, flash.channel()).orElseThrow();
      Set<String> pending = new TreeSet<>();
      events.audience(c, flash.channel(), flash.seq())
          .forEach(officer -> pending.add(officer.value()));
      pending.remove(flash.sender().value());
      flashes.acknowledgements(c, flash.channel(), flash.seq()).keySet()
          .forEach(officer -> pending.remove(officer.value()));
      flashes.settle(c, flash.channel(), flash.seq());
      if (pending.isEmpty()) {
        continue;
      }
      ChannelEvent message = events.find(c, flash.channel(), flash.seq()).orElseThrow();
      ChannelEvent event = log.append(c, flash.channel(), channel.lastSeq(),
          Escalator.SERVER_ACTOR, ChannelEvent.newBuilder().setFlashEscalated(
              FlashEscalated.newBuilder().setSeq(flash.seq())
                  .setSender(flash.sender().value()).setDeadlineMs(flash.deadlineMs())
                  .addAllPending(pending)),
          null, null, EventAudience.supervisorsAnd(flash.sender()),
          Precedences.markingsOf(message));
      stored.add(new Escalation(event, events.audience(c, flash.channel(), event.getSeq())));
    }
    return stored;
  }
}
