package org.liaison.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.liaison.client.OpenedEvent;
import org.liaison.client.TaskContent;
import org.liaison.client.TaskView;
import org.liaison.proto.v1.TaskSummary;
import org.liaison.client.crypto.TaskChain;
import org.liaison.proto.v1.EscalationKind;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskEscalated;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskTransition;

/**
 * How the CLI words a task transition or escalation, for {@code listen}, {@code history} and
 * {@code task show}: {@code claire.martin assigned task t-… to karim.benali: "Sweep gate 4"}.
 * Everything a person wrote goes through {@link EventFormatter#printable}.
 */
final class TaskLines {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final ZoneId zone;

    TaskLines(ZoneId zone) {
        this.zone = zone;
    }

    /** What the transition did, without who did it: {@code acknowledged task t-… (assigned -> acknowledged)}. */
    String transition(TaskTransition transition, Optional<TaskContent> content) {
        String id = EventFormatter.printable(transition.getTaskId());
        String assignee = EventFormatter.printable(transition.getAssignee());
        String change = " (" + TaskChain.statusName(transition.getFrom()) + " -> "
                + TaskChain.statusName(transition.getTo()) + ")";
        String written = content.map(this::written).orElse("");
        return switch (transition.getAction()) {
            case TASK_ACTION_CREATE -> "created task " + id + " for " + assignee + written + " ["
                    + priority(transition.getPriority()) + deadlines(transition) + "]";
            case TASK_ACTION_ASSIGN -> "assigned task " + id + " to " + assignee + change + written;
            case TASK_ACTION_RESCHEDULE -> "rescheduled task " + id + " [" + priority(transition.getPriority())
                    + deadlines(transition) + "]" + written;
            case TASK_ACTION_ACK -> "acknowledged task " + id + change + written;
            case TASK_ACTION_START -> "started task " + id + change + written;
            case TASK_ACTION_NOTE -> "noted on task " + id + written;
            case TASK_ACTION_COMPLETE -> "completed task " + id + change + written;
            case TASK_ACTION_REJECT -> "rejected task " + id + change + written;
            case TASK_ACTION_CANCEL -> "cancelled task " + id + change + written;
            case TASK_ACTION_REOPEN -> "reopened task " + id + " for " + assignee + change + written;
            default -> "changed task " + id + " in a way this client does not know" + change;
        };
    }

    private String written(TaskContent content) {
        if (!content.title().isEmpty()) {
            return ": \"" + EventFormatter.printable(content.title()) + "\""
                    + (content.description().isEmpty() ? "" : " - " + EventFormatter.printableLines(content.description()));
        }
        return content.description().isEmpty() ? "" : ": " + EventFormatter.printableLines(content.description());
    }

    /**
     * {@code task show}'s text: the title and description, the server's metadata, then one line
     * per step ({@code #i time [BANNER] actor (agency, nation) [verified] what}) with a step that failed
     * verification marked {@code !! NOT VERIFIED} and why, and the escalations.
     */
    void show(TaskView view, CommandOutput output) {
        TaskSummary summary = view.summary();
        output.println("task " + EventFormatter.printable(summary.getTaskId()) + " in "
                + EventFormatter.printable(summary.getChannelId()) + ": " + EventFormatter.banner(view.markings())
                + view.title().map(title -> "\"" + EventFormatter.printable(title) + "\"").orElse("[title not readable here]"));
        view.description().filter(text -> !text.isEmpty())
                .ifPresent(text -> output.println("  " + EventFormatter.printableLines(text)));
        output.println("  status " + TaskChain.statusName(summary.getStatus()) + ", assignee "
                + EventFormatter.printable(summary.getAssignee()) + ", created by "
                + EventFormatter.printable(summary.getCreatedBy()) + ", priority " + priority(summary.getPriority())
                + ", due " + time(summary.getDueMs()) + ", ack by " + time(summary.getAckDeadlineMs())
                + (summary.getOverdue() ? "  OVERDUE" : ""));
        if (view.chain().isComplete() && (view.chain().status() != summary.getStatus()
                || !view.chain().assignee().equals(summary.getAssignee()))) {
            output.println("  !! the server's status or assignee differs from the signed history: "
                    + TaskChain.statusName(view.chain().status()) + ", " + EventFormatter.printable(view.chain().assignee()));
        }
        output.println(view.isVerified() ? "history (every step signed and verified):"
                : "history (!! NOT every step verified):");
        for (TaskView.Step step : view.steps()) {
            output.println("  " + step(step, view.markings()));
        }
        for (TaskEscalated escalated : view.escalations()) {
            output.println("  " + escalation(escalated));
        }
    }

    /** One step: {@code #i time [BANNER] actor (agency, nation) [verified] what}; the task's banner when it carries no content. */
    private String step(TaskView.Step step, Optional<org.liaison.proto.v1.Markings> taskMarkings) {
        if (step.transition().isEmpty()) {
            return "!! NOT VERIFIED: " + EventFormatter.printable(step.problem());
        }
        TaskTransition transition = step.transition().get();
        String who = step.opened().sender().map(sender -> EventFormatter.printable(sender.officerId()) + " ("
                + EventFormatter.printable(sender.agency()) + ", " + EventFormatter.printable(sender.nation()) + ")")
                .orElse(EventFormatter.printable(transition.getActor()));
        String mark = step.verified() ? "[verified]" : "!! NOT VERIFIED (" + EventFormatter.printable(step.problem()) + ")";
        String unreadable = step.verified() && step.opened().verdict() == OpenedEvent.Verdict.NOT_FOR_THIS_DEVICE
                ? "  [content not encrypted for this device]" : "";
        String banner = EventFormatter.banner(step.opened().markings().or(() -> taskMarkings));
        return "#" + transition.getIndex() + " " + time(transition.getTimeMs()) + " " + banner + who + " " + mark + " "
                + transition(transition, step.verified() ? step.content() : Optional.empty()) + unreadable;
    }

    /** {@code task t-… not acknowledged by 2026-05-01 14:00 (assignee …, status assigned)}. */
    String escalation(TaskEscalated escalated) {
        String what = escalated.getKind() == EscalationKind.ESCALATION_KIND_NOT_ACKNOWLEDGED
                ? "not acknowledged by " : escalated.getKind() == EscalationKind.ESCALATION_KIND_OVERDUE
                ? "not done by " : "missed a deadline: ";
        return "!! ESCALATION task " + EventFormatter.printable(escalated.getTaskId()) + " " + what
                + time(escalated.getDeadlineMs()) + " (assignee " + EventFormatter.printable(escalated.getAssignee())
                + ", status " + TaskChain.statusName(escalated.getStatus()) + ")";
    }

    private String deadlines(TaskTransition transition) {
        return (transition.getDueMs() == 0 ? "" : ", due " + time(transition.getDueMs()))
                + (transition.getAckDeadlineMs() == 0 ? "" : ", ack by " + time(transition.getAckDeadlineMs()));
    }

    /** A time in this zone, minutes precision; {@code -} for none. */
    String time(long epochMs) {
        return epochMs == 0 ? "-" : WHEN.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    /** {@code low}, {@code normal}, {@code high}, {@code urgent}. */
    static String priority(TaskPriority priority) {
        String name = priority.name();
        return (name.startsWith("TASK_PRIORITY_") ? name.substring("TASK_PRIORITY_".length()) : name)
                .toLowerCase(Locale.ROOT);
    }

    /** {@code ack}, {@code complete}… */
    static String action(TaskAction action) {
        return TaskChain.actionName(action);
    }
}
