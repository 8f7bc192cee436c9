package org.liaison.certs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.liaison.markings.Clearance;
import org.liaison.proto.v1.Classification;

/**
 * What to put in an officer certificate, exactly as given.
 *
 * <p>Deliberately <em>not</em> checked against the issuing CA, so that tests can forge certificates
 * that claim another agency (another {@code O}, {@code C} or officer-id prefix), unknown roles, or
 * dates in the past. {@link CertificateAuthority#issueOfficerChecked} is the policy-checked way to
 * issue. The constructor only requires an officer id, a role set (possibly empty) and
 * {@code notBefore <= notAfter}; a null organization or country leaves that RDN out.
 *
 * <p>{@link #roles()} is unmodifiable and ordered: {@link #KNOWN_ROLES} first in their order, then
 * any other role alphabetically; the certificate carries one {@code OU} per role in that order.
 *
 * @param officerId the officer id, the certificate's {@code CN}
 * @param roles the roles, one {@code OU} each
 * @param organization the agency code claimed ({@code O}), or null for none
 * @param country the nation claimed ({@code C}), or null for none
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param clearance the clearance written in the certificate's clearance extension
 *                  ({@link Clearance#OID}), or null to write none (cleared for UNCLASSIFIED only)
 */
public record OfficerSpec(String officerId, Set<String> roles, String organization, String country,
                          Instant notBefore, Instant notAfter, Classification clearance) {

    /** Role of every liaison officer. */
    public static final String OFFICER = "officer";
    /** Role that opens channels, manages members and assigns tasks. */
    public static final String SUPERVISOR = "supervisor";
    /** Role that reviews the audit log. */
    public static final String AUDITOR = "auditor";
    /** The roles the policy-checked issuance accepts, in certificate order. */
    public static final List<String> KNOWN_ROLES = List.of(OFFICER, SUPERVISOR, AUDITOR);
    /** Regular expression of a valid officer id (at most {@value #MAX_OFFICER_ID_LENGTH} characters). */
    public static final String OFFICER_ID_REGEX = "[a-z0-9-]+(\\.[a-z0-9-]+)+";
    /** Longest valid officer id (the X.509 upper bound of a common name). */
    public static final int MAX_OFFICER_ID_LENGTH = 64;

    private static final Pattern OFFICER_ID = Pattern.compile(OFFICER_ID_REGEX);
    private static final Comparator<String> ROLE_ORDER = Comparator
            .comparingInt((String role) -> KNOWN_ROLES.contains(role) ? KNOWN_ROLES.indexOf(role) : KNOWN_ROLES.size())
            .thenComparing(Comparator.naturalOrder());

    /** A spec without a clearance extension. */
    public OfficerSpec(String officerId, Set<String> roles, String organization, String country,
                       Instant notBefore, Instant notAfter) {
        this(officerId, roles, organization, country, notBefore, notAfter, null);
    }

    /** This spec with a clearance extension naming {@code newClearance} (null for none). */
    public OfficerSpec withClearance(Classification newClearance) {
        return new OfficerSpec(officerId, roles, organization, country, notBefore, notAfter, newClearance);
    }

    /** Requires the fields described in the type's documentation and fixes the role order. */
    public OfficerSpec {
        Objects.requireNonNull(officerId, "officerId");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        roles = orderedRoles(roles);
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
        }
    }

    /**
     * A spec whose {@code O} and {@code C} are the agency's own, valid from {@code notBefore} for
     * {@code validity}. The officer id and roles are taken as given (not checked).
     */
    public static OfficerSpec forAgency(AgencySpec agency, String officerId, Set<String> roles,
                                        Instant notBefore, Duration validity) {
        return new OfficerSpec(officerId, roles, agency.code(), agency.nation(), notBefore, notBefore.plus(validity));
    }

    /** Whether {@code officerId} is well formed (pattern and length; not which agency it belongs to). */
    public static boolean isValidOfficerId(String officerId) {
        return officerId != null && officerId.length() <= MAX_OFFICER_ID_LENGTH
                && OFFICER_ID.matcher(officerId).matches();
    }

    private static Set<String> orderedRoles(Collection<String> roles) {
        Objects.requireNonNull(roles, "roles");
        List<String> sorted = new ArrayList<>(roles);
        sorted.forEach(role -> Objects.requireNonNull(role, "role"));
        sorted.sort(ROLE_ORDER);
        return Collections.unmodifiableSet(new LinkedHashSet<>(sorted));
    }
}
