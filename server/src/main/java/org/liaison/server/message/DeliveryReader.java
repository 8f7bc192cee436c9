package org.liaison.server.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.channel.Membership;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.storage.StorageExecutor;

/** The storage reads behind delivery: where a device starts, and what comes next per channel. */
public final class DeliveryReader {
  private final DataSource dataSource;
  private final StorageExecutor readers;
  private final ChannelRepository channels;
  private final EventRepository events;
  private final CursorRepository cursors;

  public DeliveryReader(DataSource dataSource, StorageExecutor readers,
      ChannelRepository channels, EventRepository events, CursorRepository cursors) {
    this.dataSource = dataSource;
    this.readers = readers;
    this.channels = channels;
    this.events = events;
    this.cursors = cursors;
  }

  /**
   * For every channel the officer is or was a member of: the last event the device acknowledged
   * (0 when none), the point delivery starts after.
   */
  public CompletableFuture<Map<ChannelId, Long>> startingPoints(OfficerId officer, String device) {
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        Map<ChannelId, Long> acknowledged = cursors.deliveredOf(c, officer, device);
        Map<ChannelId, Long> start = new HashMap<>();
        for (Membership m : channels.membershipsOf(c, officer)) {
          start.put(m.channel(), acknowledged.getOrDefault(m.channel(), 0L));
        }
        return start;
      }
    });
  }

  /** Up to {@code limit} visible events per channel after the given points, oldest first. */
  public CompletableFuture<Map<ChannelId, List<ChannelEvent>>> next(OfficerId officer,
      Map<ChannelId, Long> after, int limit) {
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        Map<ChannelId, List<ChannelEvent>> result = new HashMap<>();
        for (var entry : after.entrySet()) {
          result.put(entry.getKey(), read(c, officer, entry.getKey(), entry.getValue(), limit));
        }
        return result;
      }
    });
  }

  private List<ChannelEvent> read(Connection c, OfficerId officer, ChannelId channel, long after,
      int limit) throws SQLException {
    return events.visibleAfter(c, officer, channel, after, limit);
  }
}
