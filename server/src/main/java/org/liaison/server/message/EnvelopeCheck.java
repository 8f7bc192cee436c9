package org.liaison.server.message;

import java.util.HashSet;
import java.util.Set;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.DeviceId;
import org.liaison.server.identity.OfficerId;

/**
 * The shape of an end-to-end envelope, checked before it is stored: the sizes the cryptography
 * fixes and one key wrap per recipient device. The body is ciphertext and stays opaque: it is
 * never parsed, never logged, never named in a refusal.
 */
public final class EnvelopeCheck {
  /** AES-256-GCM nonce. */
  public static final int NONCE_BYTES = 12;
  /** Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;
  /** SHA-256 of the body ciphertext. */
  public static final int BODY_DIGEST_BYTES = 32;
  /** HPKE encapsulated key of DHKEM(X25519). */
  public static final int ENC_BYTES = 32;
  /** An AES-256 content key sealed with AES-256-GCM: 32 bytes and a 16-byte tag. */
  public static final int WRAPPED_KEY_BYTES = 48;

  /** One recipient device: what a wrap names and what the server expects. */
  public record Recipient(String officerId, String deviceId) {}

  private EnvelopeCheck() {}

  /**
   * @return the recipient devices the envelope wraps its content key for
   * @throws LiaisonException {@code INVALID_ARGUMENT} naming the first thing that is wrong
   */
  public static Set<Recipient> requireWellFormed(Envelope envelope, int maxRecipients) {
    if (envelope.getNonce().size() != NONCE_BYTES) {
      throw invalid("the envelope's nonce must be " + NONCE_BYTES + " bytes, not "
          + envelope.getNonce().size());
    }
    if (envelope.getSignature().size() != SIGNATURE_BYTES) {
      throw invalid("the envelope's signature must be " + SIGNATURE_BYTES + " bytes (Ed25519),"
          + " not " + envelope.getSignature().size());
    }
    if (envelope.getBodyDigest().size() != BODY_DIGEST_BYTES) {
      throw invalid("the envelope's body_digest must be " + BODY_DIGEST_BYTES + " bytes (SHA-256), not "
          + envelope.getBodyDigest().size());
    }
    int count = envelope.getWrapsCount();
    if (count < 1 || count > maxRecipients) {
      throw invalid("an envelope wraps its key for 1-" + maxRecipients
          + " recipient devices, not " + count);
    }
    Set<Recipient> recipients = new HashSet<>(count * 2);
    for (int i = 0; i < count; i++) {
      KeyWrap wrap = envelope.getWraps(i);
      if (!OfficerId.isValid(wrap.getOfficerId())) {
        throw invalid("wrap " + i + ": not an officer id: " + wrap.getOfficerId());
      }
      if (!DeviceId.isValid(wrap.getDeviceId())) {
        throw invalid("wrap " + i + ": device_id must be 1-64 characters of"
            + " A-Z a-z 0-9 . _ -");
      }
      if (wrap.getEnc().size() != ENC_BYTES) {
        throw invalid("wrap " + i + ": enc must be " + ENC_BYTES + " bytes, not "
            + wrap.getEnc().size());
      }
      if (wrap.getWrappedKey().size() != WRAPPED_KEY_BYTES) {
        throw invalid("wrap " + i + ": wrapped_key must be " + WRAPPED_KEY_BYTES
            + " bytes, not " + wrap.getWrappedKey().size());
      }
      if (!recipients.add(new Recipient(wrap.getOfficerId(), wrap.getDeviceId()))) {
        throw invalid("wrap " + i + ": device " + wrap.getOfficerId() + "/"
            + wrap.getDeviceId() + " is wrapped for twice");
      }
    }
    return recipients;
  }

  private static LiaisonException invalid(String message) {
    return new LiaisonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
