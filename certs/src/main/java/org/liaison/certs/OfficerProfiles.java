package org.liaison.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes an officer profile: the directory an agency hands to an officer and that the
 * {@code liaison} client reads.
 *
 * <pre>
 * identity.p12        PKCS#12, alias "identity": key, certificate and chain up to the agency CA
 * identity.pass       the PKCS#12 password (only when generated here; mode 0600, no newline)
 * cert.pem            the chain, leaf first
 * key.pem             PKCS#8, encrypted with the same password (mode 0600)
 * server-ca.pem       the operator CA certificate (to verify the server)
 * agency-cas.pem      every trusted agency CA certificate (to verify other officers' keys)
 * liaison.properties  server, identity, password-file, server-ca, agency-cas (paths relative to the profile)
 * </pre>
 *
 * <p>{@code password-file} is written only when {@code identity.pass} is; without it the client
 * must ask the officer for the password.
 */
public final class OfficerProfiles {

    /** The PKCS#12 file. */
    public static final String IDENTITY_FILE = "identity.p12";
    /** The generated password of the PKCS#12 file. */
    public static final String PASSWORD_FILE = "identity.pass";
    /** The certificate chain. */
    public static final String CERT_FILE = "cert.pem";
    /** The encrypted PKCS#8 key. */
    public static final String KEY_FILE = "key.pem";
    /** The operator CA certificate. */
    public static final String SERVER_CA_FILE = "server-ca.pem";
    /** The trusted agency CA certificates. */
    public static final String AGENCY_CAS_FILE = "agency-cas.pem";
    /** The client configuration. */
    public static final String PROPERTIES_FILE = "liaison.properties";
    /** The server address written when none is given. */
    public static final String DEFAULT_SERVER_ADDRESS = "localhost:7443";

    private static final Pattern SERVER_ADDRESS = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+):(\\d{1,5})");
    private static final char[] PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final int PASSWORD_LENGTH = 24;

    private OfficerProfiles() {
    }

    /** Writes a new profile; refuses a directory that already holds one. See {@link #write(Path, IssuedIdentity, char[], X509Certificate, List, String, boolean)}. */
    public static Path write(Path profileDir, IssuedIdentity identity, char[] passwordOrNull,
                             X509Certificate serverCa, List<X509Certificate> agencyCas, String serverAddress) {
        return write(profileDir, identity, passwordOrNull, serverCa, agencyCas, serverAddress, false);
    }

    /**
     * Writes the profile of {@code identity} to {@code profileDir} (created if needed).
     *
     * @param passwordOrNull the PKCS#12 and key password; null to generate a random one and write it
     *     to {@code identity.pass}
     * @param serverAddress {@code host:port} the client connects to
     * @param force whether to replace an existing profile
     * @return {@code profileDir}
     * @throws PkiException if the directory already holds a profile and {@code force} is false
     */
    public static Path write(Path profileDir, IssuedIdentity identity, char[] passwordOrNull,
                             X509Certificate serverCa, List<X509Certificate> agencyCas, String serverAddress,
                             boolean force) {
        checkServerAddress(serverAddress);
        if (agencyCas.isEmpty()) {
            throw new IllegalArgumentException("a profile needs at least one trusted agency CA certificate");
        }
        if (Files.exists(profileDir.resolve(IDENTITY_FILE)) && !force) {
            throw new PkiException("refusing to overwrite the existing profile in " + profileDir + " (use --force)");
        }
        PkiFiles.createDirectories(profileDir);
        char[] password = passwordOrNull == null ? generatePassword() : passwordOrNull;
        try {
            identity.writePkcs12(profileDir.resolve(IDENTITY_FILE), password);
            identity.writePem(profileDir.resolve(CERT_FILE), profileDir.resolve(KEY_FILE), password);
            if (passwordOrNull == null) {
                PkiFiles.write(profileDir.resolve(PASSWORD_FILE), ascii(password), true);
            } else {
                // a password file left by an earlier profile would now hold the wrong password
                deleteIfExists(profileDir.resolve(PASSWORD_FILE));
            }
        } finally {
            if (passwordOrNull == null) {
                Arrays.fill(password, '\0');
            }
        }
        Pem.writeCertificate(profileDir.resolve(SERVER_CA_FILE), serverCa);
        Pem.writeCertificates(profileDir.resolve(AGENCY_CAS_FILE), agencyCas);
        writeProperties(profileDir, identity, serverAddress, passwordOrNull == null);
        return profileDir;
    }

    /** A random password of {@value #PASSWORD_LENGTH} unambiguous letters and digits (about 140 bits). */
    public static char[] generatePassword() {
        SecureRandom random = PkiCrypto.random();
        char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)];
        }
        return password;
    }

    /**
     * Checks a {@code host:port} or {@code [ipv6]:port} address.
     *
     * @throws IllegalArgumentException if it is neither
     */
    public static void checkServerAddress(String address) {
        var matcher = SERVER_ADDRESS.matcher(address == null ? "" : address);
        if (!matcher.matches() || Integer.parseInt(matcher.group(2)) < 1 || Integer.parseInt(matcher.group(2)) > 65535) {
            throw new IllegalArgumentException("server address '" + address + "' must be host:port (e.g. "
                    + DEFAULT_SERVER_ADDRESS + ")");
        }
    }

    private static void writeProperties(Path profileDir, IssuedIdentity identity, String serverAddress,
                                        boolean withPasswordFile) {
        String subject = identity.certificate().getSubjectX500Principal().getName();
        PropertiesText text = new PropertiesText()
                .comment("Liaison officer profile for " + subject)
                .comment("Paths are relative to this directory.")
                .put("server", serverAddress)
                .put("identity", IDENTITY_FILE);
        if (withPasswordFile) {
            text.put("password-file", PASSWORD_FILE);
        }
        text.put("server-ca", SERVER_CA_FILE)
                .put("agency-cas", AGENCY_CAS_FILE)
                .writeTo(profileDir.resolve(PROPERTIES_FILE));
    }

    private static byte[] ascii(char[] password) {
        byte[] bytes = new byte[password.length];
        for (int i = 0; i < password.length; i++) {
            bytes[i] = (byte) password[i];
        }
        return bytes;
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new PkiException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
