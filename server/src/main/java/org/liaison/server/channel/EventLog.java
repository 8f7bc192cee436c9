package org.liaison.server.channel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.liaison.proto.v1.ChannelEvent;

/**
 * Appends to a channel's ordered stream: gives the event the channel's next sequence number and
 * stores it. Callers hold the channel's row lock (via {@link ChannelRepository#lock}) inside the
 * writer's transaction, so sequence numbers are gap-free and never reused.
 */
public final class EventLog {
  private final ChannelRepository channels;
  private final EventRepository events;
  private final Clock clock;

  public EventLog(ChannelRepository channels, EventRepository events, Clock clock) {
    this.channels = channels;
    this.events = events;
    this.clock = clock;
  }

  /**
   * @param lastSeq the channel's current last sequence number, read under its lock
   * @param event the event without channel, sequence number and time
   * @param messageId the client's message id for messages, else null
   */
  public ChannelEvent append(Connection c, ChannelId channel, long lastSeq, String actor,
      ChannelEvent.Builder event, String messageId) throws SQLException {
    return append(c, channel, lastSeq, actor, event, messageId, null, EventAudience.MEMBERS);
  }

  /**
   * @param taskId the task a task event belongs to, else null
   * @param audience who among the members may see the event
   */
  public ChannelEvent append(Connection c, ChannelId channel, long lastSeq, String actor,
      ChannelEvent.Builder event, String messageId, String taskId, EventAudience audience)
      throws SQLException {
    ChannelEvent stored = event
        .setChannelId(channel.value())
        .setSeq(lastSeq + 1)
        .setTimeMs(clock.millis())
        .setActor(actor)
        .build();
    events.append(c, stored, messageId, taskId, audience);
    channels.updateLastSeq(c, channel, stored.getSeq());
    return stored;
  }
}
