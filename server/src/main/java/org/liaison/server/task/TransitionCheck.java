package org.liaison.server.task;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.keys.DeviceSignature;
import org.liaison.server.keys.KeyBundleRepository;
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
  public static final Duration MAX_CLOCK_SKEW = DeviceSignature.MAX_CLOCK_SKEW;

  /** A transition that passed the checks needing no storage. */
  public record Read(TaskTransition transition, SignedTransition signed, Session session) {}

  /** A transition whose signer and signature verified, with its link hash. */
  public record Verified(TaskTransition transition, SignedTransition signed, byte[] linkHash) {}

  private final DeviceSignature signatures;

  public TransitionCheck(KeyBundleRepository bundles, Clock clock) {
    this.signatures = new DeviceSignature(bundles, clock);
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
    signatures.requireSessionAndTime(session, transition.getActor(), transition.getActorDevice(),
        transition.getTimeMs(), "transition");
    return new Read(transition, signed, session);
  }

  /**
   * Checks that the signer carries the keys of the device's current, unexpired published bundle
   * and that the signature verifies with its signing key.
   */
  public Verified verify(Connection c, Read read) throws SQLException {
    SignedTransition signed = read.signed();
    signatures.requireSignedByDevice(c, read.session(), signed.getSigner(), SIGNATURE_DOMAIN,
        signed.getTransition(), signed.getSignature(), "transition");
    return new Verified(read.transition(), signed, linkHash(signed));
  }

  /** The bytes the actor's device signs. */
  public static byte[] signedBytes(ByteString transition) {
    return DeviceSignature.signedBytes(SIGNATURE_DOMAIN, transition);
  }

  /** The hash the next transition names as its previous_hash. */
  public static byte[] linkHash(SignedTransition signed) {
    return DeviceSignature.linkHash(LINK_DOMAIN, signed.getTransition(), signed.getSignature());
  }

  /** SHA-256 of a content envelope's body: what {@code content_digest} must be. */
  public static byte[] contentDigest(ByteString body) {
    MessageDigest sha256 = DeviceSignature.sha256();
    sha256.update(body.asReadOnlyByteBuffer());
    return sha256.digest();
  }

  private static LiaisonException invalid(String message) {
    return new LiaisonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
