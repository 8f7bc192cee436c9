package org.liaison.server.error;

import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ServerFrame;

/** Maps server-side failures to the protocol's typed {@code Error} frame. */
public final class ErrorFrames {
  private ErrorFrames() {}

  public static ServerFrame of(LiaisonException e) {
    return of(e.code(), e.getMessage(), e.requestId(), e.isFatal());
  }

  public static ServerFrame of(ErrorCode code, String message, long requestId, boolean fatal) {
    Error error =
        Error.newBuilder()
            .setCode(code)
            .setMessage(message == null ? code.name() : message)
            .setRequestId(requestId)
            .setFatal(fatal)
            .build();
    return ServerFrame.newBuilder().setRequestId(requestId).setError(error).build();
  }
}
