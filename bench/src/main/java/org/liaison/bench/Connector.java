package org.liaison.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.protobuf.ProtobufVarint32FrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * Opens generator connections: one shared TLS context, a few I/O threads for all of them (one by
 * default), and a bound on handshakes in flight so that set-up does not trip the server's
 * handshake timeout.
 */
final class Connector implements AutoCloseable {
    /** Which officer and device connection {@code i} is. */
    record Identity(String officerId, String deviceId) {
    }

    private final GeneratorTls tls;
    private final String host;
    private final int port;
    private final EventLoopGroup group;
    private final boolean resume;

    Connector(GeneratorTls tls, String host, int port, int ioThreads) {
        this(tls, host, port, ioThreads, false);
    }

    /** With {@code resume}, connections offer TLS session resumption (one officer only: see GeneratorTls). */
    Connector(GeneratorTls tls, String host, int port, int ioThreads, boolean resume) {
        this.resume = resume;
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.group = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("bench-io", true));
    }

    /** One connection; completes after Welcome when {@code hello}, else after the handshake. */
    CompletableFuture<BenchConnection> connect(Identity identity, boolean hello) {
        BenchConnection connection = new BenchConnection(identity.officerId(), identity.deviceId(), hello);
        ChannelFuture connecting = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("tls", tls.newHandler(channel.alloc(), host, port, identity.officerId(), resume))
                                .addLast("frames", new ProtobufVarint32FrameDecoder())
                                .addLast("bench", connection);
                    }
                })
                .connect(host, port);
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                connection.ready().completeExceptionally(done.cause());
            }
        });
        return connection.ready();
    }

    /**
     * Opens {@code count} connections with at most {@code inFlight} handshakes at once; fails on
     * the first connection that fails.
     */
    List<BenchConnection> connectAll(int count, IntFunction<Identity> identities, boolean hello, int inFlight)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<BenchConnection>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            permits.acquire();
            CompletableFuture<BenchConnection> next = connect(identities.apply(i), hello);
            next.whenComplete((c, e) -> permits.release());
            all.add(next);
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public void close() {
        group.shutdownGracefully().syncUninterruptibly();
    }
}
