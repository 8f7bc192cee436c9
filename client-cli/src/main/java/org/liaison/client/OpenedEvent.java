package org.liaison.client;

import java.util.Objects;
import java.util.Optional;
import org.liaison.client.crypto.CryptoException;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.ChannelEvent;

/**
 * A channel event as this device verified it.
 *
 * <ul>
 *   <li>{@link Verdict#VERIFIED}: a message whose signature, sender, channel, membership and
 *       ciphertext all check out ({@link #plaintext()} holds the body, {@link #sender()} the
 *       sending device's verified identity), or a membership change backed by a verified signed
 *       statement.</li>
 *   <li>{@link Verdict#NOT_FOR_THIS_DEVICE}: a verified message that was not encrypted for this
 *       device (it was sent before the device had published keys): no plaintext.</li>
 *   <li>{@link Verdict#REJECTED}: something failed; {@link #problem()} says what (e.g.
 *       "forged sender: …"). A rejected message has no plaintext: show it as rejected, never
 *       drop it silently and never show it as trusted.</li>
 * </ul>
 *
 * @param event     the event as the server delivered it
 * @param verdict   whether it verified
 * @param sender    for a verified message: the sending device's verified bundle (officer, agency, nation)
 * @param plaintext for a verified message: the decrypted body (empty otherwise)
 * @param problem   for a rejected event: what failed, safe to show (empty otherwise)
 * @param note      something to show beside a verified event (e.g. membership not checkable), or empty
 * @param rejection for an event rejected by a cryptographic check: the refusal, whose type and
 *                  {@code reason()} say which check failed
 *                  ({@link org.liaison.client.crypto.EnvelopeRejectedException},
 *                  {@link org.liaison.client.crypto.MembershipRejectedException}); empty
 *                  otherwise (also when the event could not be checked, e.g. the connection failed)
 */
public record OpenedEvent(ChannelEvent event, Verdict verdict, Optional<VerifiedBundle> sender, byte[] plaintext,
                          String problem, String note, Optional<CryptoException> rejection) {

    /** Whether an event verified. */
    public enum Verdict {
        VERIFIED,
        /** Genuinely from its verified sender, but not encrypted for this device (e.g. sent before it had keys). */
        NOT_FOR_THIS_DEVICE,
        REJECTED
    }

    public OpenedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(sender, "sender");
        plaintext = Objects.requireNonNull(plaintext, "plaintext").clone();
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(rejection, "rejection");
    }

    /** An event as verified, without a cryptographic refusal attached. */
    public OpenedEvent(ChannelEvent event, Verdict verdict, Optional<VerifiedBundle> sender, byte[] plaintext,
                       String problem, String note) {
        this(event, verdict, sender, plaintext, problem, note, Optional.empty());
    }

    static OpenedEvent verified(ChannelEvent event, VerifiedBundle sender, byte[] plaintext, String note) {
        return new OpenedEvent(event, Verdict.VERIFIED, Optional.ofNullable(sender), plaintext, "", note);
    }

    /** An event only the server vouches for (an escalation, a FLASH acknowledgement): signed by no officer. */
    static OpenedEvent serverReported(ChannelEvent event) {
        return verified(event, null, new byte[0], "reported by the server, signed by no officer");
    }

    static OpenedEvent notForThisDevice(ChannelEvent event, VerifiedBundle sender) {
        return new OpenedEvent(event, Verdict.NOT_FOR_THIS_DEVICE, Optional.of(sender), new byte[0], "",
                "not encrypted for this device");
    }

    static OpenedEvent rejected(ChannelEvent event, String problem, CryptoException rejection) {
        return new OpenedEvent(event, Verdict.REJECTED, Optional.empty(), new byte[0], problem, "",
                Optional.ofNullable(rejection));
    }

    /** Whether the event verified (a message may still be {@linkplain Verdict#NOT_FOR_THIS_DEVICE unreadable here}). */
    public boolean isVerified() {
        return verdict != Verdict.REJECTED;
    }

    /** Whether this is a verified message decrypted on this device. */
    public boolean isReadable() {
        return verdict == Verdict.VERIFIED && (event.hasMessage() || event.getTask().hasContent());
    }

    /**
     * The signed markings of a verified message or of the content sent with a verified task step
     * (docs/markings.md); empty for a rejected event, a membership change, or a task step without
     * content.
     */
    public Optional<org.liaison.proto.v1.Markings> markings() {
        if (!isVerified()) {
            return Optional.empty();
        }
        org.liaison.proto.v1.EnvelopeHeader header = event.hasMessage() ? event.getMessage().getHeader()
                : event.hasTask() && event.getTask().hasContent() ? event.getTask().getContent().getHeader() : null;
        return header != null && header.hasMarkings() ? Optional.of(header.getMarkings()) : Optional.empty();
    }

    /** The content type of what was decrypted: a message's, or the content sent with a task transition. */
    public String contentType() {
        return event.hasMessage() ? event.getMessage().getHeader().getContentType()
                : event.getTask().getContent().getHeader().getContentType();
    }

    /** A copy of the decrypted body (empty unless a verified message). */
    @Override
    public byte[] plaintext() {
        return plaintext.clone();
    }

    /** The body as text, for a verified text message or task content; else a placeholder naming the content type. */
    public String text() {
        String contentType = contentType();
        if (PlainTextBody.isText(contentType)) {
            return new String(plaintext, java.nio.charset.StandardCharsets.UTF_8);
        }
        return "[" + (contentType.isBlank() ? "no content type" : contentType) + ", " + plaintext.length + " bytes]";
    }
}
