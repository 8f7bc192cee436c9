package org.liaison.server.channel;

import org.liaison.proto.v1.MemberRole;
import org.liaison.server.identity.OfficerId;

/**
 * One period of an officer's membership of a channel: from the event {@code sinceSeq} that added
 * them to the event {@code untilSeq} that removed them (0 while still a member).
 */
public record Membership(
    ChannelId channel, OfficerId officer, MemberRole role, long sinceSeq, long untilSeq) {

  public boolean isCurrent() {
    return untilSeq == 0;
  }

  public boolean isSupervisor() {
    return role == MemberRole.MEMBER_ROLE_SUPERVISOR;
  }
}
