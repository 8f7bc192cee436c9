package org.liaison.client;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.liaison.proto.v1.ServerFrame;

/**
 * The requests of one connection that wait for their answer, by request id.
 * Confined to the connection's event loop: every method must be called there.
 */
final class PendingRequests {

    private record Pending(CompletableFuture<ServerFrame> future, ScheduledFuture<?> timeout) {
    }

    private final Map<Long, Pending> byId = new HashMap<>();

    /**
     * Registers a request whose answer is expected within {@code timeout};
     * after that its future fails with a {@link TimeoutException}.
     */
    void add(long requestId, String what, CompletableFuture<ServerFrame> future, EventExecutor loop,
             Duration timeout) {
        ScheduledFuture<?> timer = loop.schedule(() -> {
            if (byId.remove(requestId) != null) {
                future.completeExceptionally(new TimeoutException(
                        "no answer to request " + requestId + " (" + what + ") within " + timeout.toMillis() + " ms"));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        byId.put(requestId, new Pending(future, timer));
    }

    /**
     * Completes the request this frame answers: normally, or with a
     * {@link ServerRefusedException} if the frame is an {@code Error}.
     *
     * @return false if no request with the frame's id is waiting
     */
    boolean answer(ServerFrame frame) {
        Pending pending = byId.remove(frame.getRequestId());
        if (pending == null) {
            return false;
        }
        pending.timeout().cancel(false);
        if (frame.hasError()) {
            pending.future().completeExceptionally(ServerRefusedException.of(frame.getError()));
        } else {
            pending.future().complete(frame);
        }
        return true;
    }

    /** Fails one request, e.g. because it could not be written. */
    void fail(long requestId, Throwable cause) {
        Pending pending = byId.remove(requestId);
        if (pending != null) {
            pending.timeout().cancel(false);
            pending.future().completeExceptionally(cause);
        }
    }

    /** Fails every waiting request with the same cause. */
    void failAll(Throwable cause) {
        List<Pending> all = new ArrayList<>(byId.values());
        byId.clear();
        for (Pending pending : all) {
            pending.timeout().cancel(false);
            pending.future().completeExceptionally(cause);
        }
    }
}
