package org.liaison.client.crypto;

import java.util.Objects;

/**
 * A task's chain of signed transitions, or one transition of it, does not verify: what it says
 * about the task (who assigned it, who completed it) must not be trusted. {@link #reason()} says
 * which rule was broken; the message names the transition and the details.
 */
public class TaskRejectedException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Why a task transition was refused. */
    public enum Reason {
        /** A task without a signed creation, or a transition the server sent without one. */
        UNSIGNED("unsigned task change"),
        /** A transition that cannot be parsed or lacks a required field. */
        MALFORMED("malformed transition"),
        /** A transition of another task or channel (replayed from elsewhere). */
        WRONG_TASK("transition of another task"),
        /** A transition out of place: wrong index or previous hash (dropped, reordered or inserted). */
        BROKEN_CHAIN("broken chain"),
        /** The signer's key bundle does not verify against our trusted agency CAs, or is not the actor's. */
        SIGNER_REJECTED("signer's keys rejected"),
        /** The transition's signature does not verify with the signer's key. */
        BAD_SIGNATURE("bad signature"),
        /** A transition whose from, to, action or metadata do not follow from the transition before it. */
        ILLEGAL_TRANSITION("illegal transition"),
        /** An action only the assignee may take, signed by someone else. */
        NOT_AUTHORISED("not authorised"),
        /** The content sent with a transition is not the one it signed (digest, id or channel differ). */
        CONTENT_MISMATCH("content does not match the transition");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** A short human description, e.g. {@code broken chain}. */
        public String description() {
            return description;
        }
    }

    private final Reason reason;
    private final long index;

    public TaskRejectedException(Reason reason, long index, String detail) {
        super(reason.description() + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.index = index;
    }

    public TaskRejectedException(Reason reason, long index, String detail, Throwable cause) {
        super(reason.description() + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.index = index;
    }

    /** Which rule was broken. */
    public Reason reason() {
        return reason;
    }

    /** The position in the task's chain of the transition that broke it. */
    public long index() {
        return index;
    }
}
