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

    /** A member of a channel; {@code clearance} as the server read it from their certificate at their last login. */
    record MemberView(String officer, String agency, String nation, String role, long sinceSeq, String clearance) {

        static MemberView of(Member member) {
            return new MemberView(member.getOfficerId(), member.getAgency(), member.getNation(),
                    roleName(member.getRole()), member.getSinceSeq(),
                    lowerCaseWithout(member.getClearance(), "CLASSIFICATION_"));
        }
    }

    /** A stored change of a channel: {@code add}, {@code remove}, {@code promote} or {@code archive}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChangeView(String channelId, String channel, String action, String officer, long seq) {
    }

    /**
     * Markings (docs/markings.md): {@code classification} and {@code precedence} as lower-case
     * words, {@code releasableTo} the nations (empty when {@code releasableToAll}), and the
     * {@code banner} as the text output shows it.
     */
    record MarkingsView(String classification, boolean releasableToAll, List<String> releasableTo,
                        String precedence, String banner) {

        static MarkingsView of(org.liaison.proto.v1.Markings markings) {
            return new MarkingsView(lowerCaseWithout(markings.getClassification(), "CLASSIFICATION_"),
                    markings.getReleasableToAll(), markings.getReleasableToList(),
                    lowerCaseWithout(markings.getPrecedence(), "PRECEDENCE_"),
                    org.liaison.markings.Markings.banner(markings));
        }

        static MarkingsView orNull(java.util.Optional<org.liaison.proto.v1.Markings> markings) {
            return markings.map(MarkingsView::of).orElse(null);
        }
    }

    /** A member or auditor who does not receive a marked message: {@code why} is {@code nation} or {@code clearance}. */
    record ExcludedView(String officer, String agency, String nation, String clearance, boolean auditor, String why) {

        static ExcludedView of(org.liaison.client.Delivery.Exclusion excluded) {
            return new ExcludedView(excluded.officerId(), excluded.agency(), excluded.nation(),
                    lowerCaseWithout(excluded.clearance(), "CLASSIFICATION_"), excluded.auditor(),
                    excluded.why() == org.liaison.client.Delivery.Why.NATION_NOT_RELEASABLE ? "nation" : "clearance");
        }
    }

    /** A message the server accepted; {@code notReceiving} lists who may not see its markings. */
    record SentView(String channelId, String channel, long seq, String messageId, boolean duplicate,
                    String serverTime, MarkingsView markings, int recipientDevices, List<ExcludedView> notReceiving,
                    List<String> warnings, List<String> auditedBy) {

        static SentView of(SentMessage sent, String channelName) {
            MessageAccepted accepted = sent.accepted();
            return new SentView(accepted.getChannelId(), channelName, accepted.getSeq(), accepted.getMessageId(),
                    accepted.getDuplicate(), Instant.ofEpochMilli(accepted.getServerTimeMs()).toString(),
                    MarkingsView.of(sent.markings()), sent.recipientDevices(),
                    sent.excluded().stream().map(ExcludedView::of).toList(), sent.warnings(), sent.auditedBy());
        }
    }

    /** {@code liaison ack}: this officer's acknowledgement of a FLASH message ({@code eventSeq}: the event saying so). */
    record FlashAcknowledgementView(String channelId, String channel, long seq, String acknowledged, boolean duplicate,
                                    long eventSeq) {
    }

    /** This device's cursors in a channel after an acknowledgement. */
    record CursorView(String channelId, String channel, long deliveredSeq, long readSeq) {

        static CursorView of(Acked acked, String channelName) {
            return new CursorView(acked.getChannelId(), channelName, acked.getDeliveredSeq(), acked.getReadSeq());
        }
    }

    /** How far a message got. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusView(String channelId, String channel, long seq, int recipients, int delivered, int read,
                      Boolean flash, Integer acknowledged, List<ReceiptView> receipts) {

        static StatusView of(MessageStatus status, String channelName) {
            return new StatusView(status.getChannelId(), channelName, status.getSeq(), status.getRecipients(),
                    status.getDelivered(), status.getRead(), status.getFlash() ? Boolean.TRUE : null,
                    status.getFlash() ? status.getAcknowledged() : null, status.getReceiptsList().stream()
                            .map(receipt -> new ReceiptView(receipt.getOfficerId(), receipt.getDelivered(),
                                    receipt.getRead(), receipt.getAcknowledgedMs() == 0 ? null
                                            : instant(receipt.getAcknowledgedMs())))
                            .toList());
        }
    }

    /** One officer's receipt of a message; for a FLASH message, when they acknowledged it (null: not yet). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReceiptView(String officer, boolean delivered, boolean read, String acknowledged) {
    }

    /**
     * The FLASH part of a {@code flash_acknowledged} event (the message's {@code messageSeq}) or a
     * {@code flash_escalated} one (also its sender, deadline and who had not acknowledged it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FlashView(long messageSeq, String sender, String deadline, List<String> pending) {

        static FlashView of(org.liaison.proto.v1.FlashEscalated escalated) {
            return new FlashView(escalated.getSeq(), escalated.getSender(), instant(escalated.getDeadlineMs()),
                    escalated.getPendingList());
        }
    }

    /** A page of history, oldest first; {@code more} when older events exist. */
    record HistoryView(String channelId, String channel, List<EventView> events, boolean more) {
    }

    /**
     * A channel event. {@code type} is {@code message}, {@code created},
     * {@code member_added}, {@code member_removed}, {@code member_promoted},
     * {@code archived}, {@code task} or {@code task_escalated} (both with a
     * {@code task} object), {@code flash_acknowledged} or {@code flash_escalated}
     * (both with a {@code flash} object); the fields that do not apply to it
     * are left out; {@code ahead} is true on an event pushed ahead of its
     * channel's order (FLASH, IMMEDIATE).
     * {@code verified} says whether this device verified it (signature,
     * sender, channel, membership); when false, {@code problem} says why and
     * a message has no {@code text}. {@code senderAgency} and
     * {@code senderNation} come from the sender's verified keys; {@code markings}
     * are the signed markings of a verified message or task content.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventView(String channelId, String channel, long seq, String time, String actor, String type,
                     boolean verified, String problem, String note,
                     String messageId, String senderDevice, String senderAgency, String senderNation,
                     String contentType, String text,
                     String officer, String role, String kind, String name, String purpose, TaskEventView task,
                     MarkingsView markings, FlashView flash, Boolean ahead) {

        EventView withMessage(String id, String device, String agency, String nation, String bodyType, String body) {
            return new EventView(channelId, channel, seq, time, actor, type, verified, problem, note, id, device,
                    agency, nation, bodyType, body, null, null, null, null, null, null, markings, flash,
                    ahead);
        }

        EventView withOfficer(String officerId, String memberRole) {
            return new EventView(channelId, channel, seq, time, actor, type, verified, problem, note, null, null,
                    null, null, null, null, officerId, memberRole, null, null, null, null, markings, flash,
                    ahead);
        }

        EventView withChannel(String channelKind, String channelName, String channelPurpose) {
            return new EventView(channelId, channel, seq, time, actor, type, verified, problem, note, null, null,
                    null, null, null, null, null, null, channelKind, channelName, channelPurpose, null, markings, flash,
                    ahead);
        }

        EventView withFlash(FlashView flashView) {
            return new EventView(channelId, channel, seq, time, actor, type, verified, problem, note, null, null,
                    null, null, null, null, null, null, null, null, null, null, markings, flashView, ahead);
        }

        EventView withTask(TaskEventView taskView) {
            return new EventView(channelId, channel, seq, time, actor, type, verified, problem, note, null, null,
                    null, null, null, null, null, null, null, null, null, taskView, markings, flash,
                    ahead);
        }
    }

    /**
     * The task part of a {@code task} or {@code task_escalated} event: the transition's action,
     * from and to states and metadata, and what was written with it when this device could read
     * it ({@code title}/{@code text}); for an escalation its {@code escalation} kind and deadline.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TaskEventView(String taskId, Long index, String action, String from, String to, String assignee,
                         String priority, String due, String ackBy, String title, String text,
                         String escalation, String deadline) {

        static TaskEventView of(org.liaison.proto.v1.TaskTransition transition,
                                java.util.Optional<org.liaison.client.TaskContent> content) {
            return new TaskEventView(transition.getTaskId(), transition.getIndex(),
                    org.liaison.client.crypto.TaskChain.actionName(transition.getAction()),
                    org.liaison.client.crypto.TaskChain.statusName(transition.getFrom()),
                    org.liaison.client.crypto.TaskChain.statusName(transition.getTo()), transition.getAssignee(),
                    TaskLines.priority(transition.getPriority()), instant(transition.getDueMs()),
                    instant(transition.getAckDeadlineMs()),
                    content.map(org.liaison.client.TaskContent::title).filter(t -> !t.isEmpty()).orElse(null),
                    content.map(org.liaison.client.TaskContent::description).filter(t -> !t.isEmpty()).orElse(null),
                    null, null);
        }

        static TaskEventView of(org.liaison.proto.v1.TaskEscalated escalated) {
            return new TaskEventView(escalated.getTaskId(), null, null, null,
                    org.liaison.client.crypto.TaskChain.statusName(escalated.getStatus()), escalated.getAssignee(),
                    null, null, null, null, null, lowerCaseWithout(escalated.getKind(), "ESCALATION_KIND_"),
                    instant(escalated.getDeadlineMs()));
        }
    }

    /** A task change the server accepted. */
    record TaskAcceptedView(String taskId, String action, long index, String status, String channelId, long seq) {
    }

    /**
     * One task of {@code task list}; {@code title} when readable here, {@code verified} for its whole
     * history, {@code markings} those of its verified creation.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TaskSummaryView(String taskId, String channelId, String status, String assignee, String createdBy,
                           String priority, String due, String ackBy, String created, String updated, long lastIndex,
                           boolean overdue, String title, boolean verified, MarkingsView markings) {

        static TaskSummaryView of(org.liaison.client.TaskView view) {
            return of(view.summary(), view.title().orElse(null), view.isVerified(), view.markings());
        }

        static TaskSummaryView of(org.liaison.proto.v1.TaskSummary summary, String title, boolean verified,
                                  java.util.Optional<org.liaison.proto.v1.Markings> markings) {
            return new TaskSummaryView(summary.getTaskId(), summary.getChannelId(),
                    org.liaison.client.crypto.TaskChain.statusName(summary.getStatus()), summary.getAssignee(),
                    summary.getCreatedBy(), TaskLines.priority(summary.getPriority()), instant(summary.getDueMs()),
                    instant(summary.getAckDeadlineMs()), instant(summary.getCreatedMs()),
                    instant(summary.getUpdatedMs()), summary.getLastIndex(), summary.getOverdue(), title, verified,
                    MarkingsView.orNull(markings));
        }
    }

    /** {@code task show}: the task, whether its whole history verified, its steps and escalations. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TaskDetailView(TaskSummaryView task, MarkingsView markings, String description, List<TaskStepView> history,
                          List<TaskEventView> escalations) {

        static TaskDetailView of(org.liaison.client.TaskView view) {
            List<TaskStepView> steps = view.steps().stream().map(step -> new TaskStepView(
                    step.transition().map(t -> Instant.ofEpochMilli(t.getTimeMs()).toString()).orElse(null),
                    step.transition().map(org.liaison.proto.v1.TaskTransition::getActor).orElse(null),
                    step.opened().sender().map(org.liaison.client.crypto.VerifiedBundle::agency).orElse(null),
                    step.opened().sender().map(org.liaison.client.crypto.VerifiedBundle::nation).orElse(null),
                    step.verified(), step.verified() ? null : step.problem(),
                    step.transition().map(t -> TaskEventView.of(t, step.verified() ? step.content()
                            : java.util.Optional.empty())).orElse(null),
                    MarkingsView.orNull(step.opened().markings()))).toList();
            return new TaskDetailView(TaskSummaryView.of(view),
                    MarkingsView.orNull(view.markings()),
                    view.description().filter(text -> !text.isEmpty()).orElse(null), steps,
                    view.escalations().stream().map(TaskEventView::of).toList());
        }
    }

    /** One step of a task's history: who, when, whether it verified (else why not), and what it did. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TaskStepView(String time, String actor, String actorAgency, String actorNation, boolean verified,
                        String problem, TaskEventView transition, MarkingsView markings) {
    }

    /** An ISO-8601 instant, or null for 0 (none). */
    static String instant(long epochMs) {
        return epochMs == 0 ? null : Instant.ofEpochMilli(epochMs).toString();
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
