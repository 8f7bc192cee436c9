package org.liaison.server.keys;

import java.util.Map;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.KeyDirectory;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.session.RequestHandler;

/** Maps the key requests of the protocol to {@link KeyService} calls. */
public final class KeyHandlers {
  private KeyHandlers() {}

  public static void register(Map<BodyCase, RequestHandler> handlers, KeyService keys) {
    handlers.put(BodyCase.PUBLISH_KEYS, (connection, frame) ->
        keys.publish(connection.session(), frame.getPublishKeys().getBundle())
            .thenApply(published -> ServerFrame.newBuilder().setKeysPublished(published)));
    handlers.put(BodyCase.GET_KEYS, (connection, frame) ->
        keys.keysOf(frame.getGetKeys().getOfficerIdsList(),
            frame.getGetKeys().getIncludeSuperseded())
            .thenApply(found -> ServerFrame.newBuilder().setKeyDirectory(
                KeyDirectory.newBuilder().addAllBundles(found))));
  }
}
