package org.liaison.server.channel;

/** Who among a channel's members may see one of its events. */
public enum EventAudience {
  /** Everyone who was a member when it happened (every event but escalations). */
  MEMBERS,
  /** Only the channel's supervisors among them (task escalations). */
  SUPERVISORS;

  /** As stored in {@code channel_events.audience}: NULL for everyone. */
  String column() {
    return this == MEMBERS ? null : name();
  }
}
