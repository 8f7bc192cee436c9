package org.liaison.server.channel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Markings;
import org.liaison.server.audit.AuditLog;
import org.liaison.server.audit.ChannelEventAudit;

/**
 * Appends to a channel's ordered stream: gives the event the channel's next sequence number and
 * stores it. Callers hold the channel's row lock (via {@link ChannelRepository#lock}) inside the
 * writer's transaction, so sequence numbers are gap-free and never reused. Every stored event is
 * also written to the audit log in the same transaction (metadata only, see
 * {@link ChannelEventAudit}).
 */
public final class EventLog {
  private final ChannelRepository channels;
  private final EventRepository events;
  private final AuditLog audit;
  private final Clock clock;

  public EventLog(ChannelRepository channels, EventRepository events, AuditLog audit,
      Clock clock) {
    this.channels = channels;
    this.events = events;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * @param lastSeq the channel's current last sequence number, read under its lock
   * @param event the event without channel, sequence number and time
   * @param messageId the client's message id for messages, else null
   */
  public ChannelEvent append(Connection c, ChannelId channel, long lastSeq, String actor,
      ChannelEvent.Builder event, String messageId) throws SQLException {
    return append(c, channel, lastSeq, actor, event, messageId, null, EventAudience.MEMBERS,
        null);
  }

  /**
   * @param taskId the task a task event belongs to, else null
   * @param audience who among the members may see the event
   * @param markings who may see it at all (a message's or its task's); null: no markings
   */
  public ChannelEvent append(Connection c, ChannelId channel, long lastSeq, String actor,
      ChannelEvent.Builder event, String messageId, String taskId, EventAudience audience,
      Markings markings) throws SQLException {
    ChannelEvent stored = event
        .setChannelId(channel.value())
        .setSeq(lastSeq + 1)
        .setTimeMs(clock.millis())
        .setActor(actor)
        .build();
    events.append(c, stored, messageId, taskId, audience, markings);
    channels.updateLastSeq(c, channel, stored.getSeq());
    audit.append(c, ChannelEventAudit.of(stored, markings));
    return stored;
  }
}
