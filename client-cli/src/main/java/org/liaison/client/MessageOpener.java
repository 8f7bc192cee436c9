package org.liaison.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.liaison.client.crypto.CryptoException;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.EnvelopeCrypto;
import org.liaison.client.crypto.EnvelopeRejectedException;
import org.liaison.client.crypto.EnvelopeRejectedException.Reason;
import org.liaison.client.crypto.Envelopes;
import org.liaison.client.crypto.MembershipChain;
import org.liaison.client.crypto.MembershipRejectedException;
import org.liaison.client.crypto.Recipient;
import org.liaison.client.crypto.SealedMessage;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.client.crypto.VerifiedMembership;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SignedStatement;

/**
 * Verifies and decrypts the channel events this device receives (pushed or
 * from history), never trusting the server for who sent what to whom.
 *
 * <p>A message is checked in this order, and the first failure rejects it
 * with that reason: it arrived in the channel its signed header names
 * ({@code WRONG_CHANNEL}); its id was not seen before at another position
 * ({@code REPLAYED}); the sending device's keys are known and verified
 * ({@code UNKNOWN_SENDER}); the signature verifies with them, before anything
 * is decrypted ({@code BAD_SIGNATURE} — or {@code FORGED_SENDER} when it
 * verifies with the key of the officer the server says sent it while the
 * header names someone else); the ciphertext is the one signed
 * ({@code TAMPERED_BODY}); the sender and every recipient were members under
 * the signed membership statement the header names, or, for a recipient, is
 * an audit recipient of the channel by their verified certificate
 * ({@code RECIPIENTS_MISMATCH}); the sender and every recipient may see its
 * signed markings, by their verified certificates' nation and clearance
 * ({@code NOT_RELEASABLE}, see {@link ReleasabilityCheck}); then it decrypts
 * for this device. Markings that are missing or not well-formed make the
 * envelope {@code MALFORMED} (see {@link EnvelopeCrypto}).
 *
 * <p>A membership event is verified when the statement it carries is part of
 * the channel's verified chain and says the same change; the member_added
 * events listing a new channel's initial members are backed by the creation
 * statement. Anything else is rejected as an unsigned membership change.
 *
 * <p>Task events are verified and decrypted by a {@link TaskOpener} (see there); the content
 * of a verified one then gets the same {@code NOT_RELEASABLE} check as a message. FLASH
 * acknowledgements and escalations are the server's word alone, and shown as such.
 *
 * <p>Verified membership chains and sender keys are cached for the life of
 * the opener. Futures complete on the connection's event loop.
 */
public final class MessageOpener {

    private final Channels channels;
    private final KeySource keys;
    private final DeviceCredentials device;
    private final SeenMessages seen;
    private final KeyHistory history;
    private final EnvelopeCrypto crypto = new EnvelopeCrypto();
    private final TaskOpener tasks;
    private final Map<String, VerifiedMembership> memberships = new ConcurrentHashMap<>();
    private final Map<Recipient, VerifiedBundle> senders = new ConcurrentHashMap<>();
    /** Verified devices of the officers messages were sealed for, for the markings check. */
    private final Map<String, List<VerifiedBundle>> recipientKeys = new ConcurrentHashMap<>();

    /**
     * An opener for {@code device}, verifying membership through {@code channels}, fetching senders' keys from
     * {@code keys}, and recording verified message ids in {@code seen}.
     */
    public MessageOpener(Channels channels, KeySource keys, DeviceCredentials device, SeenMessages seen) {
        this(channels, keys, device, seen, null);
    }

    /**
     * As {@link #MessageOpener(Channels, KeySource, DeviceCredentials, SeenMessages)}, and verifying
     * messages signed before their device rotated its keys with the device's earlier bundles from
     * {@code history} (when the current key does not verify them).
     */
    public MessageOpener(Channels channels, KeySource keys, DeviceCredentials device, SeenMessages seen,
                         KeyHistory history) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.device = Objects.requireNonNull(device, "device");
        this.seen = Objects.requireNonNull(seen, "seen");
        this.history = history;
        this.tasks = channels.bundleVerifier() == null ? null
                : new TaskOpener(channels.bundleVerifier(), device, java.time.Clock.systemUTC());
    }

    /**
     * Uses {@code verified} as the channel's membership instead of fetching it: for an auditor, who is not a member
     * and gets the chain with the events ({@link AuditReader}). The caller verified it; a later, longer one replaces it.
     */
    public void useMembership(String channelId, VerifiedMembership verified) {
        memberships.merge(channelId, Objects.requireNonNull(verified, "verified"),
                (old, fresh) -> fresh.headIndex() >= old.headIndex() ? fresh : old);
    }

    /** Verifies (and for a message decrypts) {@code event}; never fails: problems make a rejected event. */
    public CompletableFuture<OpenedEvent> open(ChannelEvent event) {
        Objects.requireNonNull(event, "event");
        if (TaskOpener.handles(event)) {
            if (tasks == null) {
                return CompletableFuture.completedFuture(OpenedEvent.rejected(event,
                        "task events cannot be verified without the device's credentials", null));
            }
            return releasableTask(tasks.open(event));
        }
        if (event.hasFlashAcknowledged() || event.hasFlashEscalated()) {
            return CompletableFuture.completedFuture(OpenedEvent.serverReported(event));
        }
        CompletableFuture<OpenedEvent> opened;
        try {
            opened = event.hasMessage() ? openMessage(event) : openMembership(event);
        } catch (CryptoException e) {
            opened = CompletableFuture.completedFuture(OpenedEvent.rejected(event, problem(e), e));
        }
        return opened.exceptionally(error -> OpenedEvent.rejected(event, problem(error),
                cause(error) instanceof CryptoException refusal ? refusal : null));
    }

    private CompletableFuture<OpenedEvent> openMessage(ChannelEvent event) {
        Envelope envelope = event.getMessage();
        EnvelopeHeader header = envelope.getHeader();
        if (!header.getChannelId().equals(event.getChannelId())) {
            throw new EnvelopeRejectedException(Reason.WRONG_CHANNEL, "message '" + header.getMessageId()
                    + "' was signed for channel " + header.getChannelId() + " but arrived in " + event.getChannelId());
        }
        OptionalLong seenAt = seen.seenAt(event.getChannelId(), header.getMessageId());
        if (seenAt.isPresent() && seenAt.getAsLong() != event.getSeq()) {
            throw new EnvelopeRejectedException(Reason.REPLAYED, "message '" + header.getMessageId()
                    + "' was already received as number " + seenAt.getAsLong() + " of this channel; this copy at "
                    + event.getSeq() + " is a replay");
        }
        SealedMessage sealed = Envelopes.fromProto(envelope);
        Recipient claimed = new Recipient(header.getSender(), header.getSenderDevice());
        return senderKeys(claimed).thenCompose(current -> signingKey(current, header, sealed)).thenCompose(sender -> {
            if (sender.isEmpty()) {
                return forgedBy(event, sealed).thenApply(forger -> {
                    throw forger.<CryptoException>map(bundle -> forged(header, bundle)).orElseGet(() ->
                            new EnvelopeRejectedException(Reason.UNKNOWN_SENDER, "no verified keys of " + claimed
                                    + ", which message '" + header.getMessageId() + "' names as its sender"));
                });
            }
            try {
                crypto.verify(sealed, header, sender.get());
            } catch (EnvelopeRejectedException e) {
                if (e.reason() != Reason.BAD_SIGNATURE) {
                    throw e;
                }
                return forgedBy(event, sealed).thenApply(forger -> {
                    throw forger.<CryptoException>map(bundle -> forged(header, bundle)).orElse(e);
                });
            }
            return membershipAt(event.getChannelId(), header.getMembershipIndex())
                    .thenCompose(members -> members.isPresent()
                            ? checkRecipients(header, sealed, members.get()).thenApply(checked -> "")
                            : CompletableFuture.completedFuture(
                                    "membership not checked: this channel's members can no longer be fetched"))
                    .thenCompose(note -> releasable(header, sealed, sender.get()).thenApply(checked -> note))
                    .thenApply(note -> {
                        if (!sealed.recipients().contains(device.recipient())) {
                            seen.record(event.getChannelId(), header.getMessageId(), event.getSeq());
                            return OpenedEvent.notForThisDevice(event, sender.get());
                        }
                        byte[] plaintext = crypto.open(sealed, header, device.officerId(), device.deviceId(),
                                device.keys(), sender.get());
                        seen.record(event.getChannelId(), header.getMessageId(), event.getSeq());
                        return OpenedEvent.verified(event, sender.get(), plaintext, note);
                    });
        });
    }

    /**
     * The sender's current key when it verifies the signature; else, if it does not or there is
     * none, the device's earlier key that does (a message from before a rotation); else the
     * current key, so that the caller reports the failure.
     */
    private CompletableFuture<Optional<VerifiedBundle>> signingKey(Optional<VerifiedBundle> current,
                                                                  EnvelopeHeader header, SealedMessage sealed) {
        if (history == null || current.filter(bundle -> crypto.signedBy(sealed, header, bundle)).isPresent()) {
            return CompletableFuture.completedFuture(current);
        }
        return history.deviceAt(header.getSender(), header.getSenderDevice(), Instant.ofEpochMilli(header.getSentMs()))
                .thenApply(earlier -> earlier.stream().filter(bundle -> crypto.signedBy(sealed, header, bundle))
                        .findFirst().or(() -> current));
    }

    /**
     * The recipients check: the sender was a member under the named statement, and every recipient
     * was a member or is one of the channel's audit recipients: an auditor, by their verified
     * certificate, of a member's nation ({@link AuditRecipients}).
     */
    private CompletableFuture<Void> checkRecipients(EnvelopeHeader header, SealedMessage sealed, Set<String> members) {
        if (!members.contains(header.getSender())) {
            throw new EnvelopeRejectedException(Reason.RECIPIENTS_MISMATCH, header.getSender()
                    + " was not a member under membership statement " + header.getMembershipIndex());
        }
        Set<String> others = new java.util.TreeSet<>();
        for (Recipient recipient : sealed.recipients()) {
            if (!members.contains(recipient.officerId())) {
                others.add(recipient.officerId());
            }
        }
        if (others.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Set<String> nations = channels.bundleVerifier() == null ? Set.of()
                : AuditRecipients.nationsOf(members, channels.bundleVerifier());
        return keys.devicesOf(others).thenAccept(devices -> {
            for (String other : others) {
                boolean auditor = devices.byOfficer().getOrDefault(other, List.of()).stream()
                        .anyMatch(device -> AuditRecipients.qualifies(device, nations));
                if (!auditor) {
                    throw new EnvelopeRejectedException(Reason.RECIPIENTS_MISMATCH, "message '"
                            + header.getMessageId() + "' was also encrypted for " + other
                            + ", who was neither a member under membership statement " + header.getMembershipIndex()
                            + " nor an auditor of a member's nation " + nations);
                }
            }
        });
    }

    /**
     * The markings check of {@link ReleasabilityCheck}, with the recipients' verified keys (fetched
     * once per officer for the life of the opener: a clearance changes with a new certificate, far
     * less often than messages arrive).
     */
    private CompletableFuture<Void> releasable(EnvelopeHeader header, SealedMessage sealed, VerifiedBundle sender) {
        Set<String> missing = new java.util.TreeSet<>();
        sealed.recipients().forEach(recipient -> {
            if (!recipientKeys.containsKey(recipient.officerId())) {
                missing.add(recipient.officerId());
            }
        });
        CompletableFuture<Void> fetched = missing.isEmpty() ? CompletableFuture.completedFuture(null)
                : keys.devicesOf(missing).thenAccept(devices -> missing.forEach(officer ->
                        recipientKeys.put(officer, devices.byOfficer().getOrDefault(officer, List.of()))));
        return fetched.thenRun(() -> ReleasabilityCheck.check(header, sender, sealed.recipients(), recipientKeys));
    }

    /** A verified task event with content: rejected when it was sealed for someone who may not see it. */
    private CompletableFuture<OpenedEvent> releasableTask(OpenedEvent opened) {
        ChannelEvent event = opened.event();
        if (!opened.isVerified() || !event.hasTask() || !event.getTask().hasContent() || opened.sender().isEmpty()) {
            return CompletableFuture.completedFuture(opened);
        }
        Envelope content = event.getTask().getContent();
        return releasable(content.getHeader(), Envelopes.fromProto(content), opened.sender().get())
                .thenApply(checked -> opened)
                .exceptionally(error -> OpenedEvent.rejected(event, problem(error),
                        cause(error) instanceof CryptoException refusal ? refusal : null));
    }

    private static EnvelopeRejectedException forged(EnvelopeHeader header, VerifiedBundle actual) {
        return new EnvelopeRejectedException(Reason.FORGED_SENDER, "message '" + header.getMessageId()
                + "' names " + header.getSender() + " as its sender but was signed by " + actual.recipient() + " ("
                + actual.agency() + ", " + actual.nation() + ")");
    }

    /**
     * The device of the officer the server says sent the event whose key
     * verifies the envelope's signature, when that officer is not the one the
     * header names.
     */
    private CompletableFuture<Optional<VerifiedBundle>> forgedBy(ChannelEvent event, SealedMessage sealed) {
        EnvelopeHeader header = event.getMessage().getHeader();
        if (event.getActor().isEmpty() || event.getActor().equals(header.getSender())) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return keys.devicesOf(List.of(event.getActor())).thenApply(devices -> {
            for (VerifiedBundle candidate : devices.byOfficer().getOrDefault(event.getActor(), List.of())) {
                if (crypto.signedBy(sealed, header, candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        });
    }

    private CompletableFuture<Optional<VerifiedBundle>> senderKeys(Recipient device) {
        VerifiedBundle cached = senders.get(device);
        if (cached != null) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        return keys.devicesOf(List.of(device.officerId())).thenApply(devices -> {
            for (VerifiedBundle bundle : devices.byOfficer().getOrDefault(device.officerId(), List.of())) {
                senders.put(bundle.recipient(), bundle);
            }
            return Optional.ofNullable(senders.get(device));
        });
    }

    /**
     * The members under statement {@code index}, from the cached verified
     * chain or a fresh one; empty when the chain cannot be fetched (this
     * officer is no longer a member).
     */
    private CompletableFuture<Optional<Set<String>>> membershipAt(String channelId, long index) {
        return membership(channelId, index).thenApply(verified -> verified.map(chain -> chain.membersAt(index)));
    }

    private CompletableFuture<Optional<VerifiedMembership>> membership(String channelId, long atLeast) {
        VerifiedMembership cached = memberships.get(channelId);
        if (cached != null && cached.headIndex() >= atLeast) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        return channels.membership(channelId).handle((membership, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                if (cause instanceof ServerRefusedException) {
                    return Optional.empty();
                }
                throw cause instanceof RuntimeException runtime ? runtime : new LiaisonClientException(
                        cause.getMessage(), cause);
            }
            memberships.put(channelId, membership.verified());
            return Optional.of(membership.verified());
        });
    }

    private CompletableFuture<OpenedEvent> openMembership(ChannelEvent event) {
        return membership(event.getChannelId(), 0).thenCompose(chain -> {
            if (chain.isEmpty()) {
                return CompletableFuture.completedFuture(OpenedEvent.verified(event, null, new byte[0],
                        "membership not checked: this channel's members can no longer be fetched"));
            }
            if (event.hasStatement()) {
                if (chain.get().contains(event.getStatement())) {
                    return CompletableFuture.completedFuture(checkStatement(event, chain.get()));
                }
                // Newer than the cached chain: fetch it again.
                memberships.remove(event.getChannelId());
                return membership(event.getChannelId(), 0).thenApply(fresh -> fresh
                        .map(verified -> checkStatement(event, verified))
                        .orElseGet(() -> OpenedEvent.verified(event, null, new byte[0],
                                "membership not checked: this channel's members can no longer be fetched")));
            }
            VerifiedMembership verified = chain.get();
            if (event.hasMemberAdded() && event.getActor().equals(verified.creator())
                    && verified.initialMembers().contains(event.getMemberAdded().getOfficerId())) {
                return CompletableFuture.completedFuture(OpenedEvent.verified(event, null, new byte[0], ""));
            }
            throw new MembershipRejectedException(MembershipRejectedException.Reason.UNSIGNED, "event "
                    + event.getSeq() + " (" + event.getKindCase() + ") of channel " + event.getChannelId()
                    + " carries no signed statement");
        });
    }

    /** A membership event with a statement: in the verified chain, and saying the same change. */
    private static OpenedEvent checkStatement(ChannelEvent event, VerifiedMembership chain) {
        SignedStatement signed = event.getStatement();
        if (!chain.contains(signed)) {
            throw new MembershipRejectedException(MembershipRejectedException.Reason.UNSIGNED, "event "
                    + event.getSeq() + " of channel " + event.getChannelId()
                    + " carries a statement that is not in the channel's verified chain");
        }
        MembershipStatement statement = MembershipChain.parse(signed);
        boolean same = switch (event.getKindCase()) {
            case CREATED -> statement.hasCreate();
            case MEMBER_ADDED -> statement.getAdd().equals(event.getMemberAdded().getOfficerId());
            case MEMBER_REMOVED -> statement.getRemove().equals(event.getMemberRemoved().getOfficerId());
            case MEMBER_PROMOTED -> statement.getPromote().equals(event.getMemberPromoted().getOfficerId());
            case ARCHIVED -> statement.hasArchive();
            default -> false;
        };
        if (!same || !statement.getActor().equals(event.getActor())) {
            throw new MembershipRejectedException(MembershipRejectedException.Reason.UNSIGNED, "event "
                    + event.getSeq() + " of channel " + event.getChannelId()
                    + " does not say what its signed statement says");
        }
        return OpenedEvent.verified(event, null, new byte[0], "");
    }

    private static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String problem(Throwable error) {
        Throwable cause = cause(error);
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
