package org.liaison.client;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.liaison.client.crypto.DeviceCredentials;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.liaison.proto.v1.Ack;
import org.liaison.proto.v1.AcknowledgeFlash;
import org.liaison.proto.v1.FlashAcknowledgement;
import org.liaison.proto.v1.PendingFlash;
import org.liaison.proto.v1.PendingFlashList;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.History;
import org.liaison.proto.v1.HistoryPage;
import org.liaison.proto.v1.Markings;
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
 * {@link #ack} is pushed again on the next connection's sync. FLASH and
 * IMMEDIATE events may come ahead of that order, marked
 * {@link ChannelEvent#getAhead()}: acknowledge those with {@link #ackAhead}.
 * Register {@link #onEvent} before calling {@link #sync()}.
 *
 * <p>Sending encrypts end to end: the body is sealed for every verified
 * device of every member the channel's signed membership proves (see
 * {@link Channels#membership}), never for a member the server alone claims,
 * whose officer may see the message's markings (docs/markings.md).
 * Received envelopes are opened and verified by a {@link MessageOpener}.
 *
 * <p>Refusals fail the futures with a {@link ServerRefusedException}; an
 * answer of the wrong kind with a {@link LiaisonClientException}. Futures
 * complete and listeners run on the connection's event loop (see
 * {@link LiaisonClient}).
 */
public final class Messages {

    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final LiaisonClient client;
    private final Channels channels;
    /** Seals and sends for this device; null when it cannot send. */
    private final ChannelSealer sealer;

    /** Message requests that do not send (sync, ack, history, status) over {@code client}'s connection. */
    public Messages(LiaisonClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.channels = null;
        this.sealer = null;
    }

    /**
     * Message requests over {@code client}'s connection that send too: the
     * membership comes from {@code channels} (which verifies the signed
     * chain), recipients' keys from {@code keys}, and this device signs with
     * {@code device}; headers are stamped with {@code clock}'s time.
     */
    public Messages(LiaisonClient client, Channels channels, DeviceCredentials device, KeySource keys, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.sealer = new ChannelSealer(channels, Objects.requireNonNull(device, "device"),
                Objects.requireNonNull(keys, "keys"), Objects.requireNonNull(clock, "clock"));
    }

    /** The channel requests this instance verifies membership with (null when it cannot send). */
    Channels channels() {
        return channels;
    }

    /** A fresh message id (a random UUID). */
    public static String newMessageId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Encrypts and sends a text message under a fresh message id.
     *
     * @return completes once the message is durably stored, with the
     *         server's acceptance and what the user should know
     */
    public CompletableFuture<SentMessage> sendText(String channelId, String text) {
        return sendText(channelId, text, Optional.empty());
    }

    /**
     * Encrypts and sends a text message marked {@code markings} (empty: the channel's default
     * markings) under a fresh message id; see {@link #send(String, String, byte[], String, Optional)}.
     */
    public CompletableFuture<SentMessage> sendText(String channelId, String text, Optional<Markings> markings) {
        return send(channelId, newMessageId(), PlainTextBody.encode(text), PlainTextBody.CONTENT_TYPE, markings);
    }

    /**
     * Who a message to the channel marked {@code markings} (empty: the channel's default) would be
     * sealed for now, and who not and why, without sending anything: to tell the user before
     * sending. The recipients are fetched and verified as for a send, and kept for it.
     *
     * @return completes with the delivery, or fails with a {@link MarkingsRefusedException} when
     *         the markings are malformed, above the channel's ceiling or not for the sender's eyes
     */
    public CompletableFuture<Delivery> preview(String channelId, Optional<Markings> markings) {
        Objects.requireNonNull(markings, "markings");
        if (channels == null) {
            throw new IllegalStateException("sending needs this device's keys: build Messages with its credentials");
        }
        return sealer.recipients(Objects.requireNonNull(channelId, "channelId"), null)
                .thenApply(known -> known.deliver(markings, sealer.sender(known)));
    }

    /**
     * The default markings of the channel's verified signed creation statement (fetched and
     * verified as for a send, and kept for it).
     */
    public CompletableFuture<Markings> defaultMarkings(String channelId) {
        if (channels == null) {
            throw new IllegalStateException("sending needs this device's keys: build Messages with its credentials");
        }
        return sealer.recipients(Objects.requireNonNull(channelId, "channelId"), null)
                .thenApply(ChannelRecipients::defaultMarkings);
    }

    /** As {@link #send(String, String, byte[], String, Optional)} with the channel's default markings. */
    public CompletableFuture<SentMessage> send(String channelId, String messageId, byte[] plaintext,
                                               String contentType) {
        return send(channelId, messageId, plaintext, contentType, Optional.empty());
    }

    /**
     * Encrypts {@code plaintext} for the channel's members and sends it under
     * a chosen id; sending again with the same id (e.g. after a lost answer)
     * stores nothing twice and answers the original sequence number with
     * {@code duplicate} set.
     *
     * <p>The message carries {@code markings}, or, when empty, the default
     * markings of the channel's signed creation statement (never the server's
     * word alone). It is refused here, before anything is encrypted, with a
     * {@link MarkingsRefusedException} when they are malformed, above the
     * channel's signed ceiling, or not for this officer's own eyes.
     *
     * <p>The recipients are the verified devices of the members that the
     * channel's signed statements prove, this officer's own devices included,
     * and those of the channel's audit recipients ({@link AuditRecipients}),
     * whose officers may see the markings by their verified certificates'
     * nation and clearance; {@link SentMessage#excluded()} says who is left out.
     * They are fetched and verified for the first message to a channel and
     * kept for the next ones (the server refuses any envelope not sealed for
     * exactly the current members' devices, so a stale set is never used
     * unnoticed). When the server answers that the membership or the devices
     * changed ({@code MEMBERSHIP_CHANGED}), membership and keys are fetched
     * again and the message sealed and sent once more; if the server still
     * disagrees, the send fails with a {@link RecipientsDisagreeException}
     * that says how: nothing is ever encrypted to a device only the server
     * vouches for. Messages sent to one channel through these {@code Messages}
     * go out, and are stored, in the order of the calls (except one that had
     * to be sealed again).
     *
     * @param messageId   1-64 characters of {@code [A-Za-z0-9._-]}
     * @param plaintext   the body; only the recipients can read it
     * @param contentType the content type of the body, e.g. {@link PlainTextBody#CONTENT_TYPE}
     * @param markings    who may see it (empty for the channel's default)
     * @throws IllegalArgumentException if {@code messageId} is not of that form
     * @throws IllegalStateException if these {@code Messages} were built without keys
     */
    public CompletableFuture<SentMessage> send(String channelId, String messageId, byte[] plaintext,
                                               String contentType, Optional<Markings> markings) {
        Objects.requireNonNull(markings, "markings");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(contentType, "contentType");
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("message id must be 1-64 characters of [A-Za-z0-9._-], got "
                    + messageId);
        }
        if (channels == null) {
            throw new IllegalStateException("sending needs this device's keys: build Messages with its credentials");
        }
        return sealAndCall(channelId, messageId, plaintext.clone(), contentType, markings, (envelope, delivery) ->
                Answers.call(client, ClientFrame.newBuilder().setSendMessage(SendMessage.newBuilder()
                                .setEnvelope(envelope)), BodyCase.MESSAGE_ACCEPTED, answer -> answer.getMessageAccepted())
                        .thenApply(accepted -> new SentMessage(accepted, delivery)));
    }

    /**
     * The sealing seam shared by messages and task contents: seals {@code plaintext} under
     * {@code messageId}, marked {@code markings} (empty: the channel's default), for the channel's
     * verified recipients who may see it and hands the envelope to {@code call}, which sends it; after the previous send to the channel has gone out (so sends
     * keep their order). When {@code call} fails with {@code MEMBERSHIP_CHANGED}, recipients are
     * fetched again and the content sealed and handed over once more; a second disagreement fails
     * with a {@link RecipientsDisagreeException}.
     */
    <T> CompletableFuture<T> sealAndCall(String channelId, String messageId, byte[] plaintext, String contentType,
                                         Optional<Markings> markings,
                                         java.util.function.BiFunction<Envelope, Delivery, CompletableFuture<T>> call) {
        if (channels == null) {
            throw new IllegalStateException("sending needs this device's keys: build Messages with its credentials");
        }
        return sealer.sealAndCall(channelId, messageId, plaintext, contentType, markings, call);
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
     * Acknowledges receipt of the one event at {@code seq}, pushed ahead of its channel's order
     * ({@link ChannelEvent#getAhead()}: FLASH and IMMEDIATE go first): it is not pushed to this
     * device again, and the channel's cursor stays where it is, so the events before it still
     * come. Acknowledging such an event with {@link #ack} instead would move the cursor past
     * events not yet received.
     *
     * @return completes with the channel's cursors (unchanged)
     */
    public CompletableFuture<Acked> ackAhead(String channelId, long seq) {
        Ack ack = Ack.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId"))
                .setSeq(seq)
                .setSingle(true)
                .build();
        return Answers.call(client, ClientFrame.newBuilder().setAck(ack), BodyCase.ACKED, answer -> answer.getAcked());
    }

    /**
     * Acknowledges, in person, the FLASH message {@code seq} of the channel (docs/markings.md):
     * only a recipient may, not the sender. Acknowledging again answers the first acknowledgement
     * with {@code duplicate} set. Everyone who may see the message is told (a
     * {@code flash_acknowledged} event).
     */
    public CompletableFuture<FlashAcknowledgement> acknowledgeFlash(String channelId, long seq) {
        AcknowledgeFlash request = AcknowledgeFlash.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId"))
                .setSeq(seq)
                .build();
        return Answers.call(client, ClientFrame.newBuilder().setAcknowledgeFlash(request),
                BodyCase.FLASH_ACKNOWLEDGEMENT, answer -> answer.getFlashAcknowledgement());
    }

    /** The FLASH messages this officer has yet to acknowledge, oldest first (at most 100). */
    public CompletableFuture<PendingFlashList> pendingFlash() {
        return Answers.call(client, ClientFrame.newBuilder().setPendingFlash(PendingFlash.getDefaultInstance()),
                BodyCase.PENDING_FLASH_LIST, answer -> answer.getPendingFlashList());
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
