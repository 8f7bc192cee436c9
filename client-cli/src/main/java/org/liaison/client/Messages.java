package org.liaison.client;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.liaison.proto.v1.Ack;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.History;
import org.liaison.proto.v1.HistoryPage;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.proto.v1.MessageStatus;
import org.liaison.proto.v1.MessageStatusRequest;
import org.liaison.proto.v1.SendMessage;
import org.liaison.proto.v1.ServerFrame.BodyCase;
import org.liaison.proto.v1.Sync;
import org.liaison.proto.v1.SyncComplete;

/**
 * The message requests of one connection: send, receive (sync, pushes,
 * acknowledgements), page through history, ask how far a message got.
 *
 * <p>Delivery is at least once per device: after {@link #sync()} the server
 * pushes every channel event this device has not acknowledged, in order per
 * channel, then keeps pushing new ones; what is not acknowledged with
 * {@link #ack} is pushed again on the next connection's sync. Register
 * {@link #onEvent} before calling {@link #sync()}.
 *
 * <p>Refusals fail the futures with a {@link ServerRefusedException}; an
 * answer of the wrong kind with a {@link LiaisonClientException}. Futures
 * complete and listeners run on the connection's event loop (see
 * {@link LiaisonClient}).
 */
public final class Messages {

    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final LiaisonClient client;
    private final Clock clock;

    /** Message requests over {@code client}'s connection, stamped with the system clock. */
    public Messages(LiaisonClient client) {
        this(client, Clock.systemUTC());
    }

    /** Message requests over {@code client}'s connection, stamped with {@code clock}'s time. */
    public Messages(LiaisonClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A fresh message id (a random UUID). */
    public static String newMessageId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Sends a text message under a fresh message id.
     *
     * @return completes with the server's acceptance, once the message is durably stored
     */
    public CompletableFuture<MessageAccepted> sendText(String channelId, String text) {
        return send(channelId, newMessageId(), PlainTextBody.encode(text), PlainTextBody.CONTENT_TYPE);
    }

    /**
     * Sends a message with a chosen id; sending again with the same id (e.g.
     * after a lost answer) stores nothing twice and answers the original
     * sequence number with {@code duplicate} set. The header's sender and
     * device are the connection's, as the server's Welcome named them.
     *
     * @param messageId   1-64 characters of {@code [A-Za-z0-9._-]}
     * @param body        the body bytes, opaque to the server
     * @param contentType the content type of the body, e.g. {@link PlainTextBody#CONTENT_TYPE}
     * @throws IllegalArgumentException if {@code messageId} is not of that form
     */
    public CompletableFuture<MessageAccepted> send(String channelId, String messageId, byte[] body,
                                                   String contentType) {
        Objects.requireNonNull(messageId, "messageId");
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("message id must be 1-64 characters of [A-Za-z0-9._-], got "
                    + messageId);
        }
        EnvelopeHeader header = EnvelopeHeader.newBuilder()
                .setMessageId(messageId)
                .setChannelId(Objects.requireNonNull(channelId, "channelId"))
                .setSender(client.welcome().getOfficerId())
                .setSenderDevice(client.welcome().getDeviceId())
                .setSentMs(clock.millis())
                .setContentType(Objects.requireNonNull(contentType, "contentType"))
                .build();
        Envelope envelope = Envelope.newBuilder()
                .setHeader(header)
                .setBody(ByteString.copyFrom(Objects.requireNonNull(body, "body")))
                .build();
        return Answers.call(client, ClientFrame.newBuilder().setSendMessage(SendMessage.newBuilder()
                .setEnvelope(envelope)), BodyCase.MESSAGE_ACCEPTED, answer -> answer.getMessageAccepted());
    }

    /**
     * Starts delivery to this device. Every unacknowledged event is handed to
     * the {@link #onEvent} listeners before the returned future completes;
     * new events follow as they are stored.
     *
     * @return completes with the number of events the sync pushed
     */
    public CompletableFuture<SyncComplete> sync() {
        return Answers.call(client, ClientFrame.newBuilder().setSync(Sync.getDefaultInstance()),
                BodyCase.SYNC_COMPLETE, answer -> answer.getSyncComplete());
    }

    /**
     * Acknowledges a channel's events up to {@code seq} on this device (the
     * cursor only moves forward); with {@code read} also marks them read by
     * the officer, which senders see as a read receipt.
     *
     * @return completes with the channel's delivery and read cursors after the ack
     */
    public CompletableFuture<Acked> ack(String channelId, long seq, boolean read) {
        Ack ack = Ack.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId"))
                .setSeq(seq)
                .setRead(read)
                .build();
        return Answers.call(client, ClientFrame.newBuilder().setAck(ack), BodyCase.ACKED, answer -> answer.getAcked());
    }

    /**
     * One page of a channel's events that the caller may see (those while
     * they were a member), oldest first.
     *
     * @param beforeSeq events before this sequence number; 0 for the latest
     * @param limit     1-500 events; 0 for the server's default (50)
     * @return completes with the page; when {@link HistoryPage#getMore()} is
     *         set, ask again with {@code beforeSeq} = the first event's seq
     */
    public CompletableFuture<HistoryPage> history(String channelId, long beforeSeq, int limit) {
        History history = History.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId"))
                .setBeforeSeq(beforeSeq)
                .setLimit(limit)
                .build();
        return Answers.call(client, ClientFrame.newBuilder().setHistory(history), BodyCase.HISTORY_PAGE,
                answer -> answer.getHistoryPage());
    }

    /**
     * How far the message with sequence number {@code seq} got: delivered to
     * and read by how many of the officers who were members when it was sent
     * (the sender excluded), with one receipt per officer. Members only.
     */
    public CompletableFuture<MessageStatus> status(String channelId, long seq) {
        MessageStatusRequest request = MessageStatusRequest.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId"))
                .setSeq(seq)
                .build();
        return Answers.call(client, ClientFrame.newBuilder().setMessageStatus(request), BodyCase.MESSAGE_STATUS,
                answer -> answer.getMessageStatus());
    }

    /**
     * Registers a listener for the channel events the server pushes (and
     * only those: other pushes are not passed on). Like every push listener
     * it runs on the event loop and must not block; events that arrived
     * before the connection's first push listener was added are handed over
     * in order.
     */
    public void onEvent(Consumer<ChannelEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        client.addPushListener(frame -> {
            if (frame.hasEvent()) {
                listener.accept(frame.getEvent());
            }
        });
    }
}
