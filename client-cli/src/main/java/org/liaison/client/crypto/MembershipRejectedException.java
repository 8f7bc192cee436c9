package org.liaison.client.crypto;

import java.util.Objects;

/**
 * A channel's membership chain, or one statement of it, does not verify: the member set it
 * describes must not be trusted, and nothing is encrypted to it. {@link #reason()} says which
 * rule was broken; the message names the statement and the details.
 */
public class MembershipRejectedException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Why a membership chain or change was refused. */
    public enum Reason {
        /** A membership change or member that no signed statement backs (what a malicious server would inject). */
        UNSIGNED("unsigned membership change"),
        /** A statement that cannot be parsed or lacks a required field. */
        MALFORMED("malformed statement"),
        /** A statement of another channel (replayed from elsewhere). */
        WRONG_CHANNEL("statement of another channel"),
        /** A statement out of place: wrong index or previous hash (dropped, reordered or inserted statements). */
        BROKEN_CHAIN("broken chain"),
        /** The signer's key bundle does not verify against our trusted agency CAs, or is not the actor's. */
        SIGNER_REJECTED("signer's keys rejected"),
        /** The statement's signature does not verify with the signer's key. */
        BAD_SIGNATURE("bad signature"),
        /** The actor may not make this change (not a channel supervisor, no supervisor role). */
        NOT_AUTHORISED("not authorised"),
        /** A change that does not apply (adding a member twice, changing an archived channel, …). */
        INVALID_CHANGE("invalid change");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** A short human description, e.g. {@code unsigned membership change}. */
        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public MembershipRejectedException(Reason reason, String detail) {
        super(reason.description() + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public MembershipRejectedException(Reason reason, String detail, Throwable cause) {
        super(reason.description() + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Which rule was broken. */
    public Reason reason() {
        return reason;
    }
}
