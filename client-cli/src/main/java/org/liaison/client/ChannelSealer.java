package org.liaison.client;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.liaison.client.crypto.BundleRejectedException;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.EnvelopeCrypto;
import org.liaison.client.crypto.Envelopes;
import org.liaison.client.crypto.SealedMessage;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Markings;

/**
 * The sending half of {@link Messages}: the recipients kept per channel, sealing in the order of
 * the calls, and the one retry after {@code MEMBERSHIP_CHANGED} (see {@link Messages#send}). Apart
 * from the requests so that what is encrypted to whom is decided in one place.
 */
final class ChannelSealer {

    private final Clock clock;
    private final Channels channels;
    private final DeviceCredentials device;
    private final KeySource keys;
    private final EnvelopeCrypto crypto = new EnvelopeCrypto();
    /**
     * Per channel, the recipients last fetched and verified, used by the sends that follow; each
     * send narrows them to its markings when it is sealed.
     */
    private final Map<String, CompletableFuture<ChannelRecipients>> recipients = new ConcurrentHashMap<>();
    /** Per channel, completes once the previous send's frame is on its way. */
    private final Map<String, CompletableFuture<Void>> queued = new ConcurrentHashMap<>();

    ChannelSealer(Channels channels, DeviceCredentials device, KeySource keys, Clock clock) {
        this.channels = channels;
        this.device = device;
        this.keys = keys;
        this.clock = clock;
    }

    /** Seals and hands the envelope to {@code call}, as {@link Messages#sealAndCall} says. */
    <T> CompletableFuture<T> sealAndCall(String channelId, String messageId, byte[] plaintext, String contentType,
                                         Optional<Markings> markings,
                                         BiFunction<Envelope, Delivery, CompletableFuture<T>> call) {
        Sealing sealing = new Sealing(channelId, messageId, plaintext, contentType, markings);
        CompletableFuture<ChannelRecipients> known = recipients(channelId, null);
        return attempt(sealing, known, call).handle((sent, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(sent);
            }
            if (!membershipChanged(error)) {
                return CompletableFuture.<T>failedFuture(unwrap(error));
            }
            // Someone joined, left or changed keys since the recipients were fetched: fetch them again, once.
            return attempt(sealing, recipients(channelId, known), call)
                    .exceptionallyCompose(again -> CompletableFuture.<T>failedFuture(membershipChanged(again)
                            ? disagreement(channelId, (ServerRefusedException) unwrap(again)) : unwrap(again)));
        }).thenCompose(Function.identity());
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static boolean membershipChanged(Throwable error) {
        return unwrap(error) instanceof ServerRefusedException refused
                && refused.code() == ErrorCode.MEMBERSHIP_CHANGED;
    }

    /**
     * The recipients of the channel's messages: the ones fetched and verified for the previous
     * sends, shared by concurrent sends; fetched again when there are none yet, when the last
     * fetch failed, or when {@code stale} is the entry the server just refused (a concurrent send
     * may already have replaced it, and then its fresher entry is used).
     */
    CompletableFuture<ChannelRecipients> recipients(String channelId, CompletableFuture<ChannelRecipients> stale) {
        CompletableFuture<ChannelRecipients> fresh = new CompletableFuture<>();
        CompletableFuture<ChannelRecipients> current = recipients.compute(channelId, (id, cached) ->
                cached == null || cached == stale || cached.isCompletedExceptionally() ? fresh : cached);
        if (current == fresh) {
            CompletableFuture<ChannelRecipients> fetched;
            try {
                fetched = ChannelRecipients.fetch(channelId, channels, keys);
            } catch (RuntimeException e) {
                fetched = CompletableFuture.failedFuture(e);
            }
            fetched.whenComplete((result, error) -> {
                if (error != null) {
                    recipients.remove(channelId, fresh);
                    fresh.completeExceptionally(unwrap(error));
                } else {
                    fresh.complete(result);
                }
            });
        }
        return current;
    }

    /**
     * Seals and sends once, for the recipients {@code to} completes with, after the previous send
     * to the channel has gone out: messages to a channel leave, and are stored, in the order they
     * were sent (a retried one excepted).
     */
    private <T> CompletableFuture<T> attempt(Sealing sealing, CompletableFuture<ChannelRecipients> to,
                                             BiFunction<Envelope, Delivery, CompletableFuture<T>> call) {
        CompletableFuture<CompletableFuture<T>> started = new CompletableFuture<>();
        queued.compute(sealing.channelId(), (id, previous) -> (previous == null
                ? CompletableFuture.<Void>completedFuture(null) : previous.exceptionally(error -> null))
                .thenCompose(ready -> to.handle((recipients, error) -> {
                    try {
                        if (error != null) {
                            started.complete(CompletableFuture.<T>failedFuture(unwrap(error)));
                        } else {
                            Delivery delivery = recipients.deliver(sealing.markings(), sender(recipients));
                            started.complete(call.apply(seal(sealing, delivery), delivery));
                        }
                    } catch (RuntimeException e) {
                        started.complete(CompletableFuture.<T>failedFuture(e));
                    }
                    return null;
                })));
        return started.thenCompose(Function.identity());
    }

    private Envelope seal(Sealing sealing, Delivery delivery) {
        EnvelopeHeader header = EnvelopeHeader.newBuilder()
                .setMessageId(sealing.messageId())
                .setChannelId(sealing.channelId())
                .setSender(device.officerId())
                .setSenderDevice(device.deviceId())
                .setSentMs(clock.millis())
                .setContentType(sealing.contentType())
                .setMembershipIndex(delivery.membershipIndex())
                .setMarkings(delivery.markings())
                .build();
        SealedMessage sealed = crypto.seal(header, sealing.plaintext(), delivery.devices(), device.keys());
        return Envelopes.toProto(header, sealed);
    }

    /**
     * This device's verified bundle (its officer's nation and clearance, from their certificate):
     * among the members' devices, else this device's own bundle verified now.
     */
    VerifiedBundle sender(ChannelRecipients recipients) {
        for (VerifiedBundle candidate : recipients.memberDevices()) {
            if (candidate.recipient().equals(device.recipient())) {
                return candidate;
            }
        }
        try {
            return channels.bundleVerifier().verify(device.bundle());
        } catch (BundleRejectedException e) {
            throw new LiaisonClientException("not sent: this device's own key bundle does not verify ("
                    + e.getMessage() + "), so its officer's clearance is unknown", e);
        }
    }

    /** What one send seals: the same for a retry after {@code MEMBERSHIP_CHANGED}. */
    private record Sealing(String channelId, String messageId, byte[] plaintext, String contentType,
                           Optional<Markings> markings) {
    }

    /** Why the server's expected recipients and ours still differ after a fresh fetch. */
    private static RecipientsDisagreeException disagreement(String channelId, ServerRefusedException refused) {
        Set<String> expected = refused.error().getExpectedRecipientsList().stream()
                .map(device -> device.getOfficerId() + "/" + device.getDeviceId())
                .collect(Collectors.toCollection(TreeSet::new));
        return new RecipientsDisagreeException("not sent: the server expects this message for " + expected
                + " (membership statement " + refused.error().getMembershipIndex() + "), but the signed membership of "
                + channelId + " and the verified keys give other recipients (" + refused.getMessage() + ")",
                refused.error().getExpectedRecipientsList());
    }
}
