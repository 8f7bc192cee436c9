package org.liaison.server.error;

import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ServerFrame;

/** Maps server-side failures to the protocol's typed {@code Error} frame: the one mapper. */
public final class ErrorFrames {
  private ErrorFrames() {}

  public static ServerFrame of(LiaisonException e) {
    return of(e, e.requestId(), e.isFatal());
  }

  /** The refusal as the answer to a request, with everything it carries. */
  public static ServerFrame of(LiaisonException e, long requestId, boolean fatal) {
    Error.Builder error = error(e.code(), e.getMessage(), requestId, fatal);
    e.recipientDetails().ifPresent(details -> error
        .addAllExpectedRecipients(details.expectedRecipients())
        .setMembershipIndex(details.membershipIndex()));
    return frame(error);
  }

  public static ServerFrame of(ErrorCode code, String message, long requestId, boolean fatal) {
    return frame(error(code, message, requestId, fatal));
  }

  private static Error.Builder error(ErrorCode code, String message, long requestId,
      boolean fatal) {
    return Error.newBuilder()
        .setCode(code)
        .setMessage(message == null ? code.name() : message)
        .setRequestId(requestId)
        .setFatal(fatal);
  }

  private static ServerFrame frame(Error.Builder error) {
    return ServerFrame.newBuilder().setRequestId(error.getRequestId()).setError(error).build();
  }
}
