package org.liaison.server.channel;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.MembershipStatement.ChangeCase;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.server.channel.MembershipChainRepository.ChainHead;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.keys.DeviceSignature;
import org.liaison.server.keys.KeyBundleRepository;
import org.liaison.server.session.Session;

/**
 * What the server checks before it accepts a signed membership statement: that it is a
 * well-formed statement of the change the request makes, made by the connected officer's
 * connected device, signed with that device's current published Ed25519 key, recent, and (for
 * changes) the next link of the channel's chain.
 *
 * <p>Byte formats (docs/protocol.md): the signature is Ed25519 over
 * {@code "liaison-membership-statement-v1" || 0x00 || statement}; a statement's link hash is
 * SHA-256 over {@code "liaison-membership-link-v1" || 0x00 || u32 len(statement) || statement ||
 * u32 len(signature) || signature}, lengths big-endian.
 */
public final class StatementCheck {
  public static final byte[] SIGNATURE_DOMAIN =
      "liaison-membership-statement-v1".getBytes(StandardCharsets.US_ASCII);
  public static final byte[] LINK_DOMAIN =
      "liaison-membership-link-v1".getBytes(StandardCharsets.US_ASCII);
  /** How far a statement's time may be from the server's clock, either way. */
  public static final Duration MAX_CLOCK_SKEW = DeviceSignature.MAX_CLOCK_SKEW;

  /** The request that carries the statement: decides which change it may make. */
  public enum Purpose { CREATE_CHANNEL, OPEN_DIRECT, CHANGE_MEMBERSHIP, ARCHIVE_CHANNEL }

  /** A statement that passed the checks needing no storage. */
  public record Read(MembershipStatement statement, SignedStatement signed, Session session) {}

  /** A statement whose signer and signature verified, as the client sent it. */
  public record Verified(MembershipStatement statement, SignedStatement signed, byte[] linkHash) {
    public long index() {
      return statement.getIndex();
    }
  }

  private final DeviceSignature signatures;

  public StatementCheck(KeyBundleRepository bundles, Clock clock) {
    this.signatures = new DeviceSignature(bundles, clock);
  }

  /**
   * Parses the statement and checks it against the request and the session.
   *
   * @param requestChannelId the channel the request names; null for a creation
   */
  public Read read(Session session, SignedStatement signed, Purpose purpose,
      String requestChannelId) {
    MembershipStatement statement = parse(signed.getStatement());
    requireChangeFits(statement.getChangeCase(), purpose);
    if (requestChannelId == null) {
      if (!ChannelId.isValid(statement.getChannelId())) {
        throw invalid("a new channel's id is \"c-\" and 12 characters of a-z 2-7, not \""
            + statement.getChannelId() + "\"");
      }
    } else if (!statement.getChannelId().equals(requestChannelId)) {
      throw invalid("the statement is for channel " + statement.getChannelId()
          + ", the request for " + requestChannelId);
    }
    // Never trust what a client says about its own identity: it comes from the certificate.
    signatures.requireSessionAndTime(session, statement.getActor(), statement.getActorDevice(),
        statement.getTimeMs(), "statement");
    return new Read(statement, signed, session);
  }

  /**
   * Checks that the signer carries the keys of the acting device's current, unexpired published
   * bundle and that the signature verifies with its signing key. Keys, not bytes, are compared:
   * a device that published the same keys again under a fresh ECDSA signature is still the same
   * signer.
   */
  public Verified verify(Connection c, Read read) throws SQLException {
    SignedStatement signed = read.signed();
    signatures.requireSignedByDevice(c, read.session(), signed.getSigner(), SIGNATURE_DOMAIN,
        signed.getStatement(), signed.getSignature(), "statement");
    return new Verified(read.statement(), signed, linkHash(signed));
  }

  /** A creation starts a chain: index 0, no previous hash. */
  public static void requireFirst(Read read) {
    MembershipStatement statement = read.statement();
    if (statement.getIndex() != 0 || !statement.getPreviousHash().isEmpty()) {
      throw invalid("a channel's creation is its statement 0, with an empty previous_hash");
    }
  }

  /** A change is the next link after the channel's newest statement. */
  public static void requireFollows(Verified verified, ChannelId channel,
      Optional<ChainHead> head) {
    ChainHead newest = head.orElseThrow(() -> new LiaisonException(ErrorCode.CONFLICT,
        "channel " + channel + " predates signed membership: its membership cannot change"));
    MembershipStatement statement = verified.statement();
    if (statement.getIndex() != newest.index() + 1
        || !Arrays.equals(statement.getPreviousHash().toByteArray(), newest.linkHash())) {
      throw new LiaisonException(ErrorCode.CONFLICT,
          "the membership of channel " + channel + " changed meanwhile: its newest statement is "
              + newest.index() + "; fetch the members again and sign statement "
              + (newest.index() + 1) + " after it");
    }
  }

  /** The bytes the actor's device signs. */
  public static byte[] signedBytes(ByteString statement) {
    return DeviceSignature.signedBytes(SIGNATURE_DOMAIN, statement);
  }

  /** The hash the next statement names as its previous_hash. */
  public static byte[] linkHash(SignedStatement signed) {
    return DeviceSignature.linkHash(LINK_DOMAIN, signed.getStatement(), signed.getSignature());
  }

  private static MembershipStatement parse(ByteString bytes) {
    try {
      return MembershipStatement.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw invalid("the signed statement is not a MembershipStatement");
    }
  }

  private static void requireChangeFits(ChangeCase change, Purpose purpose) {
    boolean fits = switch (purpose) {
      case CREATE_CHANNEL, OPEN_DIRECT -> change == ChangeCase.CREATE;
      case CHANGE_MEMBERSHIP -> change == ChangeCase.ADD || change == ChangeCase.REMOVE
          || change == ChangeCase.PROMOTE;
      case ARCHIVE_CHANNEL -> change == ChangeCase.ARCHIVE;
    };
    if (!fits) {
      String expected = switch (purpose) {
        case CREATE_CHANNEL, OPEN_DIRECT -> "a create";
        case CHANGE_MEMBERSHIP -> "an add, remove or promote";
        case ARCHIVE_CHANNEL -> "an archive";
      };
      throw invalid("this request carries " + expected + " statement, not "
          + (change == ChangeCase.CHANGE_NOT_SET ? "one without a change"
              : "a " + change.name().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  private static LiaisonException invalid(String message) {
    return new LiaisonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
