package org.liaison.server.error;

import java.util.Objects;
import org.liaison.proto.v1.ErrorCode;

/**
 * The one error type that reaches the wire: a typed {@link ErrorCode} and a message that is safe to
 * show to the peer (never a body, a key or a stack trace). {@link ErrorFrames} turns it into the
 * protocol's {@code Error}.
 */
public class LiaisonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final boolean fatal;
  private final long requestId;

  public LiaisonException(ErrorCode code, String message) {
    this(code, message, false, 0);
  }

  public LiaisonException(ErrorCode code, String message, boolean fatal) {
    this(code, message, fatal, 0);
  }

  private LiaisonException(ErrorCode code, String message, boolean fatal, long requestId) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.fatal = fatal;
    this.requestId = requestId;
  }

  /** The same refusal, answering the request with the given id. */
  public LiaisonException forRequest(long id) {
    return new LiaisonException(code, getMessage(), fatal, id);
  }

  /** A refusal after which the connection is closed. */
  public static LiaisonException fatal(ErrorCode code, String message) {
    return new LiaisonException(code, message, true);
  }

  public ErrorCode code() {
    return code;
  }

  /** The request refused, or 0 for a connection-level refusal. */
  public long requestId() {
    return requestId;
  }

  /** Whether the server closes the connection after sending this error. */
  public boolean isFatal() {
    return fatal;
  }
}
