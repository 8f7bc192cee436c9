package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.it.EnvelopeCast.get;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.HUGO;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;
import static org.liaison.it.Officers.NADIA;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.KeySource;
import org.liaison.client.Messages;
import org.liaison.client.OpenedEvent;
import org.liaison.client.OpenedEvent.Verdict;
import org.liaison.client.RecipientsDisagreeException;
import org.liaison.client.SentMessage;
import org.liaison.client.ServerRefusedException;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.SendMessage;

/**
 * The server refuses envelopes whose sender or recipients are not what they must be, and the
 * client library, told the recipients changed while it sealed, seals again or says why it did
 * not send. The receiving client's own checks are in {@link EnvelopeRejectionTest}.
 */
class ServerEnvelopeRefusalTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static EnvelopeCast cast;
  private static Participant claire;
  private static Participant hugo;
  private static Participant karim;
  private static Participant nadia;
  /** Claire, Hugo and Karim. */
  private static String ops;

  @BeforeAll
  static void everyoneConnectsAndOpsExists() throws Exception {
    cast = EnvelopeCast.connect(server);
    claire = cast.claire;
    hugo = cast.hugo;
    karim = cast.karim;
    nadia = cast.nadia;
    ops = cast.ops;
  }

  private static ServerRefusedException refusal(CompletableFuture<?> future) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> future.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause()).isInstanceOf(ServerRefusedException.class);
    return (ServerRefusedException) e.getCause();
  }

  private static ServerRefusedException refusalOfSending(Participant sender, Envelope envelope) {
    return refusal(sender.client().request(ClientFrame.newBuilder()
        .setSendMessage(SendMessage.newBuilder().setEnvelope(envelope))));
  }

  private static Set<String> refs(Collection<DeviceRef> devices) {
    Set<String> refs = new HashSet<>();
    devices.forEach(device -> refs.add(device.getOfficerId() + "/" + device.getDeviceId()));
    return refs;
  }

  private static Set<String> refsOf(Collection<VerifiedBundle> devices) {
    Set<String> refs = new HashSet<>();
    devices.forEach(device -> refs.add(device.officerId() + "/" + device.deviceId()));
    return refs;
  }

  @Test
  void theServerRefusesAnEnvelopeWhoseSenderIsNotTheConnectedOfficerOrDevice() throws Exception {
    List<VerifiedBundle> members = Forgery.devicesOf(karim, List.of(CLAIRE, HUGO, KARIM));
    Envelope claimsClaire = Forgery.seal(Forgery.header(ops, claire, cast.head(ops)).build(),
        "forged", members, karim);
    Envelope otherDevice = Forgery.seal(Forgery.header(ops, karim, cast.head(ops))
        .setSenderDevice("karim-other-device").build(), "forged", members, karim);

    for (Envelope envelope : List.of(claimsClaire, otherDevice)) {
      ServerRefusedException refused = refusalOfSending(karim, envelope);
      assertThat(refused.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
      assertThat(refused.getMessage())
          .isEqualTo("the envelope's sender and device must be the connected officer's");
    }
    assertThat(get(hugo.messages().history(ops, 0, 500)).getEventsList())
        .noneMatch(event -> event.getMessage().getBody().equals(claimsClaire.getBody())
            || event.getMessage().getBody().equals(otherDevice.getBody()));
  }

  @Test
  void theServerRefusesAnEnvelopeNotSealedForExactlyTheCurrentMembersDevices() throws Exception {
    long index = cast.head(ops);
    // Nadia, an auditor of Karim's nation, is an audit recipient of every message to ops.
    List<VerifiedBundle> members = Forgery.devicesOf(claire, List.of(CLAIRE, HUGO, KARIM, NADIA));
    List<VerifiedBundle> withoutKarim = members.stream()
        .filter(device -> !device.officerId().equals(KARIM)).toList();
    List<VerifiedBundle> withoutTheAuditor = members.stream()
        .filter(device -> !device.officerId().equals(NADIA)).toList();
    List<VerifiedBundle> withJavier = new ArrayList<>(members);
    withJavier.addAll(Forgery.devicesOf(claire, List.of(JAVIER)));

    for (List<VerifiedBundle> recipients : List.of(withoutKarim, withoutTheAuditor, withJavier)) {
      Envelope envelope = Forgery.seal(Forgery.header(ops, claire, index).build(),
          "wrong recipients", recipients, claire);
      ServerRefusedException refused = refusalOfSending(claire, envelope);
      assertThat(refused.code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
      assertThat(refused.error().getMembershipIndex()).isEqualTo(index);
      assertThat(refs(refused.error().getExpectedRecipientsList())).isEqualTo(refsOf(members));
      assertThat(refused.getMessage()).contains("fetch the members and keys again");
    }
    // Sealed for the right devices under an old membership statement: refused too.
    Envelope stale = Forgery.seal(Forgery.header(ops, claire, index + 1).build(), "wrong index",
        members, claire);
    ServerRefusedException refused = refusalOfSending(claire, stale);
    assertThat(refused.code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(refused.error().getMembershipIndex()).isEqualTo(index);
    assertThat(refused.getMessage()).contains("membership index " + index + " (the envelope names "
        + (index + 1) + ")");
  }

  /**
   * A key source that lets {@code between} happen after each of the first {@code times}
   * fetches of devices and before the message is sealed, counting the fetches.
   */
  private static KeySource racing(KeySource keys, int times, AtomicInteger fetches,
      java.util.function.IntFunction<CompletableFuture<?>> between) {
    return officers -> {
      int fetch = fetches.incrementAndGet();
      return keys.devicesOf(officers).thenCompose(devices -> fetch > times
          ? CompletableFuture.completedFuture(devices)
          : between.apply(fetch).thenApply(done -> devices));
    };
  }

  @Test
  void aSendRacingAMemberJoiningIsSealedAgainForTheNewMemberAndSucceeds() throws Exception {
    String channel = get(claire.channels().create("late joiner", "", List.of(HUGO))).getChannelId();
    AtomicInteger fetches = new AtomicInteger();
    // Nadia joins after Claire's client fetched membership and keys, before it seals.
    Messages messages = new Messages(claire.client(), claire.channels(), claire.device(),
        racing(claire.keys(), 1, fetches, fetch -> claire.channels().add(channel, NADIA)),
        Clock.systemUTC());

    SentMessage sent = get(messages.sendText(channel, "welcome, Nadia"));

    assertThat(fetches).hasValue(2);
    assertThat(sent.recipientDevices()).isEqualTo(
        Forgery.devicesOf(claire, List.of(CLAIRE, HUGO, NADIA)).size());
    ChannelEvent received = get(nadia.messages().history(channel, 0, 10)).getEventsList().stream()
        .filter(ChannelEvent::hasMessage).findFirst().orElseThrow();
    OpenedEvent opened = nadia.open(received);
    assertThat(opened.verdict()).isEqualTo(Verdict.VERIFIED);
    assertThat(opened.text()).isEqualTo("welcome, Nadia");
    assertThat(received.getMessage().getHeader().getMembershipIndex()).isEqualTo(1);
  }

  @Test
  void aSendThatLosesTheRaceTwiceIsNotSentAndSaysWhy() throws Exception {
    String channel = get(claire.channels().create("busy door", "", List.of(HUGO))).getChannelId();
    AtomicInteger fetches = new AtomicInteger();
    List<String> joining = List.of(NADIA, JAVIER);
    Messages messages = new Messages(claire.client(), claire.channels(), claire.device(),
        racing(claire.keys(), 2, fetches,
            fetch -> claire.channels().add(channel, joining.get(fetch - 1))),
        Clock.systemUTC());

    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> messages.sendText(channel, "never sent").get(30, TimeUnit.SECONDS));

    assertThat(e.getCause()).isInstanceOf(RecipientsDisagreeException.class)
        .hasMessageStartingWith("not sent: the server expects this message for ")
        .hasMessageContaining("(membership statement 2)");
    assertThat(refs(((RecipientsDisagreeException) e.getCause()).serverExpected()))
        .isEqualTo(refsOf(Forgery.devicesOf(claire, List.of(CLAIRE, HUGO, NADIA, JAVIER))));
    assertThat(get(claire.messages().history(channel, 0, 100)).getEventsList())
        .noneMatch(ChannelEvent::hasMessage);
  }
}
