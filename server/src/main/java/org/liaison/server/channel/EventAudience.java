package org.liaison.server.channel;

import java.util.Objects;
import org.liaison.server.identity.OfficerId;

/**
 * Who among a channel's members may see one of its events: everyone, or the supervisors only
 * (escalations), optionally with one more officer (a FLASH escalation is also for the sender).
 *
 * @param supervisorsOnly whether only supervisors among the members see it
 * @param alsoFor an officer who sees it besides the supervisors, or null
 */
public record EventAudience(boolean supervisorsOnly, OfficerId alsoFor) {
  /** Everyone who was a member when it happened (every event but escalations). */
  public static final EventAudience MEMBERS = new EventAudience(false, null);
  /** Only the channel's supervisors among them (task escalations). */
  public static final EventAudience SUPERVISORS = new EventAudience(true, null);

  public EventAudience {
    if (!supervisorsOnly && alsoFor != null) {
      throw new IllegalArgumentException("an event for every member needs no extra officer");
    }
  }

  /** The channel's supervisors and {@code officer} (a FLASH escalation: and its sender). */
  public static EventAudience supervisorsAnd(OfficerId officer) {
    return new EventAudience(true, Objects.requireNonNull(officer, "officer"));
  }

  /** As stored in {@code channel_events.audience}: NULL for everyone. */
  String column() {
    return supervisorsOnly ? "SUPERVISORS" : null;
  }

  /** As stored in {@code channel_events.also_for}. */
  String alsoForColumn() {
    return alsoFor == null ? null : alsoFor.value();
  }
}
