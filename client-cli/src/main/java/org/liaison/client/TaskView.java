package org.liaison.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.liaison.client.crypto.VerifiedTask;
import org.liaison.proto.v1.TaskEscalated;
import org.liaison.proto.v1.TaskSummary;
import org.liaison.proto.v1.TaskTransition;

/**
 * A task as this device verified it (see {@link Tasks#get}): the server's summary, each step of
 * its history with its verdict and decrypted content, and the escalations the server reported.
 *
 * @param summary     the server's plaintext metadata (status, assignee, deadlines): what the server
 *                    says; {@link #chain()} is what the signatures prove
 * @param chain       the signed transitions as far as they verified
 * @param steps       one per transition the server sent, index 0 first
 * @param escalations the missed deadlines the server reported (supervisors only)
 */
public record TaskView(TaskSummary summary, VerifiedTask chain, List<Step> steps, List<TaskEscalated> escalations) {

    public TaskView {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(chain, "chain");
        steps = List.copyOf(steps);
        escalations = List.copyOf(escalations);
    }

    /** Whether every step verified, the whole chain included. */
    public boolean isVerified() {
        return chain.isComplete() && steps.stream().allMatch(Step::verified);
    }

    /** The title from the verified creation, if it could be read here. */
    public Optional<String> title() {
        return creation().map(TaskContent::title);
    }

    /** The description from the verified creation, if it could be read here. */
    public Optional<String> description() {
        return creation().map(TaskContent::description);
    }

    /**
     * The task's markings: the signed markings of its verified creation's content, which every
     * later step carries too (docs/markings.md); empty when the creation did not verify.
     */
    public Optional<org.liaison.proto.v1.Markings> markings() {
        return steps.isEmpty() || !steps.get(0).verified() ? Optional.empty() : steps.get(0).opened().markings();
    }

    private Optional<TaskContent> creation() {
        return steps.isEmpty() || !steps.get(0).verified() ? Optional.empty() : steps.get(0).content();
    }

    /**
     * One transition of the task and what was written with it.
     *
     * @param opened     the event as opened: the transition's signature and content checked, the
     *                   content decrypted
     * @param transition the transition as parsed (empty when it could not be)
     * @param verified   whether this step verified: its event and its place in the chain
     * @param problem    why it did not verify (empty when it did)
     * @param content    what was written with it, decrypted and decoded (empty when none or unreadable)
     */
    public record Step(OpenedEvent opened, Optional<TaskTransition> transition, boolean verified, String problem,
                       Optional<TaskContent> content) {

        public Step {
            Objects.requireNonNull(opened, "opened");
            Objects.requireNonNull(transition, "transition");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(content, "content");
        }
    }
}
