package org.liaison.server.audit;

import java.util.Map;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.session.RequestHandler;

/** Maps the auditors' requests of the protocol to {@link AuditService} calls. */
public final class AuditHandlers {
  private AuditHandlers() {}

  public static void register(Map<BodyCase, RequestHandler> handlers, AuditService audit) {
    handlers.put(BodyCase.AUDIT_QUERY, (connection, frame) ->
        audit.query(connection.session(), frame.getAuditQuery())
            .thenApply(page -> ServerFrame.newBuilder().setAuditPage(page)));
    handlers.put(BodyCase.GET_CHECKPOINTS, (connection, frame) ->
        audit.checkpoints(connection.session(), frame.getGetCheckpoints())
            .thenApply(list -> ServerFrame.newBuilder().setCheckpoints(list)));
    handlers.put(BodyCase.AUDIT_READ, (connection, frame) ->
        audit.read(connection.session(), frame.getAuditRead())
            .thenApply(page -> ServerFrame.newBuilder().setAuditReadPage(page)));
  }
}
