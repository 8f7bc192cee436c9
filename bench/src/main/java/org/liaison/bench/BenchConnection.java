package org.liaison.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Hello;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.ServerFrame;

/**
 * One generator connection: TLS, then (optionally) Hello/Welcome, heartbeats, and request/answer
 * pairing for the untimed set-up. On the timed path a {@link FrameListener} sees the raw frames
 * first and decides how little of them to decode.
 */
final class BenchConnection extends ChannelInboundHandlerAdapter {
    /** Sees each frame before any decoding; returns true when it consumed it. */
    interface FrameListener {
        boolean onFrame(BenchConnection connection, ByteBuf frame);
    }

    static final String CLIENT_NAME = "liaison-bench";

    private final String officerId;
    private final String deviceId;
    private final boolean hello;
    private final CompletableFuture<BenchConnection> ready = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<ServerFrame>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private volatile FrameListener listener;
    private volatile Channel channel;
    private volatile ServerFrame welcome;
    private volatile ScheduledFuture<?> heartbeat;

    BenchConnection(String officerId, String deviceId, boolean hello) {
        this.officerId = officerId;
        this.deviceId = deviceId;
        this.hello = hello;
    }

    /** Completes after the handshake, or after Welcome when the connection says Hello. */
    CompletableFuture<BenchConnection> ready() {
        return ready;
    }

    String officerId() {
        return officerId;
    }

    String deviceId() {
        return deviceId;
    }

    Channel channel() {
        return channel;
    }

    ServerFrame welcome() {
        return welcome;
    }

    void listen(FrameListener frameListener) {
        this.listener = frameListener;
    }

    /** Sends a request and completes with its answer (any body, errors included). */
    CompletableFuture<ServerFrame> request(ClientFrame.Builder frame) {
        long id = nextRequestId.getAndIncrement();
        CompletableFuture<ServerFrame> answer = new CompletableFuture<>();
        pending.put(id, answer);
        channel.writeAndFlush(Unpooled.wrappedBuffer(Frames.delimited(frame.setRequestId(id).build())));
        return answer;
    }

    /** A request id no {@link #request} will use, for frames encoded ahead of time. */
    long reserveRequestId() {
        return nextRequestId.getAndIncrement();
    }

    /** Writes a frame encoded ahead of time (length prefix included). */
    void writeEncoded(byte[] delimitedFrame) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(delimitedFrame), channel.voidPromise());
    }

    /**
     * Pings at the interval the server announced, from Welcome on, as an idle client must: a
     * connection that waited for the others to open before it started pinging would be closed
     * for silence (three intervals) first.
     */
    private void startHeartbeat(Duration interval) {
        long millis = interval.toMillis();
        heartbeat = channel.eventLoop().scheduleAtFixedRate(() -> {
            if (channel.isActive()) {
                ClientFrame ping = ClientFrame.newBuilder().setRequestId(reserveRequestId())
                        .setPing(Ping.newBuilder().setNonce(System.nanoTime())).build();
                writeEncoded(Frames.delimited(ping));
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                ready.completeExceptionally(done.cause());
                ctx.close();
            } else if (hello) {
                ClientFrame frame = ClientFrame.newBuilder().setRequestId(reserveRequestId())
                        .setHello(Hello.newBuilder().setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                                .setDeviceId(deviceId).setClientName(CLIENT_NAME))
                        .build();
                writeEncoded(Frames.delimited(frame));
            } else {
                ready.complete(this);
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        ByteBuf frame = (ByteBuf) message;
        try {
            FrameListener current = listener;
            if (current == null || !current.onFrame(this, frame)) {
                dispatch(ServerFrame.parseFrom(frame.nioBuffer()));
            }
        } finally {
            frame.release();
        }
    }

    private void dispatch(ServerFrame frame) {
        if (frame.hasWelcome()) {
            welcome = frame;
            startHeartbeat(Duration.ofSeconds(Math.max(1, frame.getWelcome().getHeartbeatIntervalSeconds())));
            ready.complete(this);
            return;
        }
        if (frame.hasError() && !ready.isDone()) {
            ready.completeExceptionally(new IllegalStateException("refused: " + frame.getError().getCode()
                    + " " + frame.getError().getMessage()));
            return;
        }
        CompletableFuture<ServerFrame> answer = pending.remove(frame.getRequestId());
        if (answer != null) {
            answer.complete(frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        IllegalStateException closed = new IllegalStateException("connection of " + officerId + " closed");
        ready.completeExceptionally(closed);
        pending.values().forEach(answer -> answer.completeExceptionally(closed));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        ctx.close();
    }

    static ServerFrame parse(ByteBuf frame) {
        try {
            return ServerFrame.parseFrom(frame.nioBuffer());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("not a ServerFrame", e);
        }
    }
}
