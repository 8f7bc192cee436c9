package org.liaison.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import com.google.protobuf.InvalidProtocolBufferException;
import org.liaison.client.TaskContent;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.client.OpenedEvent;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.MemberRole;

/**
 * How the CLI shows one channel event: a line for people,
 * {@code [<channel> #<seq> <HH:mm:ss>] <what happened>}, a message or a task
 * step with content showing its signed markings as a banner first
 * ({@code [ops #5 14:02:11] [RESTRICTED // REL FR, MA // FLASH] fr-pn.claire.martin (fr-pn, FR): …}), or a
 * {@link JsonViews.EventView} for scripts. Used by {@code listen} and
 * {@code history}, so both show events the same way.
 *
 * <p>Text is printed exactly as sent (any script, right-to-left included),
 * except that control characters other than tab are shown as {@code \xNN}
 * escapes, so that a message cannot rewrite the reader's terminal, and the
 * lines of a multi-line message are indented under its first.
 */
final class EventFormatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final String CONTINUATION = "\n    ";

    private final ZoneId zone;
    private final TaskLines tasks;

    /** Shows times in {@code zone}. */
    EventFormatter(ZoneId zone) {
        this.zone = zone;
        this.tasks = new TaskLines(zone);
    }

    /**
     * The event as one entry of text output (one line unless a message has
     * several). A verified message shows its sender's verified identity,
     * {@code officer (agency, nation)}; anything that failed verification
     * is marked {@code !! REJECTED} with the reason, and a rejected message
     * shows no text.
     */
    String line(OpenedEvent opened, String channelName) {
        ChannelEvent event = opened.event();
        String time = TIME.format(Instant.ofEpochMilli(event.getTimeMs()).atZone(zone));
        String prefix = "[" + printable(channelName) + " #" + event.getSeq() + " " + time + "] ";
        String note = opened.note().isEmpty() ? "" : "  (" + printable(opened.note()) + ")";
        if (!opened.isVerified()) {
            return prefix + "!! REJECTED " + (event.hasMessage() ? "message claiming to be from "
                    + printable(actor(event)) : describe(event, "")) + ": " + printable(opened.problem());
        }
        String banner = banner(opened.markings());
        if (event.hasMessage()) {
            VerifiedBundle sender = opened.sender().orElseThrow();
            String from = banner + printable(sender.officerId()) + " (" + printable(sender.agency()) + ", "
                    + printable(sender.nation()) + "): ";
            return opened.verdict() == OpenedEvent.Verdict.NOT_FOR_THIS_DEVICE
                    ? prefix + from + "[not encrypted for this device: sent before it published its keys]"
                    : prefix + from + printableLines(opened.text()) + note;
        }
        if (event.hasTask()) {
            String by = opened.sender().map(sender -> printable(sender.officerId()) + " (" + printable(sender.agency())
                    + ", " + printable(sender.nation()) + ") ").orElse(printable(actor(event)) + " ");
            Optional<TaskContent> content = opened.isReadable()
                    ? TaskContent.decode(opened.contentType(), opened.plaintext()) : Optional.empty();
            String unreadable = opened.verdict() == OpenedEvent.Verdict.NOT_FOR_THIS_DEVICE
                    ? "  [content not encrypted for this device]" : "";
            return prefix + banner + by + transition(event).map(transition -> tasks.transition(transition, content))
                    .orElse("changed a task") + unreadable + note;
        }
        return prefix + describe(event, "") + note;
    }

    /** A marking as the CLI shows it: {@code [RESTRICTED // REL FR, MA // FLASH]} (ROUTINE left out). */
    static String banner(org.liaison.proto.v1.Markings markings) {
        return "[" + printable(org.liaison.markings.Markings.banner(markings)) + "]";
    }

    /** The banner and a space, or nothing when there are no markings to show. */
    static String banner(Optional<org.liaison.proto.v1.Markings> markings) {
        return markings.map(marking -> banner(marking) + " ").orElse("");
    }

    /** What happened, without the channel, sequence and time prefix; a message shows {@code text}. */
    String describe(ChannelEvent event, String text) {
        String actor = printable(actor(event));
        return switch (event.getKindCase()) {
            case MESSAGE -> actor + ": " + printableLines(text);
            case CREATED -> event.getCreated().getKind() == ChannelKind.CHANNEL_KIND_DIRECT
                    ? actor + " opened the direct channel"
                    : actor + " created the channel " + printable(event.getCreated().getName())
                            + (event.getCreated().getPurpose().isEmpty()
                                    ? "" : " (" + printable(event.getCreated().getPurpose()) + ")");
            case MEMBER_ADDED -> actor + " added " + printable(event.getMemberAdded().getOfficerId())
                    + (event.getMemberAdded().getRole() == MemberRole.MEMBER_ROLE_SUPERVISOR ? " as supervisor" : "");
            case MEMBER_REMOVED -> event.getMemberRemoved().getOfficerId().equals(actor(event))
                    ? actor + " left"
                    : actor + " removed " + printable(event.getMemberRemoved().getOfficerId());
            case MEMBER_PROMOTED -> actor + " promoted " + printable(event.getMemberPromoted().getOfficerId())
                    + " to supervisor";
            case ARCHIVED -> actor + " archived the channel";
            case TASK -> actor + " " + transition(event).map(transition -> tasks.transition(transition,
                    Optional.empty())).orElse("changed a task");
            case TASK_ESCALATED -> tasks.escalation(event.getTaskEscalated());
            case FLASH_ACKNOWLEDGED -> actor + " acknowledged FLASH #" + event.getFlashAcknowledged().getSeq();
            case FLASH_ESCALATED -> "!! ESCALATION FLASH #" + event.getFlashEscalated().getSeq() + " from "
                    + printable(event.getFlashEscalated().getSender()) + " not acknowledged by its deadline "
                    + TIME.format(Instant.ofEpochMilli(event.getFlashEscalated().getDeadlineMs()).atZone(zone))
                    + " (pending " + printable(String.join(", ", event.getFlashEscalated().getPendingList())) + ")";
            case KIND_NOT_SET -> actor + " did something this client does not know";
        };
    }

    /**
     * The event as one JSON object; {@code text} is the decrypted message
     * text exactly as sent, present only when the message verified.
     */
    JsonViews.EventView view(OpenedEvent opened, String channelName) {
        ChannelEvent event = opened.event();
        JsonViews.EventView base = new JsonViews.EventView(event.getChannelId(), channelName, event.getSeq(),
                Instant.ofEpochMilli(event.getTimeMs()).toString(), actor(event), type(event), opened.isVerified(),
                opened.isVerified() ? null : opened.problem(), opened.note().isEmpty() ? null : opened.note(),
                null, null, null, null, null, null, null, null, null, null, null, null,
                JsonViews.MarkingsView.orNull(opened.markings()), null, event.getAhead() ? Boolean.TRUE : null);
        return switch (event.getKindCase()) {
            case MESSAGE -> {
                Envelope message = event.getMessage();
                yield base.withMessage(message.getHeader().getMessageId(), message.getHeader().getSenderDevice(),
                        opened.sender().map(VerifiedBundle::agency).orElse(null),
                        opened.sender().map(VerifiedBundle::nation).orElse(null),
                        message.getHeader().getContentType(),
                        opened.verdict() == OpenedEvent.Verdict.VERIFIED ? opened.text() : null);
            }
            case CREATED -> base.withChannel(JsonViews.kindName(event.getCreated().getKind()),
                    event.getCreated().getName(), event.getCreated().getPurpose());
            case MEMBER_ADDED -> base.withOfficer(event.getMemberAdded().getOfficerId(),
                    JsonViews.roleName(event.getMemberAdded().getRole()));
            case MEMBER_REMOVED -> base.withOfficer(event.getMemberRemoved().getOfficerId(), null);
            case MEMBER_PROMOTED -> base.withOfficer(event.getMemberPromoted().getOfficerId(), "supervisor");
            case TASK -> base.withTask(transition(event).map(transition -> JsonViews.TaskEventView.of(transition,
                    opened.isReadable() ? TaskContent.decode(opened.contentType(), opened.plaintext())
                            : Optional.empty())).orElse(null));
            case TASK_ESCALATED -> base.withTask(JsonViews.TaskEventView.of(event.getTaskEscalated()));
            case FLASH_ACKNOWLEDGED -> base.withFlash(new JsonViews.FlashView(event.getFlashAcknowledged().getSeq(),
                    null, null, null));
            case FLASH_ESCALATED -> base.withFlash(JsonViews.FlashView.of(event.getFlashEscalated()));
            case ARCHIVED, KIND_NOT_SET -> base;
        };
    }

    /** The event type as JSON names it: {@code message}, {@code member_added}… */
    static String type(ChannelEvent event) {
        return event.getKindCase() == ChannelEvent.KindCase.KIND_NOT_SET
                ? "unknown"
                : event.getKindCase().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Multi-line text with each line {@linkplain #printable printable} and
     * the lines after the first indented, so every event starts a line.
     */
    static String printableLines(String text) {
        String[] lines = text.split("\r?\n", -1);
        StringBuilder out = new StringBuilder(printable(lines[0]));
        for (int i = 1; i < lines.length; i++) {
            out.append(CONTINUATION).append(printable(lines[i]));
        }
        return out.toString();
    }

    /**
     * {@code text} with every control character except tab shown as a
     * {@code \xNN} escape (line breaks and carriage returns too, so a name or
     * message cannot forge or overwrite a line). Letters, marks and the bidi
     * formatting characters of right-to-left text are kept as they are.
     */
    static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
            if (control && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (control) {
                out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** The transition a task event carries, when it parses. */
    static Optional<TaskTransition> transition(ChannelEvent event) {
        try {
            return Optional.of(TaskTransition.parseFrom(event.getTask().getTransition().getTransition()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    private static String actor(ChannelEvent event) {
        if (!event.getActor().isEmpty() || !event.hasMessage()) {
            return event.getActor();
        }
        return event.getMessage().getHeader().getSender();
    }
}
