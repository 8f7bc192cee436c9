package org.liaison.server.error;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.ErrorCode;

/**
 * The one error type that reaches the wire: a typed {@link ErrorCode} and a message that is safe to
 * show to the peer (never a body, a key or a stack trace). {@link ErrorFrames} turns it into the
 * protocol's {@code Error}. A {@code MEMBERSHIP_CHANGED} refusal also carries the
 * {@linkplain #recipientDetails() recipients the server expects}.
 */
public class LiaisonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final boolean fatal;
  private final long requestId;
  private final transient RecipientDetails recipients;

  public LiaisonException(ErrorCode code, String message) {
    this(code, message, false, 0, null);
  }

  public LiaisonException(ErrorCode code, String message, boolean fatal) {
    this(code, message, fatal, 0, null);
  }

  private LiaisonException(ErrorCode code, String message, boolean fatal, long requestId,
      RecipientDetails recipients) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.fatal = fatal;
    this.requestId = requestId;
    this.recipients = recipients;
  }

  /**
   * {@code MEMBERSHIP_CHANGED}: the envelope was not sealed for the channel's current recipients.
   *
   * @param expected every device the server expects, sorted by officer then device
   * @param membershipIndex the index of the channel's newest membership statement
   */
  public static LiaisonException membershipChanged(String message, List<DeviceRef> expected,
      long membershipIndex) {
    return new LiaisonException(ErrorCode.MEMBERSHIP_CHANGED, message, false, 0,
        new RecipientDetails(expected, membershipIndex));
  }

  /** The same refusal, answering the request with the given id. */
  public LiaisonException forRequest(long id) {
    return new LiaisonException(code, getMessage(), fatal, id, recipients);
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

  /** For {@code MEMBERSHIP_CHANGED}: the recipients and membership index the server expects. */
  public Optional<RecipientDetails> recipientDetails() {
    return Optional.ofNullable(recipients);
  }
}
