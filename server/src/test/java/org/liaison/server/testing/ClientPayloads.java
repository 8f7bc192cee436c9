package org.liaison.server.testing;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.StatementCreate;

/**
 * What a client sends the services, built as a client builds it: channel ids, signed channel
 * creations and envelopes. Where the services check only the shape of a value (ciphertext, key
 * wraps, signatures of envelopes), it is random bytes of the right size.
 */
public final class ClientPayloads {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClientPayloads() {}

  public static String newChannelId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder id = new StringBuilder("c-");
    for (int i = 0; i < 12; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  /** The signed creation of a group channel by the supervisor's device. */
  public static SignedStatement groupCreation(TestDevice supervisor, String channelId,
      String name, TestDevice... members) {
    StatementCreate.Builder create = StatementCreate.newBuilder()
        .setKind(ChannelKind.CHANNEL_KIND_GROUP).setName(name).setPurpose("tests");
    Stream.of(members).map(TestDevice::officerId).distinct().forEach(create::addMembers);
    return supervisor.sign(supervisor.statement(channelId, 0, new byte[0])
        .setCreate(create).build());
  }

  /** The signed creation of a group channel with a ceiling and default markings (null: none). */
  public static SignedStatement groupCreation(TestDevice supervisor, String channelId,
      Classification ceiling, Markings defaults, TestDevice... members) {
    StatementCreate.Builder create = StatementCreate.newBuilder()
        .setKind(ChannelKind.CHANNEL_KIND_GROUP).setName("Marked").setPurpose("tests")
        .setCeiling(ceiling);
    if (defaults != null) {
      create.setDefaultMarkings(defaults);
    }
    Stream.of(members).map(TestDevice::officerId).distinct().forEach(create::addMembers);
    return supervisor.sign(supervisor.statement(channelId, 0, new byte[0])
        .setCreate(create).build());
  }

  /**
   * A well-formed envelope (random ciphertext) with these markings, sent at {@code sentMs} and
   * wrapped for exactly these devices.
   */
  public static Envelope envelope(TestDevice sender, String channelId, long membershipIndex,
      List<TestDevice> recipients, Markings markings, long sentMs) {
    Envelope.Builder envelope = Envelope.newBuilder()
        .setHeader(EnvelopeHeader.newBuilder()
            .setMessageId("m-" + RANDOM.nextLong(Long.MAX_VALUE))
            .setChannelId(channelId)
            .setSender(sender.officerId())
            .setSenderDevice(sender.deviceId())
            .setSentMs(sentMs)
            .setContentType("text/plain; charset=utf-8")
            .setMembershipIndex(membershipIndex)
            .setMarkings(markings))
        .setBody(random(64))
        .setNonce(random(12))
        .setBodyDigest(random(32))
        .setSignature(random(64));
    for (TestDevice recipient : recipients) {
      envelope.addWraps(wrap(recipient.officerId(), recipient.deviceId()));
    }
    return envelope.build();
  }

  public static KeyWrap wrap(String officerId, String deviceId) {
    return KeyWrap.newBuilder().setOfficerId(officerId).setDeviceId(deviceId)
        .setEnc(random(32)).setWrappedKey(random(48)).build();
  }

  public static ByteString random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }
}
