package org.liaison.client.crypto;

import java.util.Objects;

/**
 * A key bundle was refused: nothing may be encrypted to its keys and no signature may be checked
 * with them. {@link #reason()} says which rule it broke; the message adds the details (names and
 * dates, never key material).
 */
public class BundleRejectedException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Why a bundle was refused, one constant per rule of {@link BundleVerifier}. */
    public enum Reason {
        /** The bundle carries no certificate chain. */
        MISSING_CHAIN("no certificate chain"),
        /** A certificate, the bundle bytes or one of its fields cannot be parsed or is out of range. */
        MALFORMED("malformed"),
        /** The officer certificate was not issued and signed by any locally trusted agency CA. */
        UNTRUSTED_ISSUER("untrusted issuer"),
        /** The officer certificate or its agency CA certificate has expired. */
        CERTIFICATE_EXPIRED("expired certificate"),
        /** The officer certificate or its agency CA certificate is not valid yet. */
        CERTIFICATE_NOT_YET_VALID("certificate not yet valid"),
        /** The certificate is not an officer certificate (a CA, no clientAuth, wrong key usage). */
        NOT_OFFICER_CERTIFICATE("not an officer certificate"),
        /** The certificate claims an agency, nation or officer id that its issuing CA does not own. */
        WRONG_AGENCY("wrong agency"),
        /** The bundle signature does not verify with the officer certificate's key. */
        BAD_SIGNATURE("bad signature"),
        /** The bundle names another officer than the certificate that signed it. */
        OFFICER_MISMATCH("officer mismatch"),
        /** A public key is not 32 bytes long. */
        BAD_KEY_LENGTH("bad key length"),
        /** A public key has the right length but is not a valid key. */
        INVALID_KEY("invalid key"),
        /** The bundle's own expiry time has passed. */
        BUNDLE_EXPIRED("expired bundle");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** A short human description, e.g. {@code untrusted issuer}. */
        public String description() {
            return description;
        }
    }

    private final Reason reason;

    /** A refusal for {@code reason}, with {@code detail} naming what was wrong. */
    public BundleRejectedException(Reason reason, String detail) {
        super(message(reason, detail));
        this.reason = reason;
    }

    /** A refusal for {@code reason}, with {@code detail}, caused by {@code cause}. */
    public BundleRejectedException(Reason reason, String detail, Throwable cause) {
        super(message(reason, detail), cause);
        this.reason = reason;
    }

    /** The rule the bundle broke. */
    public Reason reason() {
        return reason;
    }

    private static String message(Reason reason, String detail) {
        return "key bundle refused (" + Objects.requireNonNull(reason, "reason").description() + "): " + detail;
    }
}
