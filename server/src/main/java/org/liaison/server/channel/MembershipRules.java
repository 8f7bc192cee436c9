package org.liaison.server.channel;

import java.sql.Connection;
import java.sql.SQLException;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MemberPromoted;
import org.liaison.proto.v1.MemberRemoved;
import org.liaison.proto.v1.MemberRole;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.OfficerId;

/**
 * Who may see and change a channel, checked inside the writer's transaction so that the check and
 * the change cannot be separated by another change.
 */
public final class MembershipRules {
  private final ChannelRepository channels;

  public MembershipRules(ChannelRepository channels) {
    this.channels = channels;
  }

  /**
   * The channel, if the officer is a current member. A non-member learns nothing about whether
   * the channel exists, unless they were once a member.
   */
  public ChannelRecord requireCurrentMember(Connection c, ChannelId id, OfficerId officer)
      throws SQLException {
    ChannelRecord channel = channels.find(c, id).orElseThrow(() -> notFound(id));
    requireMember(c, id, officer);
    return channel;
  }

  private void requireMember(Connection c, ChannelId id, OfficerId officer) throws SQLException {
    if (channels.currentMembership(c, id, officer).isEmpty()) {
      if (channels.wasEverMember(c, id, officer)) {
        throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
            "you are no longer a member of channel " + id);
      }
      throw notFound(id);
    }
  }

  /** Locks the channel and checks that the actor supervises it and it is open. */
  public ChannelRecord requireSupervisedOpenChannel(Connection c, ChannelId id, OfficerId actor)
      throws SQLException {
    requireCurrentMember(c, id, actor);
    ChannelRecord channel = channels.lock(c, id).orElseThrow(() -> notFound(id));
    if (channel.kind() == ChannelKind.CHANNEL_KIND_DIRECT) {
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "the membership of a direct channel cannot change");
    }
    boolean supervisor = channels.currentMembership(c, id, actor)
        .map(Membership::isSupervisor).orElse(false);
    if (!supervisor) {
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "only the channel's supervisors may do this");
    }
    requireOpen(channel);
    return channel;
  }

  /** Locks the channel for a message from the sender: open, and the sender a member. */
  public ChannelRecord requireOpenForSending(Connection c, ChannelId id, OfficerId sender)
      throws SQLException {
    // The checks of requireCurrentMember, in its order, on the locked row: one read fewer for
    // every message.
    ChannelRecord channel = channels.lock(c, id).orElseThrow(() -> notFound(id));
    requireMember(c, id, sender);
    requireOpen(channel);
    return channel;
  }

  ChannelEvent.Builder add(Connection c, ChannelRecord channel, OfficerId target)
      throws SQLException {
    if (channels.currentMembership(c, channel.id(), target).isPresent()) {
      throw new LiaisonException(ErrorCode.CONFLICT, target + " is already a member");
    }
    return ChannelEvent.newBuilder().setMemberAdded(MemberAdded.newBuilder()
        .setOfficerId(target.value()).setRole(MemberRole.MEMBER_ROLE_MEMBER));
  }

  ChannelEvent.Builder remove(Connection c, ChannelRecord channel, OfficerId target)
      throws SQLException {
    if (channels.currentMembership(c, channel.id(), target).isEmpty()) {
      throw new LiaisonException(ErrorCode.CONFLICT, target + " is not a member");
    }
    return ChannelEvent.newBuilder().setMemberRemoved(
        MemberRemoved.newBuilder().setOfficerId(target.value()));
  }

  ChannelEvent.Builder promote(Connection c, ChannelRecord channel, OfficerId target)
      throws SQLException {
    Membership membership = channels.currentMembership(c, channel.id(), target)
        .orElseThrow(() -> new LiaisonException(ErrorCode.CONFLICT, target + " is not a member"));
    if (membership.isSupervisor()) {
      throw new LiaisonException(ErrorCode.CONFLICT, target + " is already a supervisor");
    }
    return ChannelEvent.newBuilder().setMemberPromoted(
        MemberPromoted.newBuilder().setOfficerId(target.value()));
  }

  /** Applies a stored membership event to the membership table. */
  void apply(Connection c, ChannelEvent event) throws SQLException {
    ChannelId id = new ChannelId(event.getChannelId());
    switch (event.getKindCase()) {
      case MEMBER_ADDED -> channels.addMember(c, new Membership(id,
          new OfficerId(event.getMemberAdded().getOfficerId()), event.getMemberAdded().getRole(),
          event.getSeq(), 0));
      // The removal event itself is the last one the removed member sees.
      case MEMBER_REMOVED -> channels.endMembership(c, id,
          new OfficerId(event.getMemberRemoved().getOfficerId()), event.getSeq());
      case MEMBER_PROMOTED -> channels.setRole(c, id,
          new OfficerId(event.getMemberPromoted().getOfficerId()),
          MemberRole.MEMBER_ROLE_SUPERVISOR);
      default -> { }
    }
  }

  private static void requireOpen(ChannelRecord channel) {
    if (channel.archived()) {
      throw new LiaisonException(ErrorCode.CHANNEL_ARCHIVED,
          "channel " + channel.id() + " is archived");
    }
  }

  private static LiaisonException notFound(ChannelId id) {
    return new LiaisonException(ErrorCode.NOT_FOUND,
        "no channel " + id + " that you are a member of");
  }
}
