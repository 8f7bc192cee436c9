package org.liaison.cli;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.liaison.client.LiaisonClient;
import org.liaison.client.Tasks;
import org.liaison.proto.v1.TaskAccepted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * The {@code liaison task} verbs that move one task one step (assign, reschedule, ack, start,
 * note, done, reject, cancel, reopen), nested commands of {@link TaskCommand}. Each prints what
 * the server accepted.
 */
public final class TaskChangeCommands {

    private TaskChangeCommands() {
    }

    /** Base of the verbs that move one task one step. */
    abstract static class Change extends ConnectedCommand {

        @Parameters(index = "0", paramLabel = "TASK", description = "Task id, e.g. t-abcdefghijklmnop.")
        String task;

        /** The past-tense verb shown, e.g. {@code acknowledged}. */
        abstract String verb();

        abstract CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId);

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            return TaskCommand.accepted(output, verb(), ProfileConnector.await(change(endToEnd(client).tasks(), task)));
        }
    }

    /** {@code task assign TASK OFFICER}. */
    @Command(name = "assign", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Assign a task to another member of its channel (channel supervisors only).")
    public static final class Assign extends Change {

        @Parameters(index = "1", paramLabel = "OFFICER", description = "The new assignee, a member of the channel.")
        String officer;

        @Override
        String verb() {
            return "assigned";
        }

        @Override
        CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId) {
            return tasks.assign(taskId, officer);
        }
    }

    /** {@code task reschedule TASK --due … --ack-by …}. */
    @Command(name = "reschedule", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Change a task's due time or acknowledgement deadline (channel supervisors only).")
    public static final class Reschedule extends Change {

        @Option(names = "--due", paramLabel = "TIME",
                description = "The new due time: an ISO-8601 instant or from now (+2h); unchanged when absent.")
        String due;

        @Option(names = "--ack-by", paramLabel = "TIME",
                description = "The new acknowledgement deadline, same forms; unchanged when absent.")
        String ackBy;

        private Optional<Instant> dueAt;
        private Optional<Instant> ackAt;

        @Override
        protected void beforeConnect() {
            Instant now = Clock.systemUTC().instant();
            dueAt = TaskCommand.time(spec, "--due", due, now);
            ackAt = TaskCommand.time(spec, "--ack-by", ackBy, now);
            if (dueAt.isEmpty() && ackAt.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "give --due, --ack-by or both");
            }
        }

        @Override
        String verb() {
            return "rescheduled";
        }

        @Override
        CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId) {
            return tasks.reschedule(taskId, dueAt, ackAt);
        }
    }

    /** {@code task ack TASK}. */
    @Command(name = "ack", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Acknowledge a task assigned to you.")
    public static final class Ack extends Change {
        @Override
        String verb() {
            return "acknowledged";
        }

        @Override
        CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId) {
            return tasks.ack(taskId);
        }
    }

    /** {@code task start TASK}. */
    @Command(name = "start", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Start working on a task assigned to you.")
    public static final class Start extends Change {
        @Override
        String verb() {
            return "started";
        }

        @Override
        CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId) {
            return tasks.start(taskId);
        }
    }

    /** {@code task note TASK TEXT}. */
    @Command(name = "note", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Post a progress note on a task (its assignee or a channel supervisor), encrypted for "
                    + "the channel's members.")
    public static final class Note extends Change {

        @Parameters(index = "1", paramLabel = "TEXT", description = "The note, any script.")
        String text;

        @Override
        String verb() {
            return "noted on";
        }

        @Override
        CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId) {
            return tasks.note(taskId, text);
        }
    }

    /** {@code task done TASK [--result TEXT]}. */
    @Command(name = "done", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Complete a task assigned to you, with an optional result note.")
    public static final class Done extends Change {

        @Option(names = "--result", paramLabel = "TEXT", description = "What was found or done (encrypted).")
        String result;

        @Override
        String verb() {
            return "completed";
        }

        @Override
        CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId) {
            return tasks.complete(taskId, result);
        }
    }

    /** {@code task reject TASK --reason TEXT}. */
    @Command(name = "reject", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Reject a task assigned to you, saying why.")
    public static final class Reject extends Change {

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (encrypted).")
        String reason;

        @Override
        String verb() {
            return "rejected";
        }

        @Override
        CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId) {
            return tasks.reject(taskId, reason);
        }
    }

    /** {@code task cancel TASK [--reason TEXT]}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Cancel a task (channel supervisors only).")
    public static final class Cancel extends Change {

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (optional, encrypted).")
        String reason;

        @Override
        String verb() {
            return "cancelled";
        }

        @Override
        CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId) {
            return tasks.cancel(taskId, reason);
        }
    }

    /** {@code task reopen TASK [--note TEXT]}. */
    @Command(name = "reopen", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Reopen a done task, assigned again to its assignee (channel supervisors only).")
    public static final class Reopen extends Change {

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (optional, encrypted).")
        String note;

        @Override
        String verb() {
            return "reopened";
        }

        @Override
        CompletableFuture<TaskAccepted> change(Tasks tasks, String taskId) {
            return tasks.reopen(taskId, note);
        }
    }
}
