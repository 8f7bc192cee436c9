package org.liaison.it;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.liaison.client.Messages;
import org.liaison.client.PlainTextBody;
import org.liaison.client.crypto.EnvelopeCrypto;
import org.liaison.client.crypto.Envelopes;
import org.liaison.client.crypto.SealedMessage;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;

/**
 * What a malicious server, or a member's device misusing its own keys, can make out of genuine
 * material: envelopes sealed and signed with a real device's keys but saying something else, and
 * stored events with bytes changed. Everything is built with the client library's own crypto, so
 * only the lie differs from what an honest client sends.
 */
final class Forgery {
  private Forgery() {}

  /** The verified devices of {@code officers}, as {@code asker}'s key directory serves them. */
  static List<VerifiedBundle> devicesOf(Participant asker, Collection<String> officers)
      throws Exception {
    List<VerifiedBundle> devices = new ArrayList<>();
    asker.keys().devicesOf(officers).get(30, TimeUnit.SECONDS).byOfficer().values()
        .forEach(devices::addAll);
    return devices;
  }

  /** A text message header naming {@code sender}'s device, ready to be sealed. */
  static EnvelopeHeader.Builder header(String channelId, Participant sender, long membershipIndex) {
    return EnvelopeHeader.newBuilder()
        .setMessageId(Messages.newMessageId())
        .setChannelId(channelId)
        .setSender(sender.officerId())
        .setSenderDevice(sender.device().deviceId())
        .setSentMs(System.currentTimeMillis())
        .setContentType(PlainTextBody.CONTENT_TYPE)
        .setMembershipIndex(membershipIndex)
        .setMarkings(Markings.DEFAULT);
  }

  /** {@code text} under {@code header}, sealed for {@code recipients}, signed by {@code signer}. */
  static Envelope seal(EnvelopeHeader header, String text, List<VerifiedBundle> recipients,
      Participant signer) {
    SealedMessage sealed = new EnvelopeCrypto().seal(header, PlainTextBody.encode(text), recipients,
        signer.device().keys());
    return Envelopes.toProto(header, sealed);
  }

  /** The event with one byte of its message body flipped, the signed body digest left as it was. */
  static ChannelEvent flipBodyByte(ChannelEvent event) {
    return event.toBuilder().setMessage(event.getMessage().toBuilder()
        .setBody(flip(event.getMessage().getBody()))).build();
  }

  /** The bytes with the middle one changed. */
  static ByteString flip(ByteString bytes) {
    byte[] flipped = bytes.toByteArray();
    flipped[flipped.length / 2] ^= 0x01;
    return ByteString.copyFrom(flipped);
  }
}
