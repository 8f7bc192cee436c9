package org.liaison.server.markings;

import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.StatementCreate;
import org.liaison.server.channel.ChannelRecord;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.Officer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's refusals about markings (docs/markings.md), each a typed error and a log line. The
 * rule itself is {@link Markings}: this class only decides which error a broken rule is.
 */
public final class MarkingsCheck {
  private static final Logger log = LoggerFactory.getLogger(MarkingsCheck.class);

  private MarkingsCheck() {}

  /** A creation statement's ceiling: unspecified means UNCLASSIFIED. */
  public static Classification ceiling(StatementCreate create) {
    Classification ceiling = create.getCeiling();
    if (ceiling == Classification.CLASSIFICATION_UNSPECIFIED) {
      return Classification.CLASSIFICATION_UNCLASSIFIED;
    }
    if (Markings.rank(ceiling) == 0) {
      throw refuse(ErrorCode.INVALID_ARGUMENT, "the channel's ceiling is not a classification: "
          + create.getCeilingValue());
    }
    return ceiling;
  }

  /**
   * A creation statement's default markings (unset: {@link Markings#DEFAULT}), well formed and
   * at or below the ceiling: a channel whose own defaults it would refuse cannot be created.
   */
  public static org.liaison.proto.v1.Markings defaults(StatementCreate create,
      Classification ceiling) {
    if (!create.hasDefaultMarkings()) {
      return Markings.DEFAULT;
    }
    org.liaison.proto.v1.Markings defaults = create.getDefaultMarkings();
    Markings.problem(defaults).ifPresent(p -> {
      throw refuse(ErrorCode.INVALID_ARGUMENT, "the channel's default markings: " + p);
    });
    if (!Markings.clearedFor(ceiling, defaults.getClassification())) {
      throw refuse(ErrorCode.INVALID_ARGUMENT, "the channel's default markings ("
          + Markings.banner(defaults) + ") are above its ceiling " + Markings.name(ceiling));
    }
    return defaults;
  }

  /** The header's markings: required and well formed. */
  public static org.liaison.proto.v1.Markings required(EnvelopeHeader header) {
    if (!header.hasMarkings()) {
      throw refuse(ErrorCode.INVALID_ARGUMENT, "the envelope header of " + header.getMessageId()
          + " has no markings (required)");
    }
    org.liaison.proto.v1.Markings markings = header.getMarkings();
    Markings.problem(markings).ifPresent(p -> {
      throw refuse(ErrorCode.INVALID_ARGUMENT, "the markings of " + header.getMessageId() + ": "
          + p);
    });
    return markings;
  }

  /**
   * Refuses what the sender could not see themselves: an officer cannot release beyond their own
   * clearance and nation, and the server never stores what its own sender may not read back.
   */
  public static void requireSenderMaySee(Officer sender, org.liaison.proto.v1.Markings markings) {
    if (!sender.maySee(markings)) {
      throw refuse(ErrorCode.NOT_RELEASABLE, "you (" + sender.nation() + ", cleared "
          + Markings.name(sender.clearance()) + ") may not see what you mark "
          + Markings.banner(markings));
    }
  }

  /** Refuses a classification above the channel's ceiling. */
  public static void requireUnderCeiling(ChannelRecord channel,
      org.liaison.proto.v1.Markings markings) {
    if (!Markings.clearedFor(channel.ceiling(), markings.getClassification())) {
      throw refuse(ErrorCode.ABOVE_CEILING, "channel " + channel.id() + " allows at most "
          + Markings.name(channel.ceiling()) + ", not " + Markings.banner(markings));
    }
  }

  /** A typed refusal, logged: every markings refusal leaves a server log line. */
  public static LiaisonException refuse(ErrorCode code, String message) {
    log.info("markings refused ({}): {}", code, message);
    return new LiaisonException(code, message);
  }
}
