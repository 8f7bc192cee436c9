package org.liaison.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.liaison.proto.v1.ServerFrame;

/**
 * The client pipeline, head to tail: TLS, varint32 framing with a size limit,
 * protobuf, heartbeat (added after Welcome), session.
 */
final class ClientChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final ProtobufDecoder SERVER_FRAME_DECODER = new ProtobufDecoder(ServerFrame.getDefaultInstance());
    private static final ProtobufVarint32LengthFieldPrepender FRAME_PREPENDER =
            new ProtobufVarint32LengthFieldPrepender();
    private static final ProtobufEncoder PROTOBUF_ENCODER = new ProtobufEncoder();

    private final SslContext sslContext;
    private final ServerAddress server;
    private final ClientOptions options;
    private final ClientSessionHandler session;

    ClientChannelInitializer(SslContext sslContext, ServerAddress server, ClientOptions options,
                             ClientSessionHandler session) {
        this.sslContext = sslContext;
        this.server = server;
        this.options = options;
        this.session = session;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast(ClientHandlerNames.TLS, tlsHandler(channel))
                .addLast(ClientHandlerNames.FRAME_DECODER, new InboundFrameLimitDecoder(options.maxFrameBytes()))
                .addLast(ClientHandlerNames.PROTOBUF_DECODER, SERVER_FRAME_DECODER)
                .addLast(ClientHandlerNames.FRAME_PREPENDER, FRAME_PREPENDER)
                .addLast(ClientHandlerNames.PROTOBUF_ENCODER, PROTOBUF_ENCODER)
                .addLast(ClientHandlerNames.SESSION, session);
    }

    private SslHandler tlsHandler(SocketChannel channel) {
        // Passing the host also sets SNI; the peer host is what hostname verification checks.
        SslHandler handler = sslContext.newHandler(channel.alloc(), server.host(), server.port());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        // Without this the JDK accepts any certificate the CA signed, whatever host it names.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeoutMillis(options.connectTimeout().toMillis());
        return handler;
    }
}
