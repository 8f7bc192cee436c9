package org.liaison.client;

import java.util.List;
import java.util.Objects;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;

/**
 * Who one marked message or task content is sealed for, and who it is not: what the user is told
 * before it leaves (docs/markings.md).
 *
 * @param markings        the markings it carries (given by the sender, else the channel's default)
 * @param membershipIndex the membership statement its recipients follow
 * @param devices         the verified devices it is sealed for: those of the members and audit
 *                        recipients whose officers may see it
 * @param excluded        the members and audit recipients who will not receive it, one per officer, with why
 * @param auditedBy       the audit recipients it is sealed for, "officer (agency, nation)"
 * @param warnings        what else the user should know (members without usable keys, rejected bundles…)
 */
public record Delivery(org.liaison.proto.v1.Markings markings, long membershipIndex, List<VerifiedBundle> devices,
                       List<Exclusion> excluded, List<String> auditedBy, List<String> warnings) {

    public Delivery {
        Objects.requireNonNull(markings, "markings");
        devices = List.copyOf(devices);
        excluded = List.copyOf(excluded);
        auditedBy = List.copyOf(auditedBy);
        warnings = List.copyOf(warnings);
    }

    /** Why an officer may not see a marking. */
    public enum Why {
        /** Their nation is not among the releasable ones. */
        NATION_NOT_RELEASABLE("nation not releasable"),
        /** Their clearance is below the classification. */
        CLEARANCE_BELOW("clearance below the classification");

        private final String description;

        Why(String description) {
            this.description = description;
        }

        /** A short human description, e.g. {@code nation not releasable}. */
        public String description() {
            return description;
        }
    }

    /**
     * A member or audit recipient who will not receive the message, as their verified certificate
     * says.
     */
    public record Exclusion(String officerId, String agency, String nation, Classification clearance,
                            boolean auditor, Why why) {

        public Exclusion {
            Objects.requireNonNull(officerId, "officerId");
            Objects.requireNonNull(why, "why");
        }

        /** E.g. {@code ma-dgsn.karim.benali (ma-dgsn, MA, cleared RESTRICTED): nation not releasable}. */
        public String describe() {
            return (auditor ? "auditor " : "") + officerId + " (" + agency + ", " + nation + ", cleared "
                    + Markings.name(clearance) + "): " + why.description();
        }
    }

    /** Why the officer of {@code device} may not see {@code markings} (nation first). */
    static Why why(VerifiedBundle device, org.liaison.proto.v1.Markings markings) {
        boolean released = markings.getReleasableToAll() || markings.getReleasableToList().contains(device.nation());
        return released ? Why.CLEARANCE_BELOW : Why.NATION_NOT_RELEASABLE;
    }
}
