package org.liaison.server.markings;

import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.Precedence;

/**
 * Precedence as delivery uses it: FLASH and IMMEDIATE events are urgent and go ahead of their
 * channel's order (docs/markings.md). Stored as a rank, {@code 1} ROUTINE to {@code 4} FLASH.
 */
public final class Precedences {
  /** The lowest rank delivered ahead: IMMEDIATE. */
  public static final int URGENT_RANK = rank(Precedence.PRECEDENCE_IMMEDIATE);

  private Precedences() {}

  /** 1 ROUTINE, 2 PRIORITY, 3 IMMEDIATE, 4 FLASH; anything else counts as ROUTINE. */
  public static int rank(Precedence precedence) {
    return switch (precedence) {
      case PRECEDENCE_PRIORITY -> 2;
      case PRECEDENCE_IMMEDIATE -> 3;
      case PRECEDENCE_FLASH -> 4;
      default -> 1;
    };
  }

  /** The markings a message or task event carries, or null for other events. */
  public static Markings markingsOf(ChannelEvent event) {
    if (event.hasMessage()) {
      return event.getMessage().getHeader().getMarkings();
    }
    if (event.hasTask() && event.getTask().hasContent()) {
      return event.getTask().getContent().getHeader().getMarkings();
    }
    return null;
  }

  /** Whether the event goes ahead of its channel's order. */
  public static boolean isUrgent(ChannelEvent event) {
    Markings markings = markingsOf(event);
    return markings != null && rank(markings.getPrecedence()) >= URGENT_RANK;
  }

  /** Whether the event is a FLASH message, which each recipient must acknowledge. */
  public static boolean isFlashMessage(ChannelEvent event) {
    return event.hasMessage()
        && event.getMessage().getHeader().getMarkings().getPrecedence()
            == Precedence.PRECEDENCE_FLASH;
  }
}
