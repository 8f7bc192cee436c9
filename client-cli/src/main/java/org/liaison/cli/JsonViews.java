package org.liaison.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.liaison.client.SentMessage;
import java.util.Locale;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.MemberRole;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.proto.v1.MessageStatus;

/**
 * The JSON shapes of the channel and message verbs' {@code --json} output.
 * Enumerations are lower-case words ({@code group}, {@code supervisor}),
 * times ISO-8601 instants, sequence numbers plain numbers.
 */
final class JsonViews {

    private JsonViews() {
    }

    /** A channel; {@code name} is the display name (for a direct channel, the other officer's id). */
    record ChannelView(String id, String kind, String name, String purpose, String createdBy, String created,
                       boolean archived, long lastSeq, int memberCount, String myRole) {

        static ChannelView of(ChannelInfo channel, String displayName) {
            return new ChannelView(channel.getChannelId(), kindName(channel.getKind()), displayName,
                    channel.getPurpose(), channel.getCreatedBy(),
                    Instant.ofEpochMilli(channel.getCreatedMs()).toString(), channel.getArchived(),
                    channel.getLastSeq(), channel.getMemberCount(), roleName(channel.getMyRole()));
        }
    }

    /** A member of a channel. */
    record MemberView(String officer, String agency, String nation, String role, long sinceSeq) {

        static MemberView of(Member member) {
            return new MemberView(member.getOfficerId(), member.getAgency(), member.getNation(),
                    roleName(member.getRole()), member.getSinceSeq());
        }
    }

    /** A stored change of a channel: {@code add}, {@code remove}, {@code promote} or {@code archive}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChangeView(String channelId, String channel, String action, String officer, long seq) {
    }

    /** A message the server accepted. */
    record SentView(String channelId, String channel, long seq, String messageId, boolean duplicate,
                    String serverTime, int recipientDevices, List<String> warnings) {

        static SentView of(SentMessage sent, String channelName) {
            MessageAccepted accepted = sent.accepted();
            return new SentView(accepted.getChannelId(), channelName, accepted.getSeq(), accepted.getMessageId(),
                    accepted.getDuplicate(), Instant.ofEpochMilli(accepted.getServerTimeMs()).toString(),
                    sent.recipientDevices(), sent.warnings());
        }
    }

    /** This device's cursors in a channel after an acknowledgement. */
    record CursorView(String channelId, String channel, long deliveredSeq, long readSeq) {

        static CursorView of(Acked acked, String channelName) {
            return new CursorView(acked.getChannelId(), channelName, acked.getDeliveredSeq(), acked.getReadSeq());
        }
    }

    /** How far a message got. */
    record StatusView(String channelId, String channel, long seq, int recipients, int delivered, int read,
                      List<ReceiptView> receipts) {

        static StatusView of(MessageStatus status, String channelName) {
            return new StatusView(status.getChannelId(), channelName, status.getSeq(), status.getRecipients(),
                    status.getDelivered(), status.getRead(), status.getReceiptsList().stream()
                            .map(receipt -> new ReceiptView(receipt.getOfficerId(), receipt.getDelivered(),
                                    receipt.getRead()))
                            .toList());
        }
    }

    /** One officer's receipt of a message. */
    record ReceiptView(String officer, boolean delivered, boolean read) {
    }

    /** A page of history, oldest first; {@code more} when older events exist. */
    record HistoryView(String channelId, String channel, List<EventView> events, boolean more) {
    }

    /**
     * A channel event. {@code type} is {@code message}, {@code created},
     * {@code member_added}, {@code member_removed}, {@code member_promoted}
     * or {@code archived}; the fields that do not apply to it are left out.
     * {@code verified} says whether this device verified it (signature,
     * sender, channel, membership); when false, {@code problem} says why and
     * a message has no {@code text}. {@code senderAgency} and
     * {@code senderNation} come from the sender's verified keys.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventView(String channelId, String channel, long seq, String time, String actor, String type,
                     boolean verified, String problem, String note,
                     String messageId, String senderDevice, String senderAgency, String senderNation,
                     String contentType, String text,
                     String officer, String role, String kind, String name, String purpose) {

        EventView withMessage(String id, String device, String agency, String nation, String bodyType, String body) {
            return new EventView(channelId, channel, seq, time, actor, type, verified, problem, note, id, device,
                    agency, nation, bodyType, body, null, null, null, null, null);
        }

        EventView withOfficer(String officerId, String memberRole) {
            return new EventView(channelId, channel, seq, time, actor, type, verified, problem, note, null, null,
                    null, null, null, null, officerId, memberRole, null, null, null);
        }

        EventView withChannel(String channelKind, String channelName, String channelPurpose) {
            return new EventView(channelId, channel, seq, time, actor, type, verified, problem, note, null, null,
                    null, null, null, null, null, null, channelKind, channelName, channelPurpose);
        }
    }

    /** {@code group}, {@code direct}, {@code unspecified} or {@code unrecognized}. */
    static String kindName(ChannelKind kind) {
        return lowerCaseWithout(kind, "CHANNEL_KIND_");
    }

    /** {@code member}, {@code supervisor}, {@code unspecified} or {@code unrecognized}. */
    static String roleName(MemberRole role) {
        return lowerCaseWithout(role, "MEMBER_ROLE_");
    }

    private static String lowerCaseWithout(Enum<?> value, String prefix) {
        String name = value.name();
        return (name.startsWith(prefix) ? name.substring(prefix.length()) : name).toLowerCase(Locale.ROOT);
    }
}
