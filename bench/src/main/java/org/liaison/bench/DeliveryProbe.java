package org.liaison.bench;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The timed path of the messaging scenarios, on every generator connection: a pushed message is
 * recognised by its id alone (no decryption, no full decode) and its latency taken from the send
 * time the sender stored under that id; a {@code MessageAccepted} answer counts one durable
 * acknowledgement and, for a closed-loop sender, releases its next message.
 */
final class DeliveryProbe {
    /** What a sender does when one of its messages is acknowledged. */
    interface AckListener {
        void accepted();
    }

    private final long[][] sendNanos;
    private final int first;
    private final Recorder latency = new Recorder(3);
    private final Recorder ackLatency = new Recorder(3);
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile long lastDeliveryNanos;
    private volatile long lastAcceptedNanos;

    /** For messages {@code first}.. of each group, up to {@code count} of them. */
    DeliveryProbe(int groups, int first, int count) {
        this.sendNanos = new long[groups][count];
        this.first = first;
    }

    /** Records when message {@code number} of {@code group} is (or was due to be) written. */
    void sent(int group, int number, long nanos) {
        sendNanos[group][number - first] = nanos;
    }

    /** A receiver's listener. */
    BenchConnection.FrameListener listener() {
        return listener(null, -1);
    }

    /** The listener of {@code group}'s sender, told of each acknowledgement. */
    BenchConnection.FrameListener listener(AckListener onAccepted, int group) {
        return (connection, frame) -> {
            onFrame(frame, onAccepted, group);
            return true;
        };
    }

    private void onFrame(ByteBuf frame, AckListener onAccepted, int senderGroup) {
        Frames.Kind kind = Frames.kind(frame);
        int body = kind.body();
        if (body == Frames.SERVER_EVENT) {
            String id = Frames.pushedMessageId(frame);
            int group = id == null ? -1 : EnvelopePool.groupOf(id);
            if (group >= 0) {
                int index = EnvelopePool.numberOf(id) - first;
                long now = System.nanoTime();
                if (index >= 0 && index < sendNanos[group].length && sendNanos[group][index] != 0) {
                    latency.recordValue(Math.max(0, (now - sendNanos[group][index]) / 1000));
                }
                deliveries.increment();
                lastDeliveryNanos = now;
            }
        } else if (body == Frames.SERVER_MESSAGE_ACCEPTED) {
            accepted.increment();
            long now = System.nanoTime();
            lastAcceptedNanos = now;
            long index = kind.requestId() - EnvelopePool.REQUEST_ID_BASE - first;
            if (senderGroup >= 0 && index >= 0 && index < sendNanos[senderGroup].length) {
                ackLatency.recordValue(Math.max(0, (now - sendNanos[senderGroup][(int) index]) / 1000));
            }
            if (onAccepted != null) {
                onAccepted.accepted();
            }
        } else if (body == Frames.SERVER_ERROR) {
            errors.increment();
            var error = BenchConnection.parse(frame).getError();
            firstError.compareAndSet(null, error.getCode() + ": " + error.getMessage());
        }
    }

    long deliveries() {
        return deliveries.sum();
    }

    long accepted() {
        return accepted.sum();
    }

    long errors() {
        return errors.sum();
    }

    String firstError() {
        return firstError.get();
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    long lastAcceptedNanos() {
        return lastAcceptedNanos;
    }

    /** Send-to-read latencies recorded since the last call, in microseconds. */
    Histogram latency() {
        return latency.getIntervalHistogram();
    }

    /** Send-to-acknowledgement latencies recorded since the last call, in microseconds. */
    Histogram ackLatency() {
        return ackLatency.getIntervalHistogram();
    }
}
