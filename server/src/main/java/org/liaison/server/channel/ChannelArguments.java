package org.liaison.server.channel;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.OfficerId;

/**
 * The argument checks of channel requests that need no storage, apart from {@link ChannelService}
 * so the service holds only what it means to create, open, change and archive a channel.
 */
final class ChannelArguments {
  private ChannelArguments() {}

  /**
   * The initial members a creation names. Clients compute the member set from the signed chain,
   * so a list the server would have to reinterpret (the actor in it, a name twice) is refused
   * rather than silently cleaned.
   */
  static Set<OfficerId> initialMembers(List<String> ids, OfficerId actor) {
    Set<OfficerId> members = new LinkedHashSet<>();
    for (String id : ids) {
      OfficerId member = officerId(id);
      if (member.equals(actor)) {
        throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
            "the initial members are the officers other than the actor");
      }
      if (!members.add(member)) {
        throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
            "officer " + member + " is named twice among the initial members");
      }
    }
    return members;
  }

  static String directKey(OfficerId a, OfficerId b) {
    return a.value().compareTo(b.value()) < 0 ? a.value() + "|" + b.value()
        : b.value() + "|" + a.value();
  }

  static ChannelId channelId(String value) {
    if (!ChannelId.isValid(value)) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "not a channel id: " + value);
    }
    return new ChannelId(value);
  }

  static OfficerId officerId(String value) {
    if (!OfficerId.isValid(value)) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "not an officer id: " + value);
    }
    return new OfficerId(value);
  }
}
