package org.liaison.server.session;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Pong;
import org.liaison.proto.v1.ServerFrame;

/** Answers heartbeats. */
public final class PingHandler implements RequestHandler {
  private final Clock clock;

  public PingHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletableFuture<ServerFrame.Builder> handle(ClientConnection connection, ClientFrame request) {
    Pong pong =
        Pong.newBuilder()
            .setNonce(request.getPing().getNonce())
            .setServerTimeMs(clock.millis())
            .build();
    return CompletableFuture.completedFuture(ServerFrame.newBuilder().setPong(pong));
  }
}
