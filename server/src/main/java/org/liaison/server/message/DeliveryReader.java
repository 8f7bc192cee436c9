package org.liaison.server.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.channel.Membership;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.markings.Precedences;
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
   * Where delivery to a device starts.
   *
   * @param after for every channel the officer is or was a member of, the last event the device
   *     acknowledged (0 when none): in-order delivery starts after it
   * @param ahead per channel, the events above that point the device acknowledged alone (they
   *     were pushed ahead of the order): not pushed again
   */
  public record Start(Map<ChannelId, Long> after, Map<ChannelId, Set<Long>> ahead) {}

  /** Where delivery to the officer's device starts. */
  public CompletableFuture<Start> startingPoints(OfficerId officer, String device) {
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        Map<ChannelId, Long> acknowledged = cursors.deliveredOf(c, officer, device);
        Map<ChannelId, Long> start = new HashMap<>();
        for (Membership m : channels.membershipsOf(c, officer)) {
          start.put(m.channel(), acknowledged.getOrDefault(m.channel(), 0L));
        }
        return new Start(start, cursors.aheadOf(c, officer, device));
      }
    });
  }

  /**
   * Up to {@code limit} visible urgent events (FLASH, then IMMEDIATE) after the given points,
   * across the channels, that the device has not acknowledged alone: FLASH before IMMEDIATE,
   * older before newer.
   */
  public CompletableFuture<List<ChannelEvent>> urgent(OfficerId officer, String device,
      Map<ChannelId, Long> after, int limit) {
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        List<ChannelEvent> urgent = new ArrayList<>();
        for (var entry : after.entrySet()) {
          urgent.addAll(events.urgentAfter(c, officer, device, entry.getKey(), entry.getValue(),
              Precedences.URGENT_RANK, limit));
        }
        urgent.sort(Comparator
            .comparingInt((ChannelEvent e) -> -Precedences.rank(
                Precedences.markingsOf(e).getPrecedence()))
            .thenComparingLong(ChannelEvent::getTimeMs)
            .thenComparing(ChannelEvent::getChannelId)
            .thenComparingLong(ChannelEvent::getSeq));
        return urgent.size() > limit ? List.copyOf(urgent.subList(0, limit)) : urgent;
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
