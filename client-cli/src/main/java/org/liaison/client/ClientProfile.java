package org.liaison.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the client needs to connect as one officer from one device: the
 * server address, the officer's PKCS#12 identity and its password, the
 * operator CA that signs the server's certificate, the agency CAs used to
 * verify other officers' keys, and this installation's device id.
 *
 * <p>A profile is normally {@linkplain #load(Path) loaded} from the directory
 * the PKI tool writes. The password is held in memory only; {@link #toString()}
 * never shows it and {@link #password()} returns a copy.
 *
 * @param host      server host name (checked against the server certificate)
 * @param port      server TCP port
 * @param identity  PKCS#12 file holding the officer's key and certificate chain
 * @param password  password of {@code identity}
 * @param serverCa  PEM file with the CA certificate(s) the server's certificate must chain to
 * @param agencyCas PEM file with the trusted agency CA certificates, if configured
 * @param deviceId  this installation's device id: 1-64 characters of {@code [A-Za-z0-9._-]}
 */
public record ClientProfile(
        String host,
        int port,
        Path identity,
        char[] password,
        Path serverCa,
        Optional<Path> agencyCas,
        String deviceId) {

    /** Name of the properties file inside a profile directory. */
    public static final String PROPERTIES_FILE = "liaison.properties";
    /** Name of the file that persists a generated device id. */
    public static final String DEVICE_ID_FILE = "device-id";
    /** Environment variable consulted when the profile has no password file. */
    public static final String PASSWORD_ENV = "LIAISON_PASSWORD";

    private static final Logger log = LoggerFactory.getLogger(ClientProfile.class);
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Validates the values and copies the password. */
    public ClientProfile {
        new ServerAddress(host, port);
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(serverCa, "serverCa");
        Objects.requireNonNull(agencyCas, "agencyCas");
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("device id must be 1-64 characters of [A-Za-z0-9._-], got '" + deviceId + "'");
        }
        password = password.clone();
    }

    /**
     * Loads the profile in {@code profileDir}.
     *
     * <p>{@code liaison.properties} holds {@code server=host:port} (required)
     * and the file names {@code identity} (default {@code identity.p12}),
     * {@code password-file} (default {@code identity.pass}), {@code server-ca}
     * (default {@code server-ca.pem}) and {@code agency-cas} (default
     * {@code agency-cas.pem}, optional), relative to the directory. The
     * password comes from the password file, else from the environment
     * variable {@value #PASSWORD_ENV}. The device id comes from the
     * {@code device-id} key, else from the file {@value #DEVICE_ID_FILE} in the
     * directory; if neither exists one is generated ({@code cli-} and 8 hex
     * digits) and written to that file so the next run reuses it.
     *
     * @throws ProfileException naming the file concerned if the profile is missing, unreadable or malformed
     */
    public static ClientProfile load(Path profileDir) {
        return load(profileDir, System::getenv);
    }

    static ClientProfile load(Path profileDir, UnaryOperator<String> env) {
        Path dir = profileDir.toAbsolutePath().normalize();
        Path propertiesFile = dir.resolve(PROPERTIES_FILE);
        Properties properties = readProperties(propertiesFile);

        String serverText = properties.getProperty("server");
        if (serverText == null || serverText.isBlank()) {
            throw new ProfileException(propertiesFile + ": missing key 'server' (host:port)");
        }
        ServerAddress server;
        try {
            server = ServerAddress.parse(serverText);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(propertiesFile + ": invalid 'server': " + e.getMessage(), e);
        }

        Path identity = requireFile(propertiesFile, "identity",
                dir.resolve(properties.getProperty("identity", "identity.p12").strip()));
        Path serverCa = requireFile(propertiesFile, "server certificate authority",
                dir.resolve(properties.getProperty("server-ca", "server-ca.pem").strip()));
        Optional<Path> agencyCas = agencyCas(dir, properties);
        Path passwordFile = dir.resolve(properties.getProperty("password-file", "identity.pass").strip());
        char[] password = readPassword(passwordFile, env);
        String deviceId = deviceId(dir, propertiesFile, properties);
        try {
            return new ClientProfile(server.host(), server.port(), identity, password, serverCa, agencyCas, deviceId);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** This profile with another server address (e.g. from {@code --server}). */
    public ClientProfile withServer(String newHost, int newPort) {
        return new ClientProfile(newHost, newPort, identity, password, serverCa, agencyCas, deviceId);
    }

    /** This profile with another device id. */
    public ClientProfile withDeviceId(String newDeviceId) {
        return new ClientProfile(host, port, identity, password, serverCa, agencyCas, newDeviceId);
    }

    /** The server address as one value. */
    public ServerAddress server() {
        return new ServerAddress(host, port);
    }

    /** A copy of the identity's password; the caller may wipe it after use. */
    @Override
    public char[] password() {
        return password.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientProfile that
                && host.equals(that.host)
                && port == that.port
                && identity.equals(that.identity)
                && Arrays.equals(password, that.password)
                && serverCa.equals(that.serverCa)
                && agencyCas.equals(that.agencyCas)
                && deviceId.equals(that.deviceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, identity, serverCa, agencyCas, deviceId);
    }

    /** Everything except the password. */
    @Override
    public String toString() {
        return "ClientProfile[server=" + server() + ", identity=" + identity + ", password=(hidden)"
                + ", serverCa=" + serverCa + ", agencyCas=" + agencyCas + ", deviceId=" + deviceId + "]";
    }

    private static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ProfileException("no Liaison profile: " + file + " does not exist"
                    + " (choose the profile directory with --profile or LIAISON_PROFILE)", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ProfileException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    private static Path requireFile(Path propertiesFile, String what, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ProfileException(what + " file " + file + " (named in " + propertiesFile + ") does not exist");
        }
        if (!Files.isReadable(file)) {
            throw new ProfileException(what + " file " + file + " is not readable");
        }
        return file;
    }

    private static Optional<Path> agencyCas(Path dir, Properties properties) {
        String configured = properties.getProperty("agency-cas");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(dir.resolve(configured.strip()));
        }
        Path conventional = dir.resolve("agency-cas.pem");
        return Files.isRegularFile(conventional) ? Optional.of(conventional) : Optional.empty();
    }

    private static char[] readPassword(Path passwordFile, UnaryOperator<String> env) {
        if (Files.isRegularFile(passwordFile)) {
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                // Only the line ending is dropped: leading or inner spaces may be part of the password.
                return text.replaceFirst("\\R\\z", "").toCharArray();
            } catch (IOException e) {
                throw new ProfileException("cannot read password file " + passwordFile + ": " + e.getMessage(), e);
            }
        }
        String fromEnv = env.apply(PASSWORD_ENV);
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        throw new ProfileException("no password for the identity: " + passwordFile
                + " does not exist and " + PASSWORD_ENV + " is not set");
    }

    private static String deviceId(Path dir, Path propertiesFile, Properties properties) {
        String configured = properties.getProperty("device-id");
        if (configured != null && !configured.isBlank()) {
            return checkDeviceId(configured.strip(), propertiesFile);
        }
        Path file = dir.resolve(DEVICE_ID_FILE);
        if (Files.isRegularFile(file)) {
            return readDeviceId(file);
        }
        String generated = "cli-" + HexFormat.of().formatHex(randomBytes(4));
        try {
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            // Another process generated one first: use theirs so both runs agree.
            return readDeviceId(file);
        } catch (IOException e) {
            log.warn("cannot save the new device id to {}: {}; it will change on the next run", file, e.toString());
        }
        return generated;
    }

    private static String readDeviceId(Path file) {
        try {
            return checkDeviceId(Files.readString(file, StandardCharsets.UTF_8).strip(), file);
        } catch (IOException e) {
            throw new ProfileException("cannot read device id file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String checkDeviceId(String deviceId, Path source) {
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new ProfileException(source + ": invalid device id '" + deviceId
                    + "' (1-64 characters of A-Z, a-z, 0-9, '.', '_', '-')");
        }
        return deviceId;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
