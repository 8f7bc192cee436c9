package org.liaison.server.channel;

import java.util.Set;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.server.identity.OfficerId;

/** Told of every channel event once it is durably stored, in the order events were stored. */
@FunctionalInterface
public interface EventListener {

  /**
   * @param event the stored event
   * @param audience the officers who may see it: the channel's members when it happened
   */
  void published(ChannelEvent event, Set<OfficerId> audience);
}
