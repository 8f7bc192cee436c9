package org.liaison.server.task;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.keys.KeyBundleCheck;
import org.liaison.server.keys.KeyBundleRepository;
import org.liaison.server.keys.KeyBundleRepository.StoredBundle;
import org.liaison.server.session.Session;

/**
 * What the server checks of a signed task transition before it looks at the task: that it is a
 * {@code TaskTransition} made by the connected officer's connected device, recent, and signed
 * with that device's current published Ed25519 key.
 *
 * <p>Byte formats (docs/tasks.md): the signature is Ed25519 over
 * {@code "liaison-task-transition-v1" || 0x00 || transition}; a transition's link hash is
 * SHA-256 over {@code "liaison-task-link-v1" || 0x00 || u32 len(transition) || transition ||
 * u32 len(signature) || signature}, lengths big-endian.
 */
public final class TransitionCheck {
  public static final byte[] SIGNATURE_DOMAIN =
      "liaison-task-transition-v1".getBytes(StandardCharsets.US_ASCII);
  public static final byte[] LINK_DOMAIN =
      "liaison-task-link-v1".getBytes(StandardCharsets.US_ASCII);
  /** How far a transition's time may be from the server's clock, either way. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

  /** A transition that passed the checks needing no storage. */
  public record Read(TaskTransition transition, SignedTransition signed, Session session) {}

  /** A transition whose signer and signature verified, with its link hash. */
  public record Verified(TaskTransition transition, SignedTransition signed, byte[] linkHash) {}

  private final KeyBundleRepository bundles;
  private final Clock clock;

  public TransitionCheck(KeyBundleRepository bundles, Clock clock) {
    this.bundles = bundles;
    this.clock = clock;
  }

  /** Parses the transition and checks its actor and time against the session and the clock. */
  public Read read(Session session, SignedTransition signed) {
    TaskTransition transition;
    try {
      transition = TaskTransition.parseFrom(signed.getTransition());
    } catch (InvalidProtocolBufferException e) {
      throw invalid("the signed transition is not a TaskTransition");
    }
    if (!TaskId.isValid(transition.getTaskId())) {
      throw invalid("a task id is \"t-\" and 16 characters of a-z 2-7, not \""
          + transition.getTaskId() + "\"");
    }
    // Identity comes from the certificate, never from what the client writes.
    if (!transition.getActor().equals(session.officer().id().value())
        || !transition.getActorDevice().equals(session.deviceId())) {
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "a transition is signed by the connected officer's connected device: its actor must be "
              + session.officer().id() + " and its actor_device " + session.deviceId());
    }
    long skew = Math.abs(transition.getTimeMs() - clock.millis());
    if (skew > MAX_CLOCK_SKEW.toMillis()) {
      throw invalid("the transition's time is " + (skew / 1000) + " s away from the server's;"
          + " this device's clock is off (at most " + MAX_CLOCK_SKEW.toMinutes()
          + " minutes allowed)");
    }
    return new Read(transition, signed, session);
  }

  /**
   * Checks that the signer carries the keys of the device's current, unexpired published bundle
   * and that the signature verifies with its signing key.
   */
  public Verified verify(Connection c, Read read) throws SQLException {
    Session session = read.session();
    StoredBundle current = bundles.currentOfDevice(c, session.officer().id().value(),
            session.deviceId(), clock.instant())
        .orElseThrow(() -> new LiaisonException(ErrorCode.KEYS_REQUIRED,
            "device " + session.deviceId() + " has no current published keys: publish this"
                + " device's keys first (liaison keys init)"));
    KeyBundle published = KeyBundleCheck.parse(current.signed().getBundle());
    if (!sameKeys(read.signed(), published)) {
      throw new LiaisonException(ErrorCode.KEYS_REQUIRED,
          "the transition's signer is not device " + session.deviceId()
              + "'s current published key bundle: publish this device's keys first"
              + " (liaison keys init)");
    }
    if (!signatureVerifies(read.signed(), published.getSigningKey().toByteArray())) {
      throw new LiaisonException(ErrorCode.INVALID_SIGNATURE,
          "the transition's signature does not verify with device " + session.deviceId()
              + "'s published signing key");
    }
    return new Verified(read.transition(), read.signed(), linkHash(read.signed()));
  }

  /** The bytes the actor's device signs. */
  public static byte[] signedBytes(ByteString transition) {
    byte[] bytes = new byte[SIGNATURE_DOMAIN.length + 1 + transition.size()];
    System.arraycopy(SIGNATURE_DOMAIN, 0, bytes, 0, SIGNATURE_DOMAIN.length);
    transition.copyTo(bytes, SIGNATURE_DOMAIN.length + 1);
    return bytes;
  }

  /** The hash the next transition names as its previous_hash. */
  public static byte[] linkHash(SignedTransition signed) {
    MessageDigest sha256 = sha256();
    sha256.update(LINK_DOMAIN);
    sha256.update((byte) 0);
    sha256.update(ByteBuffer.allocate(4).putInt(signed.getTransition().size()).array());
    sha256.update(signed.getTransition().asReadOnlyByteBuffer());
    sha256.update(ByteBuffer.allocate(4).putInt(signed.getSignature().size()).array());
    sha256.update(signed.getSignature().asReadOnlyByteBuffer());
    return sha256.digest();
  }

  /** SHA-256 of a content envelope's body: what {@code content_digest} must be. */
  public static byte[] contentDigest(ByteString body) {
    MessageDigest sha256 = sha256();
    sha256.update(body.asReadOnlyByteBuffer());
    return sha256.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static boolean sameKeys(SignedTransition signed, KeyBundle published) {
    KeyBundle signer;
    try {
      signer = KeyBundle.parseFrom(signed.getSigner().getBundle());
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
    return KeyBundleCheck.digest(signer).equals(KeyBundleCheck.digest(published));
  }

  private static boolean signatureVerifies(SignedTransition signed, byte[] publicKey) {
    byte[] signature = signed.getSignature().toByteArray();
    if (signature.length != Ed25519.SIGNATURE_SIZE
        || publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
      return false;
    }
    byte[] message = signedBytes(signed.getTransition());
    try {
      return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      // A malformed public key point: it verifies nothing.
      return false;
    }
  }

  private static LiaisonException invalid(String message) {
    return new LiaisonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
