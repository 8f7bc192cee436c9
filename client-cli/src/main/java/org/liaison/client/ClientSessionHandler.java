package org.liaison.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.Hello;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one session: sends Hello once TLS is up, waits for
 * Welcome, then matches answers to requests, hands pushes to listeners, keeps
 * the connection alive with heartbeats and turns every way the connection can
 * end into a precise {@link ConnectionFailedException}.
 *
 * <p>All state except the futures and the listener list is confined to the
 * channel's event loop.
 */
final class ClientSessionHandler extends ChannelInboundHandlerAdapter {

    static final long HELLO_REQUEST_ID = 1;

    private static final Logger log = LoggerFactory.getLogger(ClientSessionHandler.class);

    private final String deviceId;
    private final ClientOptions options;
    private final CompletableFuture<Welcome> welcomeFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final AtomicLong nextRequestId = new AtomicLong(HELLO_REQUEST_ID + 1);
    private final List<Consumer<ServerFrame>> pushListeners = new CopyOnWriteArrayList<>();

    private final PendingRequests pending = new PendingRequests();
    private final List<ServerFrame> heldPushes = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> connectDeadline;
    private boolean handshakeDone;
    private boolean inactive;
    private Throwable failure;
    private Error fatalError;
    private volatile boolean closeRequested;

    ClientSessionHandler(String deviceId, ClientOptions options) {
        this.deviceId = deviceId;
        this.options = options;
    }

    CompletableFuture<Welcome> welcomeFuture() {
        return welcomeFuture;
    }

    CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /** Marks the coming close as the client's own, for the message pending requests fail with. */
    void closeRequested() {
        closeRequested = true;
    }

    /** Fails the connect attempt (no-op once Welcome arrived). Thread-safe. */
    void failConnect(Throwable cause) {
        welcomeFuture.completeExceptionally(cause);
    }

    /** Sends a request with the next request id; thread-safe. */
    CompletableFuture<ServerFrame> request(ClientFrame.Builder body) {
        long requestId = nextRequestId.getAndIncrement();
        ClientFrame frame = body.clone().setRequestId(requestId).build();
        CompletableFuture<ServerFrame> future = new CompletableFuture<>();
        try {
            ctx.executor().execute(() -> send(frame, future));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new ConnectionFailedException("connection closed", e));
        }
        return future;
    }

    /** Adds a push listener and hands it the pushes that arrived while there was none; thread-safe. */
    void addPushListener(Consumer<ServerFrame> listener) {
        pushListeners.add(listener);
        try {
            ctx.executor().execute(this::deliverHeldPushes);
        } catch (RejectedExecutionException e) {
            log.debug("connection already shut down; held pushes dropped");
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        connectDeadline = context.executor().schedule(this::connectDeadlinePassed,
                options.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            onHandshakeComplete(handshake);
        } else if (event instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            sendHeartbeat();
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ServerFrame frame = (ServerFrame) message;
        if (!welcomeFuture.isDone()) {
            onFrameBeforeWelcome(frame);
        } else if (frame.getRequestId() == 0) {
            onPush(frame);
        } else {
            if (frame.hasError() && frame.getError().getFatal()) {
                fatalError = frame.getError();
            }
            if (!pending.answer(frame)) {
                log.debug("answer to unknown or expired request {} ignored", frame.getRequestId());
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        recordFailure(cause);
        log.debug("closing connection to {}: {}", context.channel().remoteAddress(), describe(cause));
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        inactive = true;
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
        }
        if (!welcomeFuture.isDone()) {
            failConnect(failureBeforeWelcome());
        }
        pending.failAll(connectionClosed());
        closeFuture.complete(null);
        context.fireChannelInactive();
    }

    private void onHandshakeComplete(SslHandshakeCompletionEvent handshake) {
        if (handshake.isSuccess()) {
            handshakeDone = true;
            Hello hello = Hello.newBuilder()
                    .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                    .setDeviceId(deviceId)
                    .setClientName(LiaisonClient.CLIENT_NAME)
                    .build();
            ctx.writeAndFlush(ClientFrame.newBuilder().setRequestId(HELLO_REQUEST_ID).setHello(hello).build())
                    .addListener(write -> {
                        if (!write.isSuccess()) {
                            recordFailure(write.cause());
                        }
                    });
        } else {
            recordFailure(handshake.cause());
            if (ctx.channel().isActive()) {
                failConnect(failureBeforeWelcome());
            }
            ctx.close();
        }
    }

    private void onFrameBeforeWelcome(ServerFrame frame) {
        if (frame.hasWelcome() && frame.getRequestId() == HELLO_REQUEST_ID) {
            connectDeadline.cancel(false);
            startHeartbeat(frame.getWelcome());
            welcomeFuture.complete(frame.getWelcome());
            return;
        }
        if (frame.hasError()) {
            failConnect(ServerRefusedException.of(frame.getError()));
        } else {
            failConnect(new ConnectionFailedException(
                    "protocol violation: expected Welcome, got " + frame.getBodyCase() + " (request " + frame.getRequestId() + ")"));
        }
        ctx.close();
    }

    private void onPush(ServerFrame frame) {
        if (frame.hasError() && frame.getError().getFatal()) {
            fatalError = frame.getError();
        }
        if (heldPushes.isEmpty() && !pushListeners.isEmpty()) {
            deliver(frame);
        } else {
            // Held until a listener exists, so a push that races the caller's addPushListener is not lost.
            heldPushes.add(frame);
        }
    }

    private void deliverHeldPushes() {
        List<ServerFrame> held = new ArrayList<>(heldPushes);
        heldPushes.clear();
        held.forEach(this::deliver);
    }

    private void deliver(ServerFrame frame) {
        for (Consumer<ServerFrame> listener : pushListeners) {
            try {
                listener.accept(frame);
            } catch (RuntimeException e) {
                log.warn("push listener {} failed on a {} push", listener, frame.getBodyCase(), e);
            }
        }
    }

    private void send(ClientFrame frame, CompletableFuture<ServerFrame> future) {
        if (inactive || !ctx.channel().isActive()) {
            future.completeExceptionally(connectionClosed());
            return;
        }
        long requestId = frame.getRequestId();
        pending.add(requestId, frame.getBodyCase().name(), future, ctx.executor(), options.requestTimeout());
        ctx.writeAndFlush(frame).addListener(write -> {
            if (!write.isSuccess()) {
                pending.fail(requestId, new ConnectionFailedException(
                        "cannot send request " + requestId + ": " + describe(write.cause()), write.cause()));
            }
        });
    }

    private void startHeartbeat(Welcome welcome) {
        int interval = welcome.getHeartbeatIntervalSeconds();
        if (interval > 0) {
            // Writer idle, not reader idle: the server's idle timeout counts the client's silence.
            ctx.pipeline().addBefore(ctx.name(), ClientHandlerNames.HEARTBEAT,
                    new IdleStateHandler(0, interval, 0, TimeUnit.SECONDS));
        }
    }

    private void sendHeartbeat() {
        long nonce = ThreadLocalRandom.current().nextLong();
        request(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(nonce))).whenComplete((answer, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                // A server that does not answer a heartbeat is gone: fail fast rather than hang requests.
                recordFailure(new TimeoutException("no answer to heartbeat within "
                        + options.requestTimeout().toMillis() + " ms"));
                ctx.close();
            }
        });
    }

    private void connectDeadlinePassed() {
        if (welcomeFuture.isDone()) {
            return;
        }
        String phase = handshakeDone ? "no Welcome from the server" : "TLS handshake not complete";
        failConnect(new ConnectionFailedException(phase + " after " + options.connectTimeout().toMillis() + " ms"));
        ctx.close();
    }

    private void recordFailure(Throwable cause) {
        if (cause == null) {
            return;
        }
        Throwable unwrapped = unwrap(cause);
        // A TLS alert says why the server refused us; a write error that raced it says nothing.
        if (failure == null || (!isAlert(failure) && isAlert(unwrapped))) {
            failure = unwrapped;
        }
    }

    private static boolean isAlert(Throwable cause) {
        return cause instanceof SSLException && String.valueOf(cause.getMessage()).contains("alert");
    }

    /**
     * Why the connection ended before Welcome. In TLS 1.3 the client's side of
     * the handshake completes before the server has checked the client
     * certificate, so a refusal of that certificate shows up as an alert or a
     * close after the handshake: it is reported as the server closing the
     * connection, with the alert text when there was one.
     */
    private ConnectionFailedException failureBeforeWelcome() {
        String reason = failure == null ? null : describe(failure);
        if (!handshakeDone && failure != null && !isPeerClose(failure)) {
            return new ConnectionFailedException("TLS handshake failed: " + reason, failure);
        }
        String what = handshakeDone
                ? "server closed the connection before Welcome"
                : "server closed the connection during the TLS handshake";
        return new ConnectionFailedException(reason == null ? what : what + ": " + reason, failure);
    }

    private ConnectionFailedException connectionClosed() {
        if (closeRequested) {
            return new ConnectionFailedException("connection closed by the client");
        }
        if (fatalError != null) {
            return new ConnectionFailedException("server closed the connection: "
                    + fatalError.getCode() + ": " + fatalError.getMessage());
        }
        if (failure != null) {
            return new ConnectionFailedException("connection closed: " + describe(failure), failure);
        }
        return new ConnectionFailedException("server closed the connection");
    }

    private static boolean isPeerClose(Throwable cause) {
        if (cause instanceof ClosedChannelException) {
            return true;
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof SSLException) {
            return message.startsWith("Received fatal alert") || message.contains("closed");
        }
        // Connection reset and the like: the peer went away, our own checks did not fail.
        return cause instanceof IOException;
    }

    private static Throwable unwrap(Throwable cause) {
        Throwable current = cause;
        while ((current instanceof DecoderException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static String describe(Throwable cause) {
        Throwable current = unwrap(cause);
        String message = current.getMessage();
        return message == null || message.isBlank() ? current.getClass().getSimpleName() : message;
    }
}
