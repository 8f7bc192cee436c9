package org.liaison.client;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of one client connection.
 *
 * @param connectTimeout the longest {@link LiaisonClient#connect} may take,
 *                       from the TCP connect to the server's {@code Welcome}
 * @param requestTimeout the longest a request waits for its answer before its
 *                       future fails with a {@link java.util.concurrent.TimeoutException}
 * @param maxFrameBytes  the largest inbound frame accepted (protobuf bytes,
 *                       without the length prefix); a larger one drops the connection
 * @param groupOrNull    an NIO event loop group shared with other clients, or
 *                       {@code null} for a private one-thread group that the
 *                       client shuts down when it closes. A shared group is
 *                       never shut down by the client.
 */
public record ClientOptions(
        Duration connectTimeout,
        Duration requestTimeout,
        int maxFrameBytes,
        EventLoopGroup groupOrNull) {

    /** Default {@link #connectTimeout()}: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #requestTimeout()}: 30 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Default {@link #maxFrameBytes()}: the server's default maximum frame
     * (1 MiB) plus 64 KiB of slack for the fields the server adds around a
     * client's payload when it delivers it.
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024 + 64 * 1024;

    /** Validates that the durations and the frame size are positive. */
    public ClientOptions {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, got " + maxFrameBytes);
        }
    }

    /** 10 s to connect, 30 s per request, 1 MiB + 64 KiB frames, a private event loop. */
    public static ClientOptions defaults() {
        return new ClientOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_FRAME_BYTES, null);
    }

    /** These options with another connect timeout. */
    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(timeout, requestTimeout, maxFrameBytes, groupOrNull);
    }

    /** These options with another request timeout. */
    public ClientOptions withRequestTimeout(Duration timeout) {
        return new ClientOptions(connectTimeout, timeout, maxFrameBytes, groupOrNull);
    }

    /** These options with another inbound frame limit. */
    public ClientOptions withMaxFrameBytes(int bytes) {
        return new ClientOptions(connectTimeout, requestTimeout, bytes, groupOrNull);
    }

    /** These options running on a shared event loop group ({@code null} for a private one). */
    public ClientOptions withGroup(EventLoopGroup group) {
        return new ClientOptions(connectTimeout, requestTimeout, maxFrameBytes, group);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
