package org.liaison.client;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.liaison.client.crypto.EnvelopeRejectedException;
import org.liaison.client.crypto.EnvelopeRejectedException.Reason;
import org.liaison.client.crypto.Recipient;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.EnvelopeHeader;

/**
 * The receiving side of markings (docs/markings.md): a verified envelope whose sender or any of
 * whose recipients may not see its markings, by their verified certificates' nation and clearance,
 * is refused ({@code NOT_RELEASABLE}): an honest sender never seals for them, an honest server
 * never stores it, so it is a sign that one of them did not play by the rules.
 */
final class ReleasabilityCheck {

    private ReleasabilityCheck() {
    }

    /**
     * Checks the signed markings of {@code header} against the sender and every recipient.
     *
     * @param byOfficer verified bundles of the recipients' officers; a recipient device without one
     *                  is judged by another verified device of its officer, and one whose officer has
     *                  none cannot be judged here (the server's check still applies)
     * @throws EnvelopeRejectedException NOT_RELEASABLE naming the first officer who may not see it
     */
    static void check(EnvelopeHeader header, VerifiedBundle sender, Collection<Recipient> recipients,
                      Map<String, List<VerifiedBundle>> byOfficer) {
        org.liaison.proto.v1.Markings markings = header.getMarkings();
        if (!sender.maySee(markings)) {
            throw refusal(header, "its sender " + sender.officerId(), sender);
        }
        for (Recipient recipient : recipients) {
            Optional<VerifiedBundle> bundle = bundleOf(recipient, byOfficer.getOrDefault(recipient.officerId(),
                    List.of()));
            if (bundle.isPresent() && !bundle.get().maySee(markings)) {
                throw refusal(header, "recipient " + recipient, bundle.get());
            }
        }
    }

    private static Optional<VerifiedBundle> bundleOf(Recipient recipient, List<VerifiedBundle> devices) {
        return devices.stream().filter(device -> device.recipient().equals(recipient)).findFirst()
                .or(() -> devices.stream().findFirst());
    }

    private static EnvelopeRejectedException refusal(EnvelopeHeader header, String who, VerifiedBundle bundle) {
        return new EnvelopeRejectedException(Reason.NOT_RELEASABLE, "message '" + header.getMessageId() + "' is marked "
                + Markings.banner(header.getMarkings()) + " but was sealed for " + who + " (" + bundle.nation()
                + ", cleared " + Markings.name(bundle.clearance()) + "), who may not see it: "
                + Delivery.why(bundle, header.getMarkings()).description());
    }
}
