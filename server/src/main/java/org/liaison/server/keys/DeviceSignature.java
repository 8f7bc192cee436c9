package org.liaison.server.keys;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.keys.KeyBundleRepository.StoredBundle;
import org.liaison.server.session.Session;

/**
 * The checks every statement a device signs shares (membership statements, task transitions):
 * made by the connected officer's connected device, recent, and signed with that device's
 * current published Ed25519 key; plus the domain-separated signing input and link hash of a
 * signed chain. {@code what} names the statement in refusals ("statement", "transition").
 */
public final class DeviceSignature {
  /** How far a signed statement's time may be from the server's clock, either way. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

  private final KeyBundleRepository bundles;
  private final Clock clock;

  public DeviceSignature(KeyBundleRepository bundles, Clock clock) {
    this.bundles = bundles;
    this.clock = clock;
  }

  /**
   * Requires the named actor and device to be the session's (identity comes from the
   * certificate, never from what the client writes) and the time to be within the skew.
   */
  public void requireSessionAndTime(Session session, String actor, String actorDevice, long timeMs,
      String what) {
    if (!actor.equals(session.officer().id().value())
        || !actorDevice.equals(session.deviceId())) {
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "a " + what + " is signed by the connected officer's connected device: its actor must be "
              + session.officer().id() + " and its actor_device " + session.deviceId());
    }
    long skew = Math.abs(timeMs - clock.millis());
    if (skew > MAX_CLOCK_SKEW.toMillis()) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "the " + what + "'s time is "
          + (skew / 1000) + " s away from the server's; this device's clock is off (at most "
          + MAX_CLOCK_SKEW.toMinutes() + " minutes allowed)");
    }
  }

  /**
   * Requires {@code signer} to carry the keys of the session device's current, unexpired
   * published bundle (KEYS_REQUIRED) and {@code signature} over {@code domain || 0x00 ||
   * payload} to verify with its signing key (INVALID_SIGNATURE). Keys, not bytes, are compared:
   * a device that published the same keys again under a fresh ECDSA signature is the same signer.
   */
  public void requireSignedByDevice(Connection c, Session session, SignedKeyBundle signer,
      byte[] domain, ByteString payload, ByteString signature, String what) throws SQLException {
    StoredBundle current = bundles.currentOfDevice(c, session.officer().id().value(),
            session.deviceId(), clock.instant())
        .orElseThrow(() -> new LiaisonException(ErrorCode.KEYS_REQUIRED,
            "device " + session.deviceId() + " has no current published keys: publish this"
                + " device's keys first (liaison keys init)"));
    KeyBundle published = KeyBundleCheck.parse(current.signed().getBundle());
    if (!sameKeys(signer, published)) {
      throw new LiaisonException(ErrorCode.KEYS_REQUIRED,
          "the " + what + "'s signer is not device " + session.deviceId()
              + "'s current published key bundle: publish this device's keys first"
              + " (liaison keys init)");
    }
    if (!verifies(signature, published.getSigningKey().toByteArray(),
        signedBytes(domain, payload))) {
      throw new LiaisonException(ErrorCode.INVALID_SIGNATURE,
          "the " + what + "'s signature does not verify with device " + session.deviceId()
              + "'s published signing key");
    }
  }

  /** The bytes a device signs: {@code domain || 0x00 || payload}. */
  public static byte[] signedBytes(byte[] domain, ByteString payload) {
    byte[] bytes = new byte[domain.length + 1 + payload.size()];
    System.arraycopy(domain, 0, bytes, 0, domain.length);
    payload.copyTo(bytes, domain.length + 1);
    return bytes;
  }

  /**
   * The link hash the next signed statement names as its previous_hash:
   * SHA-256({@code domain || 0x00 || u32 len(payload) || payload || u32 len(signature) ||
   * signature}), lengths big-endian.
   */
  public static byte[] linkHash(byte[] domain, ByteString payload, ByteString signature) {
    MessageDigest sha256 = sha256();
    sha256.update(domain);
    sha256.update((byte) 0);
    sha256.update(ByteBuffer.allocate(4).putInt(payload.size()).array());
    sha256.update(payload.asReadOnlyByteBuffer());
    sha256.update(ByteBuffer.allocate(4).putInt(signature.size()).array());
    sha256.update(signature.asReadOnlyByteBuffer());
    return sha256.digest();
  }

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static boolean sameKeys(SignedKeyBundle signer, KeyBundle published) {
    KeyBundle claimed;
    try {
      claimed = KeyBundle.parseFrom(signer.getBundle());
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
    return KeyBundleCheck.digest(claimed).equals(KeyBundleCheck.digest(published));
  }

  private static boolean verifies(ByteString signature, byte[] publicKey, byte[] message) {
    if (signature.size() != Ed25519.SIGNATURE_SIZE || publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
      return false;
    }
    try {
      return Ed25519.verify(signature.toByteArray(), 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      // A malformed public key point: it verifies nothing.
      return false;
    }
  }
}
