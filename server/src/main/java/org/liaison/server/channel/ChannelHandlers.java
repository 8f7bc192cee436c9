package org.liaison.server.channel;

import java.util.Map;
import org.liaison.proto.v1.ChannelList;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.EventAccepted;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.session.RequestHandler;

/** Maps the channel requests of the protocol to {@link ChannelService} calls. */
public final class ChannelHandlers {
  private ChannelHandlers() {}

  public static void register(Map<BodyCase, RequestHandler> handlers, ChannelService channels) {
    handlers.put(BodyCase.CREATE_CHANNEL, (connection, frame) ->
        channels.create(connection.session(), frame.getCreateChannel().getStatement())
            .thenApply(info -> ServerFrame.newBuilder().setChannel(info)));
    handlers.put(BodyCase.OPEN_DIRECT, (connection, frame) ->
        channels.openDirect(connection.session(), frame.getOpenDirect().getStatement())
            .thenApply(info -> ServerFrame.newBuilder().setChannel(info)));
    handlers.put(BodyCase.LIST_CHANNELS, (connection, frame) ->
        channels.list(connection.session().officer(),
                frame.getListChannels().getIncludeArchived())
            .thenApply(list -> ServerFrame.newBuilder()
                .setChannels(ChannelList.newBuilder().addAllChannels(list))));
    handlers.put(BodyCase.LIST_MEMBERS, (connection, frame) ->
        channels.members(connection.session().officer(), frame.getListMembers().getChannelId())
            .thenApply(members -> ServerFrame.newBuilder().setMembers(members)));
    handlers.put(BodyCase.CHANGE_MEMBERSHIP, (connection, frame) -> {
      var request = frame.getChangeMembership();
      return channels.changeMembership(connection.session(), request.getChannelId(),
              request.getStatement())
          .thenApply(event -> accepted(event.getChannelId(), event.getSeq()));
    });
    handlers.put(BodyCase.ARCHIVE_CHANNEL, (connection, frame) -> {
      var request = frame.getArchiveChannel();
      return channels.archive(connection.session(), request.getChannelId(),
              request.getStatement())
          .thenApply(event -> accepted(event.getChannelId(), event.getSeq()));
    });
  }

  private static ServerFrame.Builder accepted(String channelId, long seq) {
    return ServerFrame.newBuilder().setEventAccepted(
        EventAccepted.newBuilder().setChannelId(channelId).setSeq(seq));
  }
}
