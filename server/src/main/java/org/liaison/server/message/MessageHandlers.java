package org.liaison.server.message;

import java.util.Map;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.session.RequestHandler;

/** Maps the message requests of the protocol to {@link MessageService} and delivery calls. */
public final class MessageHandlers {
  private MessageHandlers() {}

  public static void register(Map<BodyCase, RequestHandler> handlers, MessageService messages,
      FlashService flash, DeliveryRegistry delivery) {
    handlers.put(BodyCase.SEND_MESSAGE, (connection, frame) ->
        messages.send(connection.session(), frame.getSendMessage().getEnvelope())
            .thenApply(accepted -> ServerFrame.newBuilder().setMessageAccepted(accepted)));
    handlers.put(BodyCase.SYNC, (connection, frame) ->
        delivery.sync(connection)
            .thenApply(done -> ServerFrame.newBuilder().setSyncComplete(done)));
    handlers.put(BodyCase.ACK, (connection, frame) -> {
      var ack = frame.getAck();
      return messages.ack(connection.session(), ack.getChannelId(), ack.getSeq(), ack.getRead(),
          ack.getSingle())
          .thenApply(acked -> ServerFrame.newBuilder().setAcked(acked));
    });
    handlers.put(BodyCase.HISTORY, (connection, frame) -> {
      var history = frame.getHistory();
      return messages.history(connection.session().officer(), history.getChannelId(),
              history.getBeforeSeq(), history.getLimit())
          .thenApply(page -> ServerFrame.newBuilder().setHistoryPage(page));
    });
    handlers.put(BodyCase.MESSAGE_STATUS, (connection, frame) -> {
      var request = frame.getMessageStatus();
      return messages.status(connection.session().officer(), request.getChannelId(),
              request.getSeq())
          .thenApply(status -> ServerFrame.newBuilder().setMessageStatus(status));
    });
    handlers.put(BodyCase.ACKNOWLEDGE_FLASH, (connection, frame) -> {
      var request = frame.getAcknowledgeFlash();
      return flash.acknowledge(connection.session(), request.getChannelId(), request.getSeq())
          .thenApply(done -> ServerFrame.newBuilder().setFlashAcknowledgement(done));
    });
    handlers.put(BodyCase.PENDING_FLASH, (connection, frame) ->
        flash.pending(connection.session().officer())
            .thenApply(list -> ServerFrame.newBuilder().setPendingFlashList(list)));
  }
}
