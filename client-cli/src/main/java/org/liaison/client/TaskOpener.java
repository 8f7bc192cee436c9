package org.liaison.client;

import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.CryptoException;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.EnvelopeCrypto;
import org.liaison.client.crypto.Envelopes;
import org.liaison.client.crypto.SealedMessage;
import org.liaison.client.crypto.TaskChain;
import org.liaison.client.crypto.TaskRejectedException;
import org.liaison.client.crypto.TaskRejectedException.Reason;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.client.crypto.VerifiedTransition;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.proto.v1.TaskUpdate;

/**
 * Verifies and decrypts the task events of a channel, one at a time (the {@code task} events of
 * {@code listen} and {@code history}, and each step of a task's history).
 *
 * <p>A {@code task} event verifies when its transition's signature verifies with the acting
 * device's bundle, itself verified against our trusted agency CAs (see
 * {@link TaskChain#verifySignature}), the transition names the channel the event arrived in, and
 * the content sent with it, if any, is the one it signed: its body's SHA-256 is the transition's
 * {@code content_digest}, its header names the task's channel, the id {@code <task>.<index>} and
 * the acting device as sender, and the envelope's own signature verifies with that device's key.
 * The content's signed markings must be well-formed, and its signer and this device's officer must
 * be allowed to see them ({@code NOT_RELEASABLE}; {@link MessageOpener} checks every recipient).
 * Then the content is decrypted for this device. Where the transition stands in its task's chain
 * is checked by {@link Tasks#get}, which has the whole chain.
 *
 * <p>A {@code task_escalated} event is the server's statement, signed by no officer: it is shown
 * as verified with a note saying so.
 */
public final class TaskOpener {

    private final BundleVerifier verifier;
    private final DeviceCredentials device;
    private final Clock clock;
    private final EnvelopeCrypto crypto = new EnvelopeCrypto();
    private volatile VerifiedBundle own;

    /** An opener for {@code device}, verifying signers with {@code verifier} at {@code clock}'s time. */
    public TaskOpener(BundleVerifier verifier, DeviceCredentials device, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.device = Objects.requireNonNull(device, "device");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code event} is one this opener handles. */
    public static boolean handles(ChannelEvent event) {
        return event.hasTask() || event.hasTaskEscalated();
    }

    /** Verifies (and decrypts the content of) a task event; never throws: problems make a rejected event. */
    public OpenedEvent open(ChannelEvent event) {
        Objects.requireNonNull(event, "event");
        if (event.hasTaskEscalated()) {
            return OpenedEvent.serverReported(event);
        }
        if (!event.hasTask()) {
            return OpenedEvent.rejected(event, "not a task event", null);
        }
        try {
            return openUpdate(event);
        } catch (CryptoException e) {
            return OpenedEvent.rejected(event, e.getMessage(), e);
        } catch (RuntimeException e) {
            return OpenedEvent.rejected(event, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    null);
        }
    }

    private OpenedEvent openUpdate(ChannelEvent event) {
        TaskUpdate update = event.getTask();
        if (!update.hasTransition()) {
            throw new TaskRejectedException(Reason.UNSIGNED, -1, "event " + event.getSeq() + " of channel "
                    + event.getChannelId() + " carries no signed transition");
        }
        VerifiedTransition verified = TaskChain.verifySignature(update.getTransition(), verifier, clock.instant());
        TaskTransition transition = verified.transition();
        if (!transition.getChannelId().equals(event.getChannelId())) {
            throw new TaskRejectedException(Reason.WRONG_TASK, transition.getIndex(), "transition "
                    + transition.getIndex() + " of task " + transition.getTaskId() + " was signed for channel "
                    + transition.getChannelId() + " but arrived in " + event.getChannelId());
        }
        if (!update.hasContent()) {
            if (!transition.getContentDigest().isEmpty()) {
                throw new TaskRejectedException(Reason.CONTENT_MISMATCH, transition.getIndex(), "transition "
                        + transition.getIndex() + " of task " + transition.getTaskId()
                        + " names content that did not come with it");
            }
            return OpenedEvent.verified(event, verified.signer(), new byte[0], "");
        }
        Envelope content = update.getContent();
        checkContent(transition, content);
        EnvelopeHeader header = content.getHeader();
        SealedMessage sealed = Envelopes.fromProto(content);
        crypto.verify(sealed, header, verified.signer());
        ReleasabilityCheck.check(header, verified.signer(), sealed.recipients(), ownBundle()
                .map(own -> java.util.Map.of(own.officerId(), java.util.List.of(own)))
                .orElse(java.util.Map.of()));
        if (!sealed.recipients().contains(device.recipient())) {
            return OpenedEvent.notForThisDevice(event, verified.signer());
        }
        byte[] plaintext = crypto.open(sealed, header, device.officerId(), device.deviceId(), device.keys(),
                verified.signer());
        return OpenedEvent.verified(event, verified.signer(), plaintext, "");
    }

    /** This device's own bundle as verified (its officer's nation and clearance), if it verifies. */
    private java.util.Optional<VerifiedBundle> ownBundle() {
        VerifiedBundle own = this.own;
        if (own == null) {
            try {
                own = verifier.verify(device.bundle(), clock.instant());
            } catch (CryptoException e) {
                return java.util.Optional.empty();
            }
            this.own = own;
        }
        return java.util.Optional.of(own);
    }

    /** The content is the one the transition signed, for this task's step, by the same device. */
    static void checkContent(TaskTransition transition, Envelope content) {
        String where = "the content of transition " + transition.getIndex() + " of task " + transition.getTaskId();
        if (!Arrays.equals(TaskChain.contentDigest(content), transition.getContentDigest().toByteArray())) {
            throw new TaskRejectedException(Reason.CONTENT_MISMATCH, transition.getIndex(), where
                    + " is not the one it signed (digest differs)");
        }
        EnvelopeHeader header = content.getHeader();
        String expectedId = TaskChain.contentId(transition.getTaskId(), transition.getIndex());
        if (!header.getChannelId().equals(transition.getChannelId()) || !header.getMessageId().equals(expectedId)) {
            throw new TaskRejectedException(Reason.CONTENT_MISMATCH, transition.getIndex(), where + " is labelled '"
                    + header.getMessageId() + "' in channel " + header.getChannelId() + " instead of '" + expectedId
                    + "' in " + transition.getChannelId());
        }
        if (!header.getSender().equals(transition.getActor())
                || !header.getSenderDevice().equals(transition.getActorDevice())) {
            throw new TaskRejectedException(Reason.CONTENT_MISMATCH, transition.getIndex(), where + " was sealed by "
                    + header.getSender() + "/" + header.getSenderDevice() + ", not by the transition's actor");
        }
    }
}
