package org.liaison.server.channel;

import java.util.Map;
import org.liaison.proto.v1.ChannelList;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.EventAccepted;
import org.liaison.proto.v1.MemberList;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.session.RequestHandler;

/** Maps the channel requests of the protocol to {@link ChannelService} calls. */
public final class ChannelHandlers {
  private ChannelHandlers() {}

  public static void register(Map<BodyCase, RequestHandler> handlers, ChannelService channels) {
    handlers.put(BodyCase.CREATE_CHANNEL, (connection, frame) -> {
      var request = frame.getCreateChannel();
      return channels.create(connection.session().officer(), request.getName(),
              request.getPurpose(), request.getMembersList())
          .thenApply(info -> ServerFrame.newBuilder().setChannel(info));
    });
    handlers.put(BodyCase.OPEN_DIRECT, (connection, frame) ->
        channels.openDirect(connection.session().officer(), frame.getOpenDirect().getOfficerId())
            .thenApply(info -> ServerFrame.newBuilder().setChannel(info)));
    handlers.put(BodyCase.LIST_CHANNELS, (connection, frame) ->
        channels.list(connection.session().officer(),
                frame.getListChannels().getIncludeArchived())
            .thenApply(list -> ServerFrame.newBuilder()
                .setChannels(ChannelList.newBuilder().addAllChannels(list))));
    handlers.put(BodyCase.LIST_MEMBERS, (connection, frame) -> {
      String channelId = frame.getListMembers().getChannelId();
      return channels.members(connection.session().officer(), channelId)
          .thenApply(list -> ServerFrame.newBuilder().setMembers(
              MemberList.newBuilder().setChannelId(channelId).addAllMembers(list)));
    });
    handlers.put(BodyCase.CHANGE_MEMBERSHIP, (connection, frame) -> {
      var request = frame.getChangeMembership();
      return channels.changeMembership(connection.session().officer(), request.getChannelId(),
              request.getOfficerId(), request.getAction())
          .thenApply(event -> ServerFrame.newBuilder().setEventAccepted(
              EventAccepted.newBuilder().setChannelId(event.getChannelId())
                  .setSeq(event.getSeq())));
    });
    handlers.put(BodyCase.ARCHIVE_CHANNEL, (connection, frame) ->
        channels.archive(connection.session().officer(),
                frame.getArchiveChannel().getChannelId())
            .thenApply(event -> ServerFrame.newBuilder().setEventAccepted(
                EventAccepted.newBuilder().setChannelId(event.getChannelId())
                    .setSeq(event.getSeq()))));
  }
}
