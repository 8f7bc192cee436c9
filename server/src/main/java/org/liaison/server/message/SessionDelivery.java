package org.liaison.server.message;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SyncComplete;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.markings.Precedences;
import org.liaison.server.session.ClientConnection;
import org.liaison.server.session.EncodedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers channel events to one connection, in order per channel and at most once per
 * connection, without holding a backlog in memory.
 *
 * <p>A new event is pushed straight away only when the connection is writable and caught up on
 * that channel; otherwise the channel is marked behind, and the events are read back from storage
 * after the last one pushed, a bounded batch at a time, whenever the connection can take more.
 * So a slow or stalled reader leaves its backlog in the database, not in server memory, and
 * catches up when it reads again. All state is touched only on the connection's event loop.
 *
 * <p>Urgent events (FLASH, then IMMEDIATE: {@link Precedences#isUrgent}) go ahead of that
 * order: a sync pushes them first, across all channels, and one stored while the connection is
 * behind on its channel is pushed at once (or, if the connection cannot take more now, first when
 * it can). Such a push is marked {@code ahead}; the device acknowledges it alone, and the
 * in-order stream skips it.
 */
final class SessionDelivery {
  private static final Logger log = LoggerFactory.getLogger(SessionDelivery.class);
  static final int EVENTS_PER_CHANNEL_READ = 128;
  static final int CHANNELS_PER_READ = 8;
  /** Most urgent events read ahead at once; any more follow in their channel's order. */
  static final int URGENT_PER_READ = 256;

  private final ClientConnection connection;
  private final DeliveryReader reader;
  private final Map<ChannelId, Long> lastPushed = new HashMap<>();
  /** Per channel: events above lastPushed already pushed (or acknowledged) ahead of the order. */
  private final Map<ChannelId, NavigableSet<Long>> ahead = new HashMap<>();
  private final Set<ChannelId> behind = new LinkedHashSet<>();
  private boolean started;
  private boolean reading;
  /** Urgent events may be waiting in storage: read them before the in-order backlog. */
  private boolean urgentPending;
  private CompletableFuture<SyncComplete> syncing;
  private long pushedDuringSync;

  SessionDelivery(ClientConnection connection, DeliveryReader reader) {
    this.connection = connection;
    this.reader = reader;
    connection.onWritable(this::pump);
  }

  /**
   * Starts delivery: everything not yet acknowledged by the device is pushed, then the returned
   * future completes; new events keep being pushed afterwards. Must run on the event loop.
   */
  CompletableFuture<SyncComplete> start() {
    if (syncing != null) {
      return syncing.thenApply(done -> SyncComplete.getDefaultInstance());
    }
    syncing = new CompletableFuture<>();
    var session = connection.session();
    reader.startingPoints(session.officer().id(), session.deviceId())
        .whenCompleteAsync((start, failure) -> {
          if (failure != null) {
            syncing.completeExceptionally(failure);
            return;
          }
          start.after().forEach((channel, seq) -> lastPushed.merge(channel, seq, Math::max));
          start.ahead().forEach((channel, seqs) ->
              ahead.computeIfAbsent(channel, c -> new TreeSet<>()).addAll(seqs));
          behind.addAll(start.after().keySet());
          started = true;
          urgentPending = true;
          pump();
        }, connection.executor());
    return syncing;
  }

  /** Called from the writer thread for every stored event this connection's officer may see. */
  /** Pushes a stored event (the frame {@code pushed} holds) when its turn comes. */
  void offer(EncodedFrame pushed) {
    connection.executor().execute(() -> onEvent(pushed));
  }

  private void onEvent(EncodedFrame pushed) {
    ChannelEvent event = pushed.frame().getEvent();
    if (!started || !connection.isOpen()) {
      return;
    }
    ChannelId channel = new ChannelId(event.getChannelId());
    long last = lastPushed.getOrDefault(channel, 0L);
    if (event.getSeq() <= last || wentAhead(channel, event.getSeq())) {
      return;
    }
    if (!reading && !behind.contains(channel) && connection.isWritable()) {
      connection.push(pushed);
      connection.flush();
      lastPushed.put(channel, event.getSeq());
      return;
    }
    boolean urgent = Precedences.isUrgent(event);
    if (urgent && connection.isWritable()) {
      pushAhead(event);
      connection.flush();
      return;
    }
    behind.add(channel);
    urgentPending |= urgent;
    pump();
  }

  private boolean wentAhead(ChannelId channel, long seq) {
    NavigableSet<Long> seqs = ahead.get(channel);
    return seqs != null && seqs.contains(seq);
  }

  private void pushAhead(ChannelEvent event) {
    connection.push(ServerFrame.newBuilder().setEvent(event.toBuilder().setAhead(true)).build());
    ahead.computeIfAbsent(new ChannelId(event.getChannelId()), c -> new TreeSet<>())
        .add(event.getSeq());
    if (syncing != null && !syncing.isDone()) {
      pushedDuringSync++;
    }
  }

  /** Reads the urgent events after the points of the channels the connection is behind on. */
  private void readUrgent() {
    urgentPending = false;
    Map<ChannelId, Long> after = new HashMap<>();
    behind.forEach(channel -> after.put(channel, lastPushed.getOrDefault(channel, 0L)));
    reading = true;
    var session = connection.session();
    reader.urgent(session.officer().id(), session.deviceId(), after, URGENT_PER_READ)
        .whenCompleteAsync((events, failure) -> {
          reading = false;
          if (failure != null) {
            log.error("{} urgent delivery read failed; they follow in order", connection,
                failure);
          } else {
            boolean pushed = false;
            for (ChannelEvent event : events) {
              ChannelId channel = new ChannelId(event.getChannelId());
              if (event.getSeq() > lastPushed.getOrDefault(channel, 0L)
                  && !wentAhead(channel, event.getSeq())) {
                pushAhead(event);
                pushed = true;
              }
            }
            if (pushed) {
              connection.flush();
            }
          }
          pump();
        }, connection.executor());
  }

  /** Reads the next batch of what the connection is behind on, if it can take it now. */
  private void pump() {
    if (!started || reading || !connection.isOpen()) {
      return;
    }
    if (behind.isEmpty()) {
      urgentPending = false;
      completeSync();
      return;
    }
    if (!connection.isWritable()) {
      return;
    }
    if (urgentPending) {
      readUrgent();
      return;
    }
    Map<ChannelId, Long> batch = new HashMap<>();
    Iterator<ChannelId> it = behind.iterator();
    while (it.hasNext() && batch.size() < CHANNELS_PER_READ) {
      ChannelId channel = it.next();
      batch.put(channel, lastPushed.getOrDefault(channel, 0L));
      it.remove();
    }
    reading = true;
    var officer = connection.session().officer().id();
    reader.next(officer, batch, EVENTS_PER_CHANNEL_READ)
        .whenCompleteAsync((events, failure) -> {
          reading = false;
          if (failure != null) {
            log.error("{} delivery read failed; will retry on the next event", connection,
                failure);
            behind.addAll(batch.keySet());
            return;
          }
          pushAll(events);
          pump();
        }, connection.executor());
  }

  private void pushAll(Map<ChannelId, List<ChannelEvent>> events) {
    boolean pushed = false;
    for (var entry : events.entrySet()) {
      ChannelId channel = entry.getKey();
      long last = lastPushed.getOrDefault(channel, 0L);
      for (ChannelEvent event : entry.getValue()) {
        if (event.getSeq() > last) {
          last = event.getSeq();
          if (wentAhead(channel, event.getSeq())) {
            continue;
          }
          connection.push(ServerFrame.newBuilder().setEvent(event).build());
          pushed = true;
          if (syncing != null && !syncing.isDone()) {
            pushedDuringSync++;
          }
        }
      }
      lastPushed.put(channel, last);
      NavigableSet<Long> wentAhead = ahead.get(channel);
      if (wentAhead != null) {
        wentAhead.headSet(last, true).clear();
      }
      if (entry.getValue().size() >= EVENTS_PER_CHANNEL_READ) {
        behind.add(channel);
      }
    }
    if (pushed) {
      connection.flush();
    }
  }

  private void completeSync() {
    if (syncing != null && !syncing.isDone()) {
      syncing.complete(SyncComplete.newBuilder().setEvents(pushedDuringSync).build());
    }
  }
}
