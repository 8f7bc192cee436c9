package org.liaison.server.message;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SyncComplete;
import org.liaison.server.channel.EventListener;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.session.ClientConnection;
import org.liaison.server.session.EncodedFrame;

/**
 * Which connections receive which officers' events: every connected device that has asked to
 * sync. Stored events are fanned out from here to each device of each officer in their audience.
 */
public final class DeliveryRegistry implements EventListener {
  private final DeliveryReader reader;
  private final Map<OfficerId, Set<SessionDelivery>> byOfficer = new ConcurrentHashMap<>();
  private final Map<ClientConnection, SessionDelivery> byConnection = new ConcurrentHashMap<>();

  public DeliveryRegistry(DeliveryReader reader) {
    this.reader = reader;
  }

  /** Starts (or joins) delivery to this connection; completes when its backlog is pushed. */
  public CompletableFuture<SyncComplete> sync(ClientConnection connection) {
    SessionDelivery delivery = byConnection.computeIfAbsent(connection, c -> {
      SessionDelivery created = new SessionDelivery(c, reader);
      OfficerId officer = c.session().officer().id();
      byOfficer.computeIfAbsent(officer, o -> ConcurrentHashMap.newKeySet()).add(created);
      c.onClose(() -> remove(c, officer, created));
      return created;
    });
    return delivery.start();
  }

  @Override
  public void published(ChannelEvent event, Set<OfficerId> audience) {
    EncodedFrame frame = new EncodedFrame(ServerFrame.newBuilder().setEvent(event).build());
    for (OfficerId officer : audience) {
      Set<SessionDelivery> deliveries = byOfficer.get(officer);
      if (deliveries != null) {
        deliveries.forEach(d -> d.offer(frame));
      }
    }
  }

  /** Connections currently receiving events. */
  public int connections() {
    return byConnection.size();
  }

  private void remove(ClientConnection connection, OfficerId officer, SessionDelivery delivery) {
    byConnection.remove(connection);
    byOfficer.computeIfPresent(officer, (o, set) -> {
      set.remove(delivery);
      return set.isEmpty() ? null : set;
    });
  }
}
