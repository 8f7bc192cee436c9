package org.liaison.client.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.liaison.client.crypto.VerifiedBundle;

/**
 * The fingerprints of every device key this profile has verified, so that a change is noticed:
 * the trust-on-first-use memory behind the loud key change warning of DESIGN.md.
 *
 * <p>{@link #observe} compares verified bundles with what the profile knows. A device seen for the
 * first time is recorded silently ({@link Status#NEW}); the same keys again are {@link Status#KNOWN};
 * other keys for a known device are a {@link Status#CHANGED key change}: a line is appended to
 * {@value #CHANGE_LOG_NAME} (time, officer, device, old and new fingerprint), the caller gets a
 * {@link KeyChange}, and the new fingerprint becomes the known one (the change is reported once).
 *
 * <p>Files in the profile directory: {@value #FILE_NAME} (JSON, format
 * {@value #FORMAT}), {@value #CHANGE_LOG_NAME}, and {@value #LOCK_FILE_NAME} (empty, for locking).
 * Each {@link #observe} call reads, compares and rewrites the file under an exclusive lock on the
 * lock file (held across processes) and replaces it atomically (temporary file, then rename), so
 * concurrent CLI processes neither lose each other's devices nor see a half-written file.
 *
 * <p>A damaged {@value #FILE_NAME} is refused with a {@link KnownKeysException} naming it, never
 * reset silently: forgetting the known keys would turn the next substituted key into a silent
 * "new device". The officer moves the file away to start over (every device then shows as new).
 */
public final class KnownKeys {

    /** File name of the known keys inside a profile directory. */
    public static final String FILE_NAME = "known-keys.json";
    /** File name of the key change log inside a profile directory. */
    public static final String CHANGE_LOG_NAME = "key-changes.log";
    /** File name of the lock file inside a profile directory. */
    public static final String LOCK_FILE_NAME = "known-keys.lock";
    /** The {@code format} value of the known keys file. */
    public static final String FORMAT = "liaison-known-keys-1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{4}( [0-9a-f]{4}){7}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /**
     * One monitor per file in this JVM: a file lock is held by the whole process, so threads of
     * one process must also exclude each other before taking it.
     */
    private static final ConcurrentMap<Path, Object> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path changeLog;
    private final Path lockFile;
    private final Clock clock;

    /** How a verified device compares with what this profile knew. */
    public enum Status {
        /** The device was not known: now it is. */
        NEW,
        /** The device is known with exactly these keys. */
        KNOWN,
        /** The device was known with other keys: a key change, logged and now known. */
        CHANGED
    }

    /**
     * One verified bundle as compared with the known keys.
     *
     * @param bundle the verified bundle
     * @param status how it compares
     * @param change the key change, present exactly when {@code status} is {@link Status#CHANGED}
     */
    public record Observation(VerifiedBundle bundle, Status status, Optional<KeyChange> change) {

        public Observation {
            Objects.requireNonNull(bundle, "bundle");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(change, "change");
        }
    }

    /**
     * A device this profile knows.
     *
     * @param officerId   the officer
     * @param deviceId    the device
     * @param fingerprint the fingerprint of its known keys
     * @param since       when this profile first saw these keys
     */
    public record KnownDevice(String officerId, String deviceId, String fingerprint, Instant since) {

        public KnownDevice {
            Objects.requireNonNull(officerId, "officerId");
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(since, "since");
        }
    }

    private record DeviceKey(String officerId, String deviceId) implements Comparable<DeviceKey> {

        @Override
        public int compareTo(DeviceKey other) {
            int byOfficer = officerId.compareTo(other.officerId);
            return byOfficer != 0 ? byOfficer : deviceId.compareTo(other.deviceId);
        }
    }

    /** Known keys kept in {@code file}, changes logged to {@code changeLog}, locked with {@code lockFile}. */
    public KnownKeys(Path file, Path changeLog, Path lockFile, Clock clock) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.changeLog = Objects.requireNonNull(changeLog, "changeLog").toAbsolutePath().normalize();
        this.lockFile = Objects.requireNonNull(lockFile, "lockFile").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The known keys of the profile in {@code profileDir}, on the system clock. */
    public static KnownKeys inProfile(Path profileDir) {
        return inProfile(profileDir, Clock.systemUTC());
    }

    /** The known keys of the profile in {@code profileDir}. */
    public static KnownKeys inProfile(Path profileDir, Clock clock) {
        return new KnownKeys(profileDir.resolve(FILE_NAME), profileDir.resolve(CHANGE_LOG_NAME),
                profileDir.resolve(LOCK_FILE_NAME), clock);
    }

    /** The known keys file. */
    public Path file() {
        return file;
    }

    /** The key change log. */
    public Path changeLog() {
        return changeLog;
    }

    /**
     * Compares {@code bundles} with the known keys and records what is new or changed (see the
     * type's documentation). A device listed twice is compared twice, in order.
     *
     * @return one observation per bundle, in the order given
     * @throws KnownKeysException if the files cannot be read or written, or the known keys file is damaged
     */
    public List<Observation> observe(Collection<VerifiedBundle> bundles) {
        List<VerifiedBundle> seen = List.copyOf(bundles);
        if (seen.isEmpty()) {
            return List.of();
        }
        return locked(() -> {
            Map<DeviceKey, KnownDevice> known = read();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<Observation> observations = new ArrayList<>();
            List<KeyChange> changes = new ArrayList<>();
            for (VerifiedBundle bundle : seen) {
                DeviceKey key = new DeviceKey(bundle.officerId(), bundle.deviceId());
                KnownDevice before = known.get(key);
                if (before != null && before.fingerprint().equals(bundle.fingerprint())) {
                    observations.add(new Observation(bundle, Status.KNOWN, Optional.empty()));
                    continue;
                }
                known.put(key, new KnownDevice(bundle.officerId(), bundle.deviceId(), bundle.fingerprint(), now));
                if (before == null) {
                    observations.add(new Observation(bundle, Status.NEW, Optional.empty()));
                } else {
                    KeyChange change = new KeyChange(bundle.officerId(), bundle.deviceId(), before.fingerprint(),
                            bundle.fingerprint(), now);
                    changes.add(change);
                    observations.add(new Observation(bundle, Status.CHANGED, Optional.of(change)));
                }
            }
            if (observations.stream().anyMatch(observation -> observation.status() != Status.KNOWN)) {
                // The log first: if it cannot be written the known keys stay as they were, and the
                // change is reported again next time instead of never.
                appendToLog(changes);
                write(known);
            }
            return List.copyOf(observations);
        });
    }

    /**
     * The known fingerprint of a device, if this profile knows it.
     *
     * @throws KnownKeysException if the file cannot be read or is damaged
     */
    public Optional<String> fingerprintOf(String officerId, String deviceId) {
        return Optional.ofNullable(read().get(new DeviceKey(officerId, deviceId))).map(KnownDevice::fingerprint);
    }

    /**
     * Every known device, sorted by officer then device.
     *
     * @throws KnownKeysException if the file cannot be read or is damaged
     */
    public List<KnownDevice> devices() {
        return List.copyOf(read().values());
    }

    private Map<DeviceKey, KnownDevice> read() {
        byte[] contents;
        try {
            contents = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new KnownKeysException("cannot read the known keys " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(contents);
        } catch (IOException e) {
            throw damaged("not JSON", e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw damaged("no \"format\": \"" + FORMAT + "\"", null);
        }
        JsonNode devices = root.path("devices");
        if (!devices.isArray()) {
            throw damaged("no \"devices\" list", null);
        }
        Map<DeviceKey, KnownDevice> known = new TreeMap<>();
        for (JsonNode entry : devices) {
            KnownDevice device = parse(entry, known.size());
            known.put(new DeviceKey(device.officerId(), device.deviceId()), device);
        }
        return known;
    }

    private KnownDevice parse(JsonNode entry, int index) {
        String officer = text(entry, "officer");
        String device = text(entry, "device");
        String fingerprint = text(entry, "fingerprint");
        if (officer.isEmpty() || !DEVICE_ID.matcher(device).matches() || !FINGERPRINT.matcher(fingerprint).matches()) {
            throw damaged("device entry " + index + " lacks a valid officer, device or fingerprint", null);
        }
        try {
            return new KnownDevice(officer, device, fingerprint, Instant.parse(text(entry, "since")));
        } catch (DateTimeException e) {
            throw damaged("device entry " + index + " has no valid \"since\" time", e);
        }
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    private void write(Map<DeviceKey, KnownDevice> known) {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
        ArrayNode devices = root.putArray("devices");
        for (KnownDevice device : known.values()) {
            devices.addObject()
                    .put("officer", device.officerId())
                    .put("device", device.deviceId())
                    .put("fingerprint", device.fingerprint())
                    .put("since", device.since().toString());
        }
        try {
            AtomicFile.write(file, (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the known keys", e);
        } catch (IOException e) {
            throw new KnownKeysException("cannot write the known keys " + file + ": " + e.getMessage(), e);
        }
    }

    private void appendToLog(List<KeyChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (KeyChange change : changes) {
            lines.append(change.detected()).append(" key change: officer ").append(printable(change.officerId()))
                    .append(" device ").append(change.deviceId())
                    .append(" old ").append(change.previousFingerprint())
                    .append(" new ").append(change.fingerprint()).append('\n');
        }
        try {
            // One write in append mode: lines of concurrent processes do not interleave.
            Files.writeString(changeLog, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new KnownKeysException("cannot record a key change in " + changeLog + ": " + e.getMessage(), e);
        }
    }

    private <T> T locked(LockedAction<T> action) {
        Object monitor = PROCESS_LOCKS.computeIfAbsent(file, path -> new Object());
        synchronized (monitor) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                // Released when the channel closes.
                channel.lock();
                return action.run();
            } catch (IOException e) {
                throw new KnownKeysException("cannot lock the known keys (" + lockFile + "): " + e.getMessage(), e);
            }
        }
    }

    @FunctionalInterface
    private interface LockedAction<T> {
        T run();
    }

    private KnownKeysException damaged(String what, Exception cause) {
        return new KnownKeysException(file + " is damaged (" + what + "). It remembers the keys this profile has"
                + " already seen, so it is not reset silently: restore it, or move it away to start over (every"
                + " device will then show as new)", cause);
    }

    /** The officer id with anything that could forge or break a log line replaced by '?'. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || Character.isWhitespace(c)
                ? '?' : c));
        return out.toString();
    }

    @Override
    public String toString() {
        return "KnownKeys[" + file + "]";
    }
}
