package org.liaison.server.transport;

/** Names of the handlers in a connection's pipeline, in pipeline order. */
public final class HandlerNames {
  public static final String TLS = "tls";
  public static final String HANDSHAKE_LIMIT = "handshake-limit";
  public static final String PEER_IDENTITY = "peer-identity";
  public static final String FLUSH_CONSOLIDATION = "flush-consolidation";
  public static final String IDLE_STATE = "idle-state";
  public static final String IDLE_TIMEOUT = "idle-timeout";
  public static final String FRAME_DECODER = "frame-decoder";
  public static final String ENCODED_FRAME_WRITER = "encoded-frame-writer";
  public static final String FRAME_ENCODER = "frame-encoder";
  public static final String PROTOBUF_DECODER = "protobuf-decoder";
  public static final String PROTOBUF_ENCODER = "protobuf-encoder";
  public static final String SESSION = "session";
  public static final String RATE_LIMIT = "rate-limit";
  public static final String DISPATCH = "dispatch";
  public static final String EXCEPTIONS = "exceptions";

  private HandlerNames() {}
}
