package org.liaison.client.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.EnvelopeHeader;

/**
 * The canonical bytes of an envelope header and its recipient list: the associated data of the
 * body and of every content-key wrap, and the first part of what the sender signs. It is a fixed,
 * deterministic encoding, independent of protobuf (whose serialization is not canonical), so the
 * same header and recipient set always give the same bytes in any implementation.
 *
 * <p>Version 2 (all integers big-endian; {@code str(s)} is {@code u32 length || UTF-8 bytes of s},
 * and text that is not well-formed Unicode is refused):
 * <pre>
 *   "liaison-envelope-header-v2" 0x00        26 ASCII bytes and a zero byte: domain and version
 *   str(message_id)
 *   str(channel_id)
 *   str(sender)
 *   str(sender_device)
 *   i64(sent_ms)                              8 bytes, two's complement
 *   str(content_type)
 *   i64(membership_index)                     index of the membership statement the recipients follow
 *   u32(classification)                       the markings (docs/markings.md): enum number, 1-4
 *   u32(precedence)                           enum number, 1-4
 *   u32(releasable_to_all)                    1 or 0
 *   u32(k)  k times: str(nation)              releasable_to as it travels (canonical: sorted, unique)
 *   u32(n)                                    number of recipient devices
 *   n times: str(officer_id) str(device_id)   sorted by officer id then device id, each compared
 *                                             as unsigned UTF-8 bytes; no duplicates
 * </pre>
 * The markings are part of it (version 2), so the server can neither strip nor change them: the
 * signature and every AEAD tag would fail. A header without markings, or with markings that are
 * not well-formed ({@link Markings#problem}), has no canonical form and is refused. A header field
 * added to the protocol later must be appended here under a new version label, or the server could
 * change it unnoticed.
 */
public final class CanonicalHeader {

    /** Domain separation label of format version 2 (followed by one zero byte). */
    public static final String LABEL = "liaison-envelope-header-v2";

    private CanonicalHeader() {
    }

    /**
     * The canonical bytes of {@code header} with {@code recipients} (in any order).
     *
     * @throws IllegalArgumentException if a recipient appears twice, a text field is not well-formed
     *         Unicode, or the markings are missing or not well-formed
     */
    public static byte[] encode(EnvelopeHeader header, Collection<Recipient> recipients) {
        Objects.requireNonNull(header, "header");
        if (!header.hasMarkings()) {
            throw new IllegalArgumentException("the header carries no markings");
        }
        org.liaison.proto.v1.Markings markings = header.getMarkings();
        Markings.problem(markings).ifPresent(problem -> {
            throw new IllegalArgumentException("the header's markings are not well-formed: " + problem);
        });
        List<Recipient> sorted = sorted(recipients);
        CanonicalWriter out = CanonicalWriter.inMemory()
                .raw(CanonicalWriter.utf8(LABEL)).raw(new byte[] {0})
                .text(header.getMessageId())
                .text(header.getChannelId())
                .text(header.getSender())
                .text(header.getSenderDevice())
                .i64(header.getSentMs())
                .text(header.getContentType())
                .i64(header.getMembershipIndex())
                .u32(markings.getClassificationValue())
                .u32(markings.getPrecedenceValue())
                .u32(markings.getReleasableToAll() ? 1 : 0)
                .u32(markings.getReleasableToCount());
        for (String nation : markings.getReleasableToList()) {
            out.text(nation);
        }
        out.u32(sorted.size());
        for (Recipient recipient : sorted) {
            out.text(recipient.officerId()).text(recipient.deviceId());
        }
        return out.toByteArray();
    }

    /** {@code recipients} in canonical order; refuses duplicates. */
    static List<Recipient> sorted(Collection<Recipient> recipients) {
        List<Recipient> sorted = new ArrayList<>(Objects.requireNonNull(recipients, "recipients"));
        sorted.sort(null);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).compareTo(sorted.get(i - 1)) == 0) {
                throw new IllegalArgumentException("recipient " + sorted.get(i) + " appears twice");
            }
        }
        return sorted;
    }
}
