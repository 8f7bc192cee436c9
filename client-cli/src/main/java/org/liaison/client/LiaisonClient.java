package org.liaison.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.Pong;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.Welcome;

/**
 * One authenticated connection to a Liaison server.
 *
 * <p>{@link #connect(ClientProfile, ClientOptions)} opens a TLS 1.3 connection
 * with the officer's certificate, checks the server's certificate against the
 * profile's server CA and host name, sends {@code Hello} and completes once
 * the server's {@code Welcome} arrived: the identity in {@link #welcome()} is
 * the one the server derived from the certificate. While the connection is
 * otherwise idle the client sends a {@code Ping} at the interval the Welcome
 * asks for.
 *
 * <p>All methods are thread-safe. Futures complete on the connection's event
 * loop thread, and push listeners run there: they must not block (in
 * particular not wait on another future of the same client).
 */
public final class LiaisonClient implements AutoCloseable {

    /** The client name sent in {@code Hello}. */
    public static final String CLIENT_NAME = "liaison-cli 0.1.0";

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final Channel channel;
    private final ClientSessionHandler session;
    private final Welcome welcome;
    private final EventLoopGroup ownedGroup;
    private final ServerAddress server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LiaisonClient(Channel channel, ClientSessionHandler session, Welcome welcome,
                          EventLoopGroup ownedGroup, ServerAddress server) {
        this.channel = channel;
        this.session = session;
        this.welcome = welcome;
        this.ownedGroup = ownedGroup;
        this.server = server;
    }

    /** Connects with {@link ClientOptions#defaults()}. */
    public static CompletableFuture<LiaisonClient> connect(ClientProfile profile) {
        return connect(profile, ClientOptions.defaults());
    }

    /**
     * Connects to the profile's server and completes with a client once the
     * server's {@code Welcome} arrived, within {@code options.connectTimeout()}.
     *
     * <p>Fails with a {@link ProfileException} if the profile's identity or CA
     * cannot be used, a {@link ServerRefusedException} if the server answers
     * {@code Hello} with an {@code Error}, and a {@link ConnectionFailedException}
     * otherwise (unreachable, TLS failure, certificate refused by the server,
     * closed or timed out before Welcome).
     */
    public static CompletableFuture<LiaisonClient> connect(ClientProfile profile, ClientOptions options) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(options, "options");
        SslContext sslContext;
        try {
            sslContext = ClientTls.nettyContext(profile);
        } catch (LiaisonClientException e) {
            return CompletableFuture.failedFuture(e);
        }
        EventLoopGroup ownedGroup = options.groupOrNull() == null
                ? new NioEventLoopGroup(1, new DefaultThreadFactory("liaison-client", true))
                : null;
        EventLoopGroup group = ownedGroup != null ? ownedGroup : options.groupOrNull();
        ServerAddress server = profile.server();
        ClientSessionHandler session = new ClientSessionHandler(profile.deviceId(), options);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        options.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ClientChannelInitializer(sslContext, server, options, session));
        ChannelFuture connecting = bootstrap.connect(server.host(), server.port());
        connecting.addListener(attempt -> {
            if (!attempt.isSuccess()) {
                session.failConnect(new ConnectionFailedException(describeConnectFailure(attempt.cause()),
                        attempt.cause()));
            }
        });
        Channel channel = connecting.channel();
        return session.welcomeFuture().handle((welcome, error) -> {
            if (error != null) {
                channel.close();
                shutDown(ownedGroup);
                throw error instanceof CompletionException completion ? completion : new CompletionException(error);
            }
            return new LiaisonClient(channel, session, welcome, ownedGroup, server);
        });
    }

    /** The server's Welcome: the identity it derived from the certificate, heartbeat interval, limits. */
    public Welcome welcome() {
        return welcome;
    }

    /** The address this client connected to. */
    public ServerAddress server() {
        return server;
    }

    /**
     * Sends a request. The frame's request id is replaced by the next id of
     * this connection (the caller's builder is not modified).
     *
     * @return completes with the server's answer; fails with a
     *         {@link ServerRefusedException} if the answer is an {@code Error},
     *         a {@link ConnectionFailedException} if the connection closes
     *         first, or a {@link TimeoutException} after
     *         {@link ClientOptions#requestTimeout()}
     */
    public CompletableFuture<ServerFrame> request(ClientFrame.Builder frame) {
        Objects.requireNonNull(frame, "frame");
        return session.request(frame);
    }

    /**
     * Sends a {@code Ping} with a random nonce.
     *
     * @return completes with the server's {@code Pong}; fails like
     *         {@link #request}, or with a {@link LiaisonClientException} if the
     *         answer is not a Pong carrying the same nonce
     */
    public CompletableFuture<Pong> ping() {
        long nonce = ThreadLocalRandom.current().nextLong();
        return request(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(nonce))).thenApply(answer -> {
            if (!answer.hasPong()) {
                throw new LiaisonClientException("server answered Ping with " + answer.getBodyCase());
            }
            if (answer.getPong().getNonce() != nonce) {
                throw new LiaisonClientException("server answered Ping with another nonce");
            }
            return answer.getPong();
        });
    }

    /**
     * Registers a listener for the frames the server pushes (request id 0):
     * deliveries, updates and connection-level {@code Error}s (a fatal one is
     * followed by the server closing the connection). Pushes that arrived
     * before the first listener was added are handed to it, in order.
     * Listeners run on the event loop; an exception thrown by one is logged
     * and does not affect the others.
     */
    public void addPushListener(Consumer<ServerFrame> listener) {
        session.addPushListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Completes (normally) once the connection is closed, whoever closed it,
     * after every waiting request has been failed.
     */
    public CompletableFuture<Void> closeFuture() {
        return session.closeFuture().copy();
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Closes the connection: waiting requests fail with a
     * {@link ConnectionFailedException}. Waits briefly for the close to finish
     * (not when called on the event loop, e.g. from a listener), and shuts
     * down the client's private event loop group if it has one. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        session.closeRequested();
        channel.close();
        boolean onEventLoop = channel.eventLoop().inEventLoop();
        if (!onEventLoop) {
            awaitQuietly(session.closeFuture());
        }
        io.netty.util.concurrent.Future<?> shutdown = shutDown(ownedGroup);
        if (shutdown != null && !onEventLoop) {
            shutdown.awaitUninterruptibly(CLOSE_WAIT.toMillis());
        }
    }

    @Override
    public String toString() {
        return "LiaisonClient[" + server + ", officer=" + welcome.getOfficerId() + ", device="
                + welcome.getDeviceId() + (isOpen() ? "" : ", closed") + "]";
    }

    private static io.netty.util.concurrent.Future<?> shutDown(EventLoopGroup ownedGroup) {
        return ownedGroup == null ? null : ownedGroup.shutdownGracefully(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void awaitQuietly(CompletableFuture<Void> future) {
        try {
            future.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing is best effort: the channel is closing either way.
        }
    }

    private static String describeConnectFailure(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        return ClientSessionHandler.describe(cause);
    }
}
