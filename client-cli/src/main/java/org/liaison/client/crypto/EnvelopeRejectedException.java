package org.liaison.client.crypto;

import java.util.Objects;

/**
 * A sealed envelope was refused: no plaintext is returned. {@link #reason()} tells an envelope
 * altered on the way ({@link Reason#BAD_SIGNATURE}) from one that was signed but does not fit
 * (wrong sender, not for this device) and from one whose sender sealed inconsistent content.
 */
public class EnvelopeRejectedException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Why an envelope was refused, in the order {@link EnvelopeCrypto#open} checks. */
    public enum Reason {
        /** The envelope's structure is invalid (duplicate recipients, wrong nonce length, …). */
        MALFORMED("malformed envelope"),
        /** The signature does not verify with the sender device's key: something was altered. */
        BAD_SIGNATURE("bad signature"),
        /** The header names another sender or device than the key bundle the signature was checked with. */
        SENDER_MISMATCH("sender mismatch"),
        /** This device is not in the envelope's recipient list. */
        NOT_A_RECIPIENT("not a recipient"),
        /** The content key wrapped for this device does not open with this header. */
        TAMPERED_HEADER("header does not match the key wrap"),
        /** The ciphertext differs from what the sender signed, or does not decrypt with its key and header. */
        TAMPERED_BODY("ciphertext altered"),
        /** The envelope arrived in another channel than the one its signed header names (replayed into it). */
        WRONG_CHANNEL("wrong channel"),
        /** A message id already seen in this channel at another position (replayed). */
        REPLAYED("replayed message"),
        /** Signed by one officer's device while the header names another officer as the sender. */
        FORGED_SENDER("forged sender"),
        /** No verified key of the sending device is available: its bundle is missing or was rejected. */
        UNKNOWN_SENDER("sender's keys unavailable"),
        /** The sender or a recipient was not a member under the membership statement the header names. */
        RECIPIENTS_MISMATCH("recipients are not the channel's members"),
        /**
         * The sender or a recipient may not see the envelope's signed markings (their nation is not
         * releasable or their clearance is below the classification; docs/markings.md).
         */
        NOT_RELEASABLE("sealed for someone who may not see its markings");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** A short human description, e.g. {@code bad signature}. */
        public String description() {
            return description;
        }
    }

    private final Reason reason;

    /** A refusal for {@code reason}, with {@code detail} (never plaintext or key material). */
    public EnvelopeRejectedException(Reason reason, String detail) {
        super(message(reason, detail));
        this.reason = reason;
    }

    /** A refusal for {@code reason}, with {@code detail}, caused by {@code cause}. */
    public EnvelopeRejectedException(Reason reason, String detail, Throwable cause) {
        super(message(reason, detail), cause);
        this.reason = reason;
    }

    /** The check the envelope failed. */
    public Reason reason() {
        return reason;
    }

    private static String message(Reason reason, String detail) {
        return "envelope refused (" + Objects.requireNonNull(reason, "reason").description() + "): " + detail;
    }
}
