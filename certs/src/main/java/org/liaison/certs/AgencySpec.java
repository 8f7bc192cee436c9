package org.liaison.certs;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An agency as the PKI and the server's trust configuration know it.
 *
 * <p>The constructor guarantees a well-formed value: the code matches {@value #CODE_REGEX}, the
 * nation is an ISO 3166 alpha-2 code in upper case, the name is a non-blank single line short
 * enough for the CA's common name ({@code <name> CA}, at most 64 characters), and the officer-id
 * prefix is one or more lower-case labels ending with a dot (so that officer ids starting with it
 * can be valid).
 *
 * @param code the agency code, e.g. {@code ma-dgsn}; the {@code O} of every certificate it issues
 * @param nation the ISO 3166 alpha-2 nation, e.g. {@code MA}; the {@code C} of its certificates
 * @param name the agency's human name, e.g. {@code Direction Générale de la Sûreté Nationale}
 * @param officerPrefix the prefix every officer id of this agency starts with, e.g. {@code ma-dgsn.}
 */
public record AgencySpec(String code, String nation, String name, String officerPrefix) {

    /** Regular expression an agency code must match. */
    public static final String CODE_REGEX = "[a-z0-9-]{2,32}";
    private static final Pattern CODE = Pattern.compile(CODE_REGEX);
    private static final Pattern NATION = Pattern.compile("[A-Z]{2}");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.");
    /** Longest name such that {@code <name> CA} fits the X.509 upper bound of 64 characters. */
    public static final int MAX_NAME_LENGTH = 61;

    /** Validates every field; see the type's documentation. */
    public AgencySpec {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(nation, "nation");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(officerPrefix, "officerPrefix");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("agency code '" + code + "' must match " + CODE_REGEX);
        }
        if (!NATION.matcher(nation).matches()) {
            throw new IllegalArgumentException(
                    "nation '" + nation + "' must be an ISO 3166 alpha-2 code in upper case (e.g. FR)");
        }
        name = name.strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("agency name must be one line of 1 to " + MAX_NAME_LENGTH
                    + " characters, got '" + name + "'");
        }
        if (!PREFIX.matcher(officerPrefix).matches() || officerPrefix.length() >= OfficerSpec.MAX_OFFICER_ID_LENGTH) {
            throw new IllegalArgumentException("officer prefix '" + officerPrefix
                    + "' must be lower-case labels [a-z0-9-] separated and ended by '.' (e.g. fr-pn.)");
        }
    }

    /** An agency whose officer-id prefix is {@code code + "."}. */
    public static AgencySpec of(String code, String nation, String name) {
        return new AgencySpec(code, nation, name, code + ".");
    }

    /** The common name of this agency's CA certificate: {@code <name> CA}. */
    public String caCommonName() {
        return name + " CA";
    }

    /** Whether {@code officerId} starts with this agency's officer-id prefix. */
    public boolean ownsOfficerId(String officerId) {
        return officerId != null && officerId.startsWith(officerPrefix);
    }
}
