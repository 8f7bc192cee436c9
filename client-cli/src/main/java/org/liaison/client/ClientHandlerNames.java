package org.liaison.client;

/** Names of the handlers in a client connection's pipeline, in pipeline order. */
final class ClientHandlerNames {

    static final String TLS = "tls";
    static final String FRAME_DECODER = "frameDecoder";
    static final String PROTOBUF_DECODER = "protobufDecoder";
    static final String FRAME_PREPENDER = "framePrepender";
    static final String PROTOBUF_ENCODER = "protobufEncoder";
    static final String HEARTBEAT = "heartbeat";
    static final String SESSION = "session";

    private ClientHandlerNames() {
    }
}
