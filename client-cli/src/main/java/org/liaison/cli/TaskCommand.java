package org.liaison.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.liaison.client.LiaisonClient;
import org.liaison.client.TaskView;
import org.liaison.client.Tasks;
import org.liaison.client.crypto.TaskChain;
import org.liaison.proto.v1.TaskAccepted;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liaison task …}: create tasks in a channel, move them along (assign, reschedule, ack,
 * start, note, done, reject, cancel, reopen), list them and show one with its verified history.
 * Each verb is a nested command; every change is signed by this device and what people write is
 * encrypted end to end for the channel's members.
 */
@Command(
        name = "task",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = "Create, assign, follow and close tasks in channels; list them; show one's signed history.",
        subcommands = {
            TaskCommand.Create.class,
            TaskChangeCommands.Assign.class,
            TaskChangeCommands.Reschedule.class,
            TaskChangeCommands.Ack.class,
            TaskChangeCommands.Start.class,
            TaskChangeCommands.Note.class,
            TaskChangeCommands.Done.class,
            TaskChangeCommands.Reject.class,
            TaskChangeCommands.Cancel.class,
            TaskChangeCommands.Reopen.class,
            TaskCommand.ListTasks.class,
            TaskCommand.Show.class})
public final class TaskCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The priorities as options name them. */
    enum Priority {
        low(TaskPriority.TASK_PRIORITY_LOW), normal(TaskPriority.TASK_PRIORITY_NORMAL),
        high(TaskPriority.TASK_PRIORITY_HIGH), urgent(TaskPriority.TASK_PRIORITY_URGENT);

        final TaskPriority proto;

        Priority(TaskPriority proto) {
            this.proto = proto;
        }
    }

    /** The states as options name them. */
    enum Status {
        assigned(TaskStatus.TASK_STATUS_ASSIGNED), acknowledged(TaskStatus.TASK_STATUS_ACKNOWLEDGED),
        in_progress(TaskStatus.TASK_STATUS_IN_PROGRESS), done(TaskStatus.TASK_STATUS_DONE),
        rejected(TaskStatus.TASK_STATUS_REJECTED), cancelled(TaskStatus.TASK_STATUS_CANCELLED);

        final TaskStatus proto;

        Status(TaskStatus proto) {
            this.proto = proto;
        }
    }

    static Optional<Instant> time(CommandSpec spec, String option, String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TaskTimes.parse(value, now));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** Prints what the server accepted: {@code acknowledged t-… : now acknowledged (#12)}. */
    static int accepted(CommandOutput output, String verb, TaskAccepted accepted) {
        if (output.json()) {
            output.printJson(new JsonViews.TaskAcceptedView(accepted.getTaskId(), verb, accepted.getIndex(),
                    TaskChain.statusName(accepted.getStatus()), accepted.getChannelId(), accepted.getSeq()));
        } else {
            output.println(verb + " " + accepted.getTaskId() + ": now " + TaskChain.statusName(accepted.getStatus())
                    + " (transition " + accepted.getIndex() + ", #" + accepted.getSeq() + " of "
                    + EventFormatter.printable(accepted.getChannelId()) + ")");
        }
        return ExitCodes.SUCCESS;
    }

    /** {@code task create CHANNEL --title … --assignee …}: prints the new task's id. */
    @Command(name = "create", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Create a task in a channel (channel supervisors only) and print its id. The title and "
                    + "description are encrypted for the channel's members who may see the task's markings "
                    + "(--class, --rel, --precedence; each left out is the channel's default); every later step "
                    + "carries the same markings.")
    public static final class Create extends ConnectedCommand {

        @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel id or name.")
        String channel;

        @Option(names = "--title", required = true, paramLabel = "TEXT", description = "What is to be done.")
        String title;

        @Option(names = "--description", paramLabel = "TEXT", description = "Details (default: none).")
        String description = "";

        @Option(names = "--assignee", required = true, paramLabel = "OFFICER",
                description = "The member who is to do it, e.g. ma-dgsn.karim.benali.")
        String assignee;

        @Option(names = "--priority", paramLabel = "LEVEL", defaultValue = "normal",
                description = "low, normal, high or urgent (default: ${DEFAULT-VALUE}).")
        Priority priority;

        @Option(names = "--due", paramLabel = "TIME",
                description = "When it must be done: an ISO-8601 instant (2026-07-14T12:00:00Z) or from now (+2h, +1d).")
        String due;

        @Option(names = "--ack-by", paramLabel = "TIME",
                description = "When the assignee must acknowledge it by, in the same forms as --due.")
        String ackBy;

        @picocli.CommandLine.Mixin
        MarkingOptions marking = new MarkingOptions();

        private Optional<Instant> dueAt;
        private Optional<Instant> ackAt;

        @Override
        protected void beforeConnect() {
            Instant now = Clock.systemUTC().instant();
            dueAt = time(spec, "--due", due, now);
            ackAt = time(spec, "--ack-by", ackBy, now);
            if (title.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--title must not be empty");
            }
        }

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            ChannelTarget target = ChannelTarget.resolve(client, channel);
            EndToEnd endToEnd = endToEnd(client);
            Optional<org.liaison.proto.v1.Markings> markings;
            try {
                markings = marking.given() ? marking.resolve(ProfileConnector.await(endToEnd.messages()
                        .defaultMarkings(target.id()))) : Optional.empty();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "bad markings: " + e.getMessage());
            }
            // Who will not see the task is said before it is created, as for a message.
            SendCommand.printExclusions(ProfileConnector.await(endToEnd.messages().preview(target.id(), markings)),
                    spec.commandLine().getErr());
            TaskAccepted accepted = ProfileConnector.await(endToEnd.tasks().create(target.id(), title,
                    description, assignee, priority.proto, dueAt, ackAt, markings));
            if (output.json()) {
                return TaskCommand.accepted(output, "create", accepted);
            }
            output.println(accepted.getTaskId());
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code task list [--mine] [--channel C] [--status S]… [--overdue] [--assigned-by-me]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "List the tasks of your channels, most recently updated first, with their titles "
                    + "decrypted here. Every filter given narrows the list.")
    public static final class ListTasks extends ConnectedCommand {

        @Option(names = "--mine", description = "Only tasks assigned to you.")
        boolean mine;

        @Option(names = "--channel", paramLabel = "CHANNEL", description = "Only this channel's tasks (id or name).")
        String channel;

        @Option(names = "--status", paramLabel = "STATUS", split = ",",
                description = "Only tasks in these states (repeatable or comma-separated): ${COMPLETION-CANDIDATES}.")
        List<Status> statuses = new ArrayList<>();

        @Option(names = "--overdue", description = "Only tasks past their due time or acknowledgement deadline.")
        boolean overdue;

        @Option(names = "--assigned-by-me", description = "Only tasks you created or last assigned.")
        boolean assignedByMe;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most this many, 1-500 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        protected void beforeConnect() {
            if (limit < 1 || limit > 500) {
                throw new ParameterException(spec.commandLine(), "--limit must be 1-500, got " + limit);
            }
        }

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            String channelId = channel == null ? null : ChannelTarget.resolve(client, channel).id();
            Set<TaskStatus> wanted = EnumSet.noneOf(TaskStatus.class);
            statuses.forEach(status -> wanted.add(status.proto));
            Tasks tasks = endToEnd(client).tasks();
            List<TaskSummary> list = ProfileConnector.await(tasks.list(new Tasks.Filter(channelId, mine, assignedByMe,
                    wanted, overdue, limit)));
            List<JsonViews.TaskSummaryView> views = new ArrayList<>();
            for (TaskSummary summary : list) {
                TaskView view = ProfileConnector.await(tasks.get(summary.getTaskId()));
                views.add(JsonViews.TaskSummaryView.of(summary, view.title().orElse(null), view.isVerified(),
                        view.markings()));
            }
            if (output.json()) {
                output.printJson(views);
                return ExitCodes.SUCCESS;
            }
            TaskLines lines = new TaskLines(ZoneId.systemDefault());
            for (int i = 0; i < list.size(); i++) {
                TaskSummary summary = list.get(i);
                JsonViews.TaskSummaryView view = views.get(i);
                output.println(String.format(Locale.ROOT, "%-18s %-14s %-12s %-6s %-26s due %-16s %s%s%s%s",
                        summary.getTaskId(), EventFormatter.printable(summary.getChannelId()), view.status(),
                        view.priority(), EventFormatter.printable(summary.getAssignee()), lines.time(summary.getDueMs()),
                        view.markings() == null ? "" : "[" + EventFormatter.printable(view.markings().banner()) + "] ",
                        view.title() == null ? "[title not readable here]" : "\"" + EventFormatter.printable(view.title())
                                + "\"", summary.getOverdue() ? "  OVERDUE" : "", view.verified() ? "" : "  !! NOT VERIFIED"));
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code task show TASK}: the task and its verified history. */
    @Command(name = "show", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Show a task and its history: who did what when, from which state to which, what they "
                    + "wrote (decrypted here), and whether each signed step verified.")
    public static final class Show extends ConnectedCommand {

        @Parameters(index = "0", paramLabel = "TASK", description = "Task id, e.g. t-abcdefghijklmnop.")
        String task;

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            TaskView view = ProfileConnector.await(endToEnd(client).tasks().get(task));
            if (output.json()) {
                output.printJson(JsonViews.TaskDetailView.of(view));
                return ExitCodes.SUCCESS;
            }
            new TaskLines(ZoneId.systemDefault()).show(view, output);
            return ExitCodes.SUCCESS;
        }
    }
}
