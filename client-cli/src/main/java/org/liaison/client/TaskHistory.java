package org.liaison.client;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.TaskChain;
import org.liaison.client.crypto.VerifiedMembership;
import org.liaison.client.crypto.VerifiedTask;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskDetail;
import org.liaison.proto.v1.TaskEscalated;
import org.liaison.proto.v1.TaskTransition;

/**
 * Verifies a task's history as the server sent it, for {@link Tasks}: read-only, apart from the
 * requests that change a task, so that what a view of a task proves is checked in one place.
 */
final class TaskHistory {

    private final BundleVerifier verifier;
    private final TaskOpener opener;
    private final Clock clock;

    TaskHistory(BundleVerifier verifier, TaskOpener opener, Clock clock) {
        this.verifier = verifier;
        this.opener = opener;
        this.clock = clock;
    }

    /** What {@link Tasks#open} answers: never throws for a step that does not verify. */
    TaskView open(String taskId, TaskDetail detail) {
        List<ChannelEvent> updates = new ArrayList<>();
        List<TaskEscalated> escalations = new ArrayList<>();
        for (ChannelEvent event : detail.getEventsList()) {
            if (event.hasTask()) {
                updates.add(event);
            } else if (event.hasTaskEscalated()) {
                escalations.add(event.getTaskEscalated());
            }
        }
        VerifiedTask chain = TaskChain.check(taskId, updates.stream().map(event -> event.getTask().getTransition())
                .toList(), verifier, clock.instant());
        List<TaskView.Step> steps = new ArrayList<>();
        OpenedEvent creation = null;
        for (int i = 0; i < updates.size(); i++) {
            OpenedEvent opened = opener.open(updates.get(i));
            creation = i == 0 ? opened : creation;
            Optional<String> relabelled = i == 0 ? Optional.empty() : markingsProblem(creation, opened);
            String problem;
            if (!opened.isVerified()) {
                problem = opened.problem();
            } else if (relabelled.isPresent()) {
                problem = relabelled.get();
            } else if (i < chain.verified().size()) {
                problem = "";
            } else if (i == chain.verified().size()) {
                problem = chain.rejection().map(Throwable::getMessage).orElse("not verified");
            } else {
                problem = "follows transition " + chain.verified().size() + ", which did not verify";
            }
            Optional<TaskContent> content = opened.isReadable()
                    ? TaskContent.decode(opened.contentType(), opened.plaintext()) : Optional.empty();
            steps.add(new TaskView.Step(opened, parse(updates.get(i).getTask().getTransition()), problem.isEmpty(),
                    problem, content));
        }
        return new TaskView(detail.getSummary(), chain, steps, escalations);
    }

    /**
     * {@code view} with every supervisor's step (create, assign, reschedule, cancel, reopen, and a
     * note by someone other than the assignee) checked against the channel's verified membership:
     * its signer must have been a supervisor of the channel when signing. The server enforces
     * this too; the check keeps a server from passing off a plain member's signed step.
     */
    static TaskView authorised(TaskView view, Optional<VerifiedMembership> membership) {
        if (membership.isEmpty()) {
            return view;
        }
        List<TaskView.Step> steps = new ArrayList<>();
        boolean broken = false;
        String assignee = "";
        for (TaskView.Step step : view.steps()) {
            if (step.transition().isEmpty()) {
                steps.add(step);
                continue;
            }
            TaskTransition transition = step.transition().get();
            boolean supervisorStep = !TaskChain.isAssigneeAction(transition.getAction())
                    && !(transition.getAction() == TaskAction.TASK_ACTION_NOTE && transition.getActor().equals(assignee));
            if (step.verified() && !broken && supervisorStep && !membership.get().wasSupervisorBy(transition.getActor(),
                    Instant.ofEpochMilli(transition.getTimeMs()))) {
                broken = true;
                steps.add(new TaskView.Step(step.opened(), step.transition(), false, "not authorised: "
                        + transition.getActor() + " was not a supervisor of the channel when signing step "
                        + transition.getIndex(), step.content()));
            } else if (broken && step.verified()) {
                steps.add(new TaskView.Step(step.opened(), step.transition(), false,
                        "follows a step that did not verify", step.content()));
            } else {
                steps.add(step);
            }
            assignee = transition.getAssignee();
        }
        return broken ? new TaskView(view.summary(), view.chain(), steps, view.escalations()) : view;
    }

    /**
     * Why a later step's content does not carry the markings of the task's creation (each step's
     * content is signed by its own actor, so a member could relabel a task's later steps; the
     * server refuses it too), or empty when it does or either carries no content.
     */
    static Optional<String> markingsProblem(OpenedEvent creation, OpenedEvent step) {
        Optional<Markings> created = creation.markings();
        Optional<Markings> marked = step.markings();
        if (created.isEmpty() || marked.isEmpty() || created.equals(marked)) {
            return Optional.empty();
        }
        return Optional.of("its content is marked " + org.liaison.markings.Markings.banner(marked.get())
                + " but the task was created " + org.liaison.markings.Markings.banner(created.get()));
    }

    static Optional<TaskTransition> parse(SignedTransition signed) {
        try {
            return Optional.of(TaskTransition.parseFrom(signed.getTransition()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
