package org.liaison.certs;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The CRL reason codes of RFC 5280 that this PKI accepts. {@code certificateHold} and
 * {@code removeFromCRL} are left out: a revocation here is final.
 */
public enum RevocationReason {
    /** No reason given (no reason code extension is written, as RFC 5280 recommends). */
    UNSPECIFIED(0, "unspecified"),
    /** The officer's private key or device was lost or stolen. */
    KEY_COMPROMISE(1, "keyCompromise"),
    /** The CA key itself was compromised. */
    CA_COMPROMISE(2, "cACompromise"),
    /** The officer changed agency or unit. */
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    /** A new certificate replaces this one. */
    SUPERSEDED(4, "superseded"),
    /** The officer no longer takes part in the operation. */
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    /** A role was withdrawn. */
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
    /** An attribute authority was compromised. */
    AA_COMPROMISE(10, "aACompromise");

    private final int code;
    private final String rfcName;

    RevocationReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** The RFC 5280 {@code CRLReason} code. */
    public int code() {
        return code;
    }

    /** The RFC 5280 name, e.g. {@code keyCompromise}. */
    public String rfcName() {
        return rfcName;
    }

    /** The reason with this RFC 5280 code; throws {@link IllegalArgumentException} for others. */
    public static RevocationReason fromCode(int code) {
        for (RevocationReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unsupported CRL reason code " + code + "; use one of " + names());
    }

    /** The reason named {@code keyCompromise}, {@code KEY_COMPROMISE} or {@code key-compromise} (any case). */
    public static RevocationReason fromName(String name) {
        String wanted = name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (RevocationReason reason : values()) {
            if (reason.rfcName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown revocation reason '" + name + "'; use one of " + names());
    }

    private static String names() {
        return Arrays.stream(values()).map(RevocationReason::rfcName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
