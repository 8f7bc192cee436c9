package org.liaison.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.testing.ClientPayloads.random;
import static org.liaison.server.testing.ClientPayloads.wrap;
import static org.liaison.server.testing.ServiceCalls.await;
import static org.liaison.server.testing.ServiceCalls.refusal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.server.error.ErrorFrames;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/**
 * A message must be sealed for exactly the channel's current recipient devices, at the channel's
 * newest membership statement; on a real database with real certificates and CRLs.
 */
class RecipientSetTest {
  private static final int MAX_RECIPIENTS = 5;

  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private MessageService messages;
  private TestDevice anneLaptop;
  private TestDevice annePhone;
  private TestDevice karim;
  private TestDevice paul;
  private String channel;

  @BeforeEach
  void channelOfAnneAndKarim() {
    messages = world.messages(MAX_RECIPIENTS);
    anneLaptop = world.device("fr-pn.anne.martin", "laptop", "officer", "supervisor");
    annePhone = world.device("fr-pn.anne.martin", "phone");
    karim = world.device("ma-dgsn.karim.benali", "desk", Duration.ofDays(2));
    paul = world.device("fr-pn.paul.roux", "phone");
    channel = world.createGroup(anneLaptop, karim).getChannelId();
  }

  private List<TestDevice> everyone() {
    return List.of(anneLaptop, annePhone, karim);
  }

  private MessageAccepted send(Envelope envelope) {
    return await(messages.send(anneLaptop.session(), envelope));
  }

  private LiaisonException refused(Envelope envelope) {
    return refusal(() -> messages.send(anneLaptop.session(), envelope));
  }

  private static List<DeviceRef> refs(TestDevice... devices) {
    return Stream.of(devices).map(TestDevice::ref).toList();
  }

  @Test
  void envelopeSealedForExactlyEveryCurrentDeviceIsStored() {
    MessageAccepted accepted = send(world.envelope(anneLaptop, channel, 0, everyone()));

    assertThat(accepted.getDuplicate()).isFalse();
    assertThat(accepted.getSeq()).isEqualTo(4);
    assertThat(world.published.get(world.published.size() - 1).getMessage().getWrapsCount())
        .isEqualTo(3);
  }

  @Test
  void missingDeviceIsRefusedWithTheExpectedRecipientsSorted() {
    LiaisonException refused = refused(world.envelope(anneLaptop, channel, 0,
        List.of(karim, anneLaptop)));

    assertThat(refused.code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    var details = refused.recipientDetails().orElseThrow();
    assertThat(details.expectedRecipients()).containsExactlyElementsOf(
        refs(anneLaptop, annePhone, karim));
    assertThat(details.membershipIndex()).isZero();
  }

  @Test
  void refusalReachesTheWireWithItsDetails() {
    LiaisonException refused = refused(world.envelope(anneLaptop, channel, 0,
        List.of(anneLaptop)));

    var error = ErrorFrames.of(refused, 42, false).getError();

    assertThat(error.getCode()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(error.getRequestId()).isEqualTo(42);
    assertThat(error.getExpectedRecipientsList()).containsExactlyElementsOf(
        refs(anneLaptop, annePhone, karim));
    assertThat(error.getMembershipIndex()).isZero();
  }

  @Test
  void deviceWithoutPublishedKeysIsNotARecipient() {
    TestDevice karimTablet = world.unpublishedDevice(karim.officerId(), "tablet",
        StorageWorld.KEY_LIFETIME);
    List<TestDevice> withTablet = new ArrayList<>(everyone());
    withTablet.add(karimTablet);

    LiaisonException refused = refused(world.envelope(anneLaptop, channel, 0, withTablet));

    assertThat(refused.code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(refused.recipientDetails().orElseThrow().expectedRecipients())
        .doesNotContain(karimTablet.ref());
  }

  @Test
  void outsidersDeviceIsRefused() {
    List<TestDevice> withPaul = new ArrayList<>(everyone());
    withPaul.add(paul);

    LiaisonException refused = refused(world.envelope(anneLaptop, channel, 0, withPaul));

    assertThat(refused.code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(refused.recipientDetails().orElseThrow().expectedRecipients())
        .containsExactlyElementsOf(refs(anneLaptop, annePhone, karim));
  }

  @Test
  void staleMembershipIndexIsRefusedWithTheNewestOne() {
    world.add(anneLaptop, channel, paul);
    List<TestDevice> now = List.of(anneLaptop, annePhone, karim, paul);

    LiaisonException refused = refused(world.envelope(anneLaptop, channel, 0, now));

    assertThat(refused.code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(refused.recipientDetails().orElseThrow().membershipIndex()).isEqualTo(1);
    assertThat(refused.recipientDetails().orElseThrow().expectedRecipients())
        .containsExactlyElementsOf(refs(anneLaptop, annePhone, paul, karim));
    assertThat(send(world.envelope(anneLaptop, channel, 1, now)).getDuplicate()).isFalse();
  }

  @Test
  void removedMembersDevicesAreNoLongerRecipients() {
    world.remove(anneLaptop, channel, karim);

    assertThat(refused(world.envelope(anneLaptop, channel, 1, everyone())).code())
        .isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(send(world.envelope(anneLaptop, channel, 1, List.of(anneLaptop, annePhone)))
        .getSeq()).isPositive();
  }

  @Test
  void devicesOfARevokedOfficerStopBeingRecipientsWhenTheCrlSaysSo() throws Exception {
    send(world.envelope(anneLaptop, channel, 0, everyone()));

    world.revoke(karim);

    LiaisonException refused = refused(world.envelope(anneLaptop, channel, 0, everyone()));
    assertThat(refused.code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(refused.recipientDetails().orElseThrow().expectedRecipients())
        .containsExactlyElementsOf(refs(anneLaptop, annePhone));
    assertThat(await(world.keys().keysOf(List.of(karim.officerId())))).isEmpty();
    assertThat(send(world.envelope(anneLaptop, channel, 0, List.of(anneLaptop, annePhone)))
        .getSeq()).isPositive();
  }

  @Test
  void expiredKeysStopBeingRecipients() {
    world.clock.advance(Duration.ofDays(3));

    assertThat(refused(world.envelope(anneLaptop, channel, 0, everyone()))
        .recipientDetails().orElseThrow().expectedRecipients())
        .containsExactlyElementsOf(refs(anneLaptop, annePhone));
  }

  @Test
  void retryOfAStoredMessageAnswersTheOriginalSeqEvenAfterTheMembershipChanged() {
    Envelope envelope = world.envelope(anneLaptop, channel, 0, everyone());
    MessageAccepted first = send(envelope);
    world.add(anneLaptop, channel, paul);

    MessageAccepted retry = send(envelope);

    assertThat(retry.getDuplicate()).isTrue();
    assertThat(retry.getSeq()).isEqualTo(first.getSeq());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("nonce", (UnaryOperator<Envelope.Builder>) e -> e.setNonce(random(11))),
        Arguments.of("body_digest", (UnaryOperator<Envelope.Builder>) e -> e.setBodyDigest(random(31))),
        Arguments.of("signature", (UnaryOperator<Envelope.Builder>) e ->
            e.setSignature(random(63))),
        Arguments.of("1-5 recipient", (UnaryOperator<Envelope.Builder>) Envelope.Builder::clearWraps),
        Arguments.of("1-5 recipient", (UnaryOperator<Envelope.Builder>) e -> {
          for (int i = 0; i < 3; i++) {
            e.addWraps(wrap("fr-pn.extra.officer" + i, "desk"));
          }
          return e;
        }),
        Arguments.of("not an officer id", (UnaryOperator<Envelope.Builder>) e ->
            e.setWraps(0, e.getWraps(0).toBuilder().setOfficerId("Anne Martin"))),
        Arguments.of("device_id", (UnaryOperator<Envelope.Builder>) e ->
            e.setWraps(0, e.getWraps(0).toBuilder().setDeviceId("lap top"))),
        Arguments.of("device_id", (UnaryOperator<Envelope.Builder>) e ->
            e.setWraps(0, e.getWraps(0).toBuilder().setDeviceId(""))),
        Arguments.of("enc", (UnaryOperator<Envelope.Builder>) e ->
            e.setWraps(1, e.getWraps(1).toBuilder().setEnc(random(31)))),
        Arguments.of("wrapped_key", (UnaryOperator<Envelope.Builder>) e ->
            e.setWraps(2, e.getWraps(2).toBuilder().setWrappedKey(random(32)))),
        Arguments.of("twice", (UnaryOperator<Envelope.Builder>) e ->
            e.addWraps(wrap(e.getWraps(0).getOfficerId(), e.getWraps(0).getDeviceId()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedEnvelopeIsRefusedNamingWhatIsWrong(String named,
      UnaryOperator<Envelope.Builder> damage) {
    Envelope good = world.envelope(anneLaptop, channel, 0, everyone());
    Envelope bad = damage.apply(good.toBuilder()).build();

    LiaisonException refused = refused(bad);

    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refused.getMessage()).contains(named);
    assertThat(world.published.stream().filter(e -> e.hasMessage())).isEmpty();
  }
}
