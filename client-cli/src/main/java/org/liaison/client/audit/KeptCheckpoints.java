package org.liaison.client.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.liaison.audit.Checkpoint;
import org.liaison.client.ProfileException;
import org.liaison.client.keys.AtomicFile;

/**
 * The audit checkpoints this profile kept: the auditor's own copy of what the server signed, so
 * that a later rewrite or truncation of the log up to a kept checkpoint is detected even if the
 * server deleted its own checkpoint rows (docs/audit.md, "What it proves").
 *
 * <p>Files in {@code <profile>/audit/}: {@value #CHECKPOINTS_FILE}, one JSON object per kept
 * checkpoint, oldest first ({@code seq}, {@code entry_hash} in hex, {@code time_ms}, {@code time},
 * {@code signature} in base64, {@code key_id}, {@code kept_at}); {@value #CERTIFICATES_FILE}, every
 * audit certificate a kept checkpoint was accepted under, in PEM; and {@value #LOCK_FILE} (empty,
 * for locking).
 *
 * <p>Only ever added to: {@link #keep} reads, adds and rewrites under an exclusive lock held across
 * processes, each file replaced atomically (the certificates first, so a kept checkpoint's
 * certificate is always there). A damaged file is refused with a {@link KeptCheckpointsException},
 * never reset: forgetting a checkpoint would forget the proof it holds.
 */
public final class KeptCheckpoints {

    /** The directory inside a profile. */
    public static final String DIRECTORY = "audit";
    /** The kept checkpoints, one JSON object a line. */
    public static final String CHECKPOINTS_FILE = "checkpoints.jsonl";
    /** The audit certificates kept checkpoints were accepted under. */
    public static final String CERTIFICATES_FILE = "audit-certificates.pem";
    /** The lock file. */
    public static final String LOCK_FILE = "kept.lock";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** A file lock is held by the whole process: threads of one process exclude each other first. */
    private static final ConcurrentMap<Path, Object> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Clock clock;

    private record Kept(Checkpoint checkpoint, Instant keptAt) {
    }

    /** Kept checkpoints in {@code dir} (created when the first one is kept). */
    public KeptCheckpoints(Path dir, Clock clock) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The kept checkpoints of the profile in {@code profileDir}. */
    public static KeptCheckpoints inProfile(Path profileDir, Clock clock) {
        return new KeptCheckpoints(profileDir.resolve(DIRECTORY), clock);
    }

    /** The file of kept checkpoints. */
    public Path checkpointsFile() {
        return dir.resolve(CHECKPOINTS_FILE);
    }

    /** The file of kept audit certificates. */
    public Path certificatesFile() {
        return dir.resolve(CERTIFICATES_FILE);
    }

    /**
     * Every kept checkpoint, by sequence number.
     *
     * @throws KeptCheckpointsException if the file cannot be read or is damaged
     */
    public List<Checkpoint> checkpoints() {
        return readCheckpoints().stream().map(Kept::checkpoint).toList();
    }

    /** The kept checkpoint with the highest sequence number, if any. */
    public Optional<Checkpoint> newest() {
        List<Checkpoint> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Every audit certificate a kept checkpoint was accepted under.
     *
     * @throws KeptCheckpointsException if the file cannot be read
     */
    public List<X509Certificate> certificates() {
        if (!Files.exists(certificatesFile())) {
            return List.of();
        }
        try {
            return CertificateEncoding.readPem(certificatesFile());
        } catch (ProfileException e) {
            throw damaged(certificatesFile(), e.getMessage(), e);
        }
    }

    /**
     * Keeps {@code checkpoint}, signed by {@code signer} (whose chain the caller verified), and the
     * certificate. Keeping a checkpoint already kept (the same seq and hash, even signed again)
     * changes nothing.
     *
     * @return whether the checkpoint was new
     * @throws IllegalArgumentException if {@code signer} did not sign it
     * @throws KeptCheckpointsException if another checkpoint is kept at the same seq (the server
     *         signed two histories: keep both pieces of evidence by hand, not here), or the files
     *         cannot be read or written
     */
    public boolean keep(Checkpoint checkpoint, X509Certificate signer) {
        if (!Checkpoint.keyIdOf(signer).equals(checkpoint.keyId())
                || !checkpoint.signatureValid(signer.getPublicKey())) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.seq() + " is not signed by "
                    + signer.getSubjectX500Principal().getName());
        }
        return locked(() -> {
            List<Kept> kept = new ArrayList<>(readCheckpoints());
            for (Kept existing : kept) {
                if (existing.checkpoint().seq() != checkpoint.seq()) {
                    continue;
                }
                if (sameStatement(existing.checkpoint(), checkpoint)) {
                    return false;
                }
                throw new KeptCheckpointsException("a different checkpoint is already kept at seq " + checkpoint.seq()
                        + " in " + checkpointsFile() + ": the server signed two histories; not keeping the new one");
            }
            List<X509Certificate> certificates = new ArrayList<>(certificates());
            if (!certificates.contains(signer)) {
                certificates.add(signer);
                write(certificatesFile(), CertificateEncoding.pem(certificates));
            }
            kept.add(new Kept(checkpoint, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
            kept.sort(Comparator.comparingLong((Kept k) -> k.checkpoint().seq()));
            StringBuilder lines = new StringBuilder();
            for (Kept k : kept) {
                ObjectNode line = AuditFields.putCheckpoint(JSON.createObjectNode(), k.checkpoint())
                        .put("kept_at", k.keptAt().toString());
                lines.append(toJson(line)).append('\n');
            }
            write(checkpointsFile(), lines.toString());
            return true;
        });
    }

    /** Whether two checkpoints sign the same hash at the same seq (their signatures may differ). */
    static boolean sameStatement(Checkpoint a, Checkpoint b) {
        return a.seq() == b.seq() && MessageDigest.isEqual(a.entryHash(), b.entryHash());
    }

    private List<Kept> readCheckpoints() {
        Path file = checkpointsFile();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new KeptCheckpointsException("cannot read the kept audit checkpoints " + file + ": "
                    + e.getMessage(), e);
        }
        List<Kept> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(lines.get(i));
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                kept.add(new Kept(AuditFields.checkpoint(AuditRow.of(node)),
                        Instant.parse(AuditFields.text(node, "kept_at"))));
            } catch (IOException | IllegalArgumentException | DateTimeException e) {
                throw damaged(file, "line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        kept.sort(Comparator.comparingLong((Kept k) -> k.checkpoint().seq()));
        return kept;
    }

    private void write(Path file, String contents) {
        try {
            Files.createDirectories(dir);
            AtomicFile.write(file, contents.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KeptCheckpointsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private <T> T locked(LockedAction<T> action) {
        Object monitor = PROCESS_LOCKS.computeIfAbsent(dir, path -> new Object());
        synchronized (monitor) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new KeptCheckpointsException("cannot create " + dir + ": " + e.getMessage(), e);
            }
            Path lockFile = dir.resolve(LOCK_FILE);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                // Released when the channel closes.
                channel.lock();
                return action.run();
            } catch (IOException e) {
                throw new KeptCheckpointsException("cannot lock the kept audit checkpoints (" + lockFile + "): "
                        + e.getMessage(), e);
            }
        }
    }

    @FunctionalInterface
    private interface LockedAction<T> {
        T run();
    }

    private static String toJson(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a kept checkpoint", e);
        }
    }

    private static KeptCheckpointsException damaged(Path file, String what, Exception cause) {
        return new KeptCheckpointsException(file + " is damaged (" + what + "). It holds the audit checkpoints this"
                + " profile kept, the proof that the log was not rewritten up to them, so it is not reset: restore"
                + " it from a backup; moving it away gives up that proof", cause);
    }

    @Override
    public String toString() {
        return "KeptCheckpoints[" + dir + "]";
    }
}
