package org.liaison.server.session;

import java.util.concurrent.CompletableFuture;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ServerFrame;

/**
 * Serves one kind of request for an authenticated session. Implementations never block: work that
 * touches storage runs on the storage executor and completes the returned future. A refusal
 * completes the future with a {@link org.liaison.server.error.LiaisonException}.
 */
@FunctionalInterface
public interface RequestHandler {

  /**
   * @return the reply body as a builder; the dispatcher stamps the request id on it
   */
  CompletableFuture<ServerFrame.Builder> handle(ClientConnection connection, ClientFrame request);
}
