package org.liaison.certs;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Reads and writes the server's trust configuration, a properties file:
 *
 * <pre>
 * agencies=fr-pn,ma-dgsn
 * agency.fr-pn.name=Police nationale
 * agency.fr-pn.nation=FR
 * agency.fr-pn.officer-prefix=fr-pn.
 * agency.fr-pn.ca=agencies/fr-pn/ca.pem
 * agency.fr-pn.crl=agencies/fr-pn/crl.pem
 * </pre>
 *
 * <p>Every key is required. Paths are relative to the file's own directory (absolute paths are
 * kept). Reading checks the syntax, not the referenced files: the server loads those itself, and
 * refuses the officers of an agency whose CRL is missing. Two agencies may not share a code, and no
 * officer-id prefix may start with another agency's prefix (otherwise one CA could vouch for the
 * other's officers). Errors name the file and the key.
 */
public final class TrustConfigFile {

    /** The key listing the trusted agency codes, comma-separated. */
    public static final String AGENCIES = "agencies";
    private static final String NAME = "name";
    private static final String NATION = "nation";
    private static final String OFFICER_PREFIX = "officer-prefix";
    private static final String CA = "ca";
    private static final String CRL = "crl";
    private static final List<String> FIELDS = List.of(NAME, NATION, OFFICER_PREFIX, CA, CRL);

    private TrustConfigFile() {
    }

    /**
     * Reads the trust configuration; paths in the entries are absolute.
     *
     * @throws PkiException naming the file and the key that is missing or invalid
     */
    public static List<TrustEntry> read(Path trustProperties) {
        Properties properties = PropertiesText.read(trustProperties);
        Path base = baseDirectory(trustProperties);
        Set<String> codes = new LinkedHashSet<>();
        for (String code : PropertiesText.required(properties, AGENCIES, trustProperties).split(",")) {
            if (!code.isBlank() && !codes.add(code.strip())) {
                throw new PkiException(trustProperties + ": key '" + AGENCIES + "' lists '" + code.strip() + "' twice");
            }
        }
        if (codes.isEmpty()) {
            throw new PkiException(trustProperties + ": key '" + AGENCIES + "' lists no agency");
        }
        checkNoUnknownKeys(properties, codes, trustProperties);
        List<TrustEntry> entries = new ArrayList<>();
        for (String code : codes) {
            entries.add(readEntry(properties, code, base, trustProperties));
        }
        checkExclusive(entries, trustProperties);
        return List.copyOf(entries);
    }

    /**
     * Writes the trust configuration, paths relative to the file's directory when possible.
     *
     * @throws PkiException if two entries share a code or overlapping officer-id prefixes
     */
    public static void write(Path trustProperties, List<TrustEntry> entries) {
        checkExclusive(entries, trustProperties);
        Path base = baseDirectory(trustProperties);
        PropertiesText text = new PropertiesText()
                .comment("Liaison server trust configuration: one entry per trusted agency CA")
                .put(AGENCIES, String.join(",", entries.stream().map(e -> e.agency().code()).toList()));
        for (TrustEntry entry : entries) {
            AgencySpec agency = entry.agency();
            String prefix = "agency." + agency.code() + ".";
            text.blank()
                    .put(prefix + NAME, agency.name())
                    .put(prefix + NATION, agency.nation())
                    .put(prefix + OFFICER_PREFIX, agency.officerPrefix())
                    .put(prefix + CA, relative(base, entry.caCertificate()))
                    .put(prefix + CRL, relative(base, entry.crl()));
        }
        text.writeTo(trustProperties);
    }

    /**
     * Adds {@code entry} to the file (created if missing), replacing the entry with the same agency
     * code in place.
     *
     * @return whether an entry was replaced
     */
    public static boolean addOrReplace(Path trustProperties, TrustEntry entry) {
        List<TrustEntry> entries = Files.exists(trustProperties)
                ? new ArrayList<>(read(trustProperties)) : new ArrayList<>();
        boolean replaced = false;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).agency().code().equals(entry.agency().code())) {
                entries.set(i, entry);
                replaced = true;
            }
        }
        if (!replaced) {
            entries.add(entry);
        }
        write(trustProperties, entries);
        return replaced;
    }

    private static TrustEntry readEntry(Properties properties, String code, Path base, Path file) {
        String prefix = "agency." + code + ".";
        String name = PropertiesText.required(properties, prefix + NAME, file);
        String nation = PropertiesText.required(properties, prefix + NATION, file);
        String officerPrefix = PropertiesText.required(properties, prefix + OFFICER_PREFIX, file);
        AgencySpec agency;
        try {
            agency = new AgencySpec(code, nation, name, officerPrefix);
        } catch (IllegalArgumentException e) {
            throw new PkiException(file + ": invalid agency '" + code + "' (keys " + prefix + "*): " + e.getMessage(), e);
        }
        return new TrustEntry(agency, path(properties, prefix + CA, base, file), path(properties, prefix + CRL, base, file));
    }

    private static Path path(Properties properties, String key, Path base, Path file) {
        String value = PropertiesText.required(properties, key, file);
        try {
            return base.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new PkiException(file + ": key '" + key + "' is not a valid path: " + value, e);
        }
    }

    private static void checkNoUnknownKeys(Properties properties, Set<String> codes, Path file) {
        for (String key : properties.stringPropertyNames()) {
            if (key.equals(AGENCIES)) {
                continue;
            }
            boolean known = codes.stream().anyMatch(code ->
                    FIELDS.stream().anyMatch(field -> key.equals("agency." + code + "." + field)));
            if (!known) {
                throw new PkiException(file + ": unknown key '" + key + "' (is its agency listed in '" + AGENCIES
                        + "'? fields are " + FIELDS + ")");
            }
        }
    }

    /** Refuses duplicate codes and officer-id prefixes of which one starts with another. */
    private static void checkExclusive(List<TrustEntry> entries, Path file) {
        Set<String> codes = new HashSet<>();
        for (TrustEntry entry : entries) {
            if (!codes.add(entry.agency().code())) {
                throw new PkiException(file + ": agency '" + entry.agency().code() + "' appears twice");
            }
        }
        for (TrustEntry a : entries) {
            for (TrustEntry b : entries) {
                if (a != b && b.agency().officerPrefix().startsWith(a.agency().officerPrefix())) {
                    throw new PkiException(file + ": officer prefix '" + b.agency().officerPrefix() + "' of agency '"
                            + b.agency().code() + "' starts with the prefix '" + a.agency().officerPrefix()
                            + "' of agency '" + a.agency().code() + "'; prefixes must not overlap");
                }
            }
        }
    }

    private static Path baseDirectory(Path trustProperties) {
        return trustProperties.toAbsolutePath().normalize().getParent();
    }

    private static String relative(Path base, Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.getRoot() != null && absolute.getRoot().equals(base.getRoot())) {
            return base.relativize(absolute).toString().replace(File.separatorChar, '/');
        }
        return absolute.toString();
    }
}
