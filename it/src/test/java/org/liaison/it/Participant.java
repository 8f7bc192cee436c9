package org.liaison.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
import org.liaison.client.KeyHistory;
import org.liaison.client.KeySource;
import org.liaison.client.MessageOpener;
import org.liaison.client.Messages;
import org.liaison.client.OpenedEvent;
import org.liaison.client.SeenMessages;
import org.liaison.client.Tasks;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.keys.DeviceKeyring;
import org.liaison.client.keys.KeyDirectoryClient;
import org.liaison.proto.v1.ChannelEvent;

/**
 * One connected device of an officer, as the end-to-end tests drive it: the real client library
 * with this device's end-to-end keys (generated and published on first connection, kept for the
 * device's later connections in this JVM), an event listener that records every event, drops
 * what it already processed (by channel and sequence number, as a real client does) and
 * acknowledges each event after recording it. Texts are decrypted and verified when asked for.
 */
final class Participant implements AutoCloseable {
  private static final Path DEVICES = devicesRoot();

  private final LiaisonClient client;
  private final ClientProfile profile;
  private final DeviceCredentials device;
  private final KeySource keys;
  private final Channels channels;
  private final Messages messages;
  private final MessageOpener opener;
  private final Tasks tasks;
  private final Map<String, OpenedEvent> opened = new HashMap<>();
  private final boolean acknowledge;
  private final List<ChannelEvent> received = new ArrayList<>();
  private final Map<String, Long> processed = new HashMap<>();
  /** Events received ahead of their channel's order, as channel#seq. */
  private final java.util.Set<String> aheadOfOrder = new java.util.HashSet<>();
  private final List<CompletableFuture<?>> acks = new ArrayList<>();
  private int redeliveries;
  private int stopAfter = Integer.MAX_VALUE;

  private Participant(LiaisonClient client, ClientProfile profile, boolean acknowledge)
      throws Exception {
    this.client = client;
    this.profile = profile;
    Path dir = deviceDir(client);
    this.device = DeviceKeyring.forProfile(dir, profile).ensurePublished(client)
        .get(30, TimeUnit.SECONDS);
    Clock clock = Clock.systemUTC();
    this.keys = KeyDirectoryClient.forProfile(dir, profile).keySource(client);
    BundleVerifier verifier = BundleVerifier.forProfile(profile, clock);
    this.channels = new Channels(client, device, verifier, clock);
    this.messages = new Messages(client, channels, device, keys, clock);
    this.opener = new MessageOpener(channels, keys, device, SeenMessages.inMemory(),
        new KeyHistory(client, verifier));
    this.tasks = new Tasks(client, messages, verifier, device, clock);
    this.acknowledge = acknowledge;
  }

  /** Where this device keeps its keys: one directory per officer and device, for the whole run. */
  static Path deviceDir(LiaisonClient client) {
    Path dir = DEVICES.resolve(client.welcome().getOfficerId())
        .resolve(client.welcome().getDeviceId());
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path devicesRoot() {
    try {
      Path root = Files.createTempDirectory("liaison-it-devices");
      root.toFile().deleteOnExit();
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Participant connect(LiaisonServerExtension server, String officerId) throws Exception {
    return connect(server.profile(officerId), true);
  }

  static Participant connect(ClientProfile profile, boolean acknowledge) throws Exception {
    LiaisonClient client = LiaisonClient.connect(profile).get(30, TimeUnit.SECONDS);
    try {
      return new Participant(client, profile, acknowledge);
    } catch (Exception e) {
      client.close();
      throw e;
    }
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
    String key = event.getChannelId() + "#" + event.getSeq();
    if (event.getAhead()) {
      // Pushed ahead of the channel's order (FLASH, IMMEDIATE): acknowledged alone.
      if (!aheadOfOrder.add(key)) {
        redeliveries++;
        return;
      }
      received.add(event);
      if (acknowledge) {
        acks.add(messages.ackAhead(event.getChannelId(), event.getSeq()));
      }
      return;
    }
    long last = processed.getOrDefault(event.getChannelId(), 0L);
    if (event.getSeq() <= last || aheadOfOrder.contains(key)) {
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

  /** Task requests signed by this device, contents sealed and opened like its messages. */
  Tasks tasks() {
    return tasks;
  }

  String officerId() {
    return client.welcome().getOfficerId();
  }

  synchronized List<ChannelEvent> events(String channelId) {
    return received.stream().filter(e -> e.getChannelId().equals(channelId)).toList();
  }

  /**
   * The texts of the channel's messages received so far, decrypted and verified; a message that
   * fails verification shows as {@code !! <problem>}, one not sealed for this device as
   * {@code [not for this device]}.
   */
  List<String> texts(String channelId) {
    return opened(channelId).stream().filter(e -> e.event().hasMessage())
        .map(e -> e.isReadable() ? e.text()
            : e.isVerified() ? "[not for this device]" : "!! " + e.problem())
        .toList();
  }

  /** Every event of the channel received so far, verified (and decrypted) by this device. */
  List<OpenedEvent> opened(String channelId) {
    List<OpenedEvent> result = new ArrayList<>();
    for (ChannelEvent event : events(channelId)) {
      result.add(open(event));
    }
    return result;
  }

  /** Verifies (and decrypts) one event, once. */
  OpenedEvent open(ChannelEvent event) {
    String key = event.getChannelId() + "#" + event.getSeq();
    synchronized (opened) {
      OpenedEvent known = opened.get(key);
      if (known != null) {
        return known;
      }
    }
    OpenedEvent result = opener.open(event).join();
    synchronized (opened) {
      opened.putIfAbsent(key, result);
    }
    return result;
  }

  DeviceCredentials device() {
    return device;
  }

  /** The verified key directory this device encrypts to and checks senders with. */
  KeySource keys() {
    return keys;
  }

  /** The profile this device connected with (officer identity, trusted agency CAs, server). */
  ClientProfile profile() {
    return profile;
  }

  MessageOpener opener() {
    return opener;
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
    return messages.sendText(channelId, text).get(30, TimeUnit.SECONDS).accepted().getSeq();
  }

  @Override
  public void close() {
    client.close();
  }
}
