package org.liaison.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.liaison.client.Channels;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;
import org.liaison.client.Messages;
import org.liaison.client.PlainTextBody;
import org.liaison.proto.v1.ChannelEvent;

/**
 * One connected device of an officer, as the end-to-end tests drive it: the real client library,
 * an event listener that records every event, drops what it already processed (by channel and
 * sequence number, as a real client does) and acknowledges each event after recording it.
 */
final class Participant implements AutoCloseable {
  private final LiaisonClient client;
  private final Channels channels;
  private final Messages messages;
  private final boolean acknowledge;
  private final List<ChannelEvent> received = new ArrayList<>();
  private final Map<String, Long> processed = new HashMap<>();
  private final List<CompletableFuture<?>> acks = new ArrayList<>();
  private int redeliveries;
  private int stopAfter = Integer.MAX_VALUE;

  private Participant(LiaisonClient client, boolean acknowledge) {
    this.client = client;
    this.channels = new Channels(client);
    this.messages = new Messages(client);
    this.acknowledge = acknowledge;
  }

  static Participant connect(LiaisonServerExtension server, String officerId) throws Exception {
    return connect(server.profile(officerId), true);
  }

  static Participant connect(ClientProfile profile, boolean acknowledge) throws Exception {
    LiaisonClient client = LiaisonClient.connect(profile).get(30, TimeUnit.SECONDS);
    return new Participant(client, acknowledge);
  }

  /** Starts delivery and waits until the backlog has been received. */
  Participant sync() throws Exception {
    messages.onEvent(this::onEvent);
    messages.sync().get(60, TimeUnit.SECONDS);
    return this;
  }

  /**
   * Processes (records and acknowledges) only the first {@code events} events, ignoring the rest
   * as a client that dies mid-stream would.
   */
  Participant stopAfter(int events) {
    this.stopAfter = events;
    return this;
  }

  private synchronized void onEvent(ChannelEvent event) {
    if (received.size() >= stopAfter) {
      return;
    }
    long last = processed.getOrDefault(event.getChannelId(), 0L);
    if (event.getSeq() <= last) {
      redeliveries++;
      return;
    }
    processed.put(event.getChannelId(), event.getSeq());
    received.add(event);
    if (acknowledge) {
      acks.add(messages.ack(event.getChannelId(), event.getSeq(), false));
    }
  }

  LiaisonClient client() {
    return client;
  }

  Channels channels() {
    return channels;
  }

  Messages messages() {
    return messages;
  }

  String officerId() {
    return client.welcome().getOfficerId();
  }

  synchronized List<ChannelEvent> events(String channelId) {
    return received.stream().filter(e -> e.getChannelId().equals(channelId)).toList();
  }

  List<String> texts(String channelId) {
    return events(channelId).stream().filter(ChannelEvent::hasMessage)
        .map(e -> PlainTextBody.textOf(e.getMessage())).toList();
  }

  /** Events received again after they had been processed (should be none once acknowledged). */
  synchronized int redeliveries() {
    return redeliveries;
  }

  /** Waits until {@code count} messages of the channel have arrived. */
  void awaitMessages(String channelId, int count) {
    await(officerId() + " receiving " + count + " messages").atMost(Duration.ofSeconds(60))
        .until(() -> texts(channelId).size() >= count);
  }

  /** Waits for every acknowledgement sent so far to be answered. */
  void awaitAcks() throws Exception {
    List<CompletableFuture<?>> pending;
    synchronized (this) {
      pending = new ArrayList<>(acks);
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  /** Sends a text message and returns its sequence number once the server stored it. */
  long send(String channelId, String text) throws Exception {
    return messages.sendText(channelId, text).get(30, TimeUnit.SECONDS).getSeq();
  }

  @Override
  public void close() {
    client.close();
  }
}
