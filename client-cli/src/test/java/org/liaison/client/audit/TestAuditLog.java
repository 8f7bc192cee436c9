package org.liaison.client.audit;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditHashes;
import org.liaison.audit.Checkpoint;
import org.liaison.testing.TestPki;

/**
 * An audit log made the way the server makes it (the shared {@link AuditEntry#create}), with
 * checkpoints signed by an audit key from a {@link TestPki}: for the client's tests of what it
 * does with entries and checkpoints, without a server.
 */
public final class TestAuditLog {

    public static final String CHANNEL = "c-7f3a";
    public static final String KARIM = "ma-dgsn.karim.benali";
    public static final String CLAIRE = "fr-pn.claire.martin";
    /** The first entry's time: ten minutes ago, when the test audit certificates are valid. */
    public static final long START_MS = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();

    private final TestPki.Issued signer;
    private final List<AuditEntry> entries = new ArrayList<>();
    private final Map<Long, Checkpoint> checkpoints = new ConcurrentHashMap<>();

    public TestAuditLog(TestPki.Issued signer) {
        this.signer = signer;
    }

    /** Appends an entry one second after the previous one. */
    public AuditEntry append(String actor, String action, String channel, String target, String details) {
        byte[] prev = entries.isEmpty() ? AuditHashes.genesis() : entries.get(entries.size() - 1).entryHash();
        AuditEntry entry = AuditEntry.create(entries.size() + 1, START_MS + 1000L * entries.size(), actor, action,
                channel, target, details, prev);
        entries.add(entry);
        return entry;
    }

    /**
     * A varied log of 12 entries: channel events of {@link #CHANNEL} and another channel,
     * connections, and the texts an export must carry exactly (line breaks, commas, quotes, Arabic,
     * a spreadsheet formula).
     */
    public static TestAuditLog sample(TestPki.Issued signer) {
        TestAuditLog log = new TestAuditLog(signer);
        log.append("server", "server.started", "", "", "agencies=3\nversion=0.1.0");
        log.append(KARIM, "connection.accepted", "", "=HYPERLINK(\"http://x\",\"open\")", "peer=127.0.0.1:5555");
        log.append(CLAIRE, "channel.created", CHANNEL, CHANNEL, "channel_seq=1\nkind=group");
        log.append(CLAIRE, "member.added", CHANNEL, KARIM, "channel_seq=1\nrole=member");
        log.append(KARIM, "message.stored", CHANNEL, "m-1", "envelope_sha256=ab12\nrecipient_devices=2");
        log.append(CLAIRE, "message.stored", "c-other", "m-2", "note=\"quoted\", with a comma");
        log.append(KARIM, "message.delivered", CHANNEL, "laptop", "from_seq=1\nto_seq=2");
        log.append("127.0.0.1:40000", "connection.refused", "", "", "reason=certificate revoked\nstage=tls");
        log.append(KARIM, "message.stored", CHANNEL, "m-3", "text=اجتماع عند البوابة ٤");
        log.append(CLAIRE, "member.removed", CHANNEL, KARIM, "channel_seq=4\nrole=member");
        log.append(KARIM, "keys.published", "", "laptop", "-leading=minus\n@at=sign");
        log.append("server", "server.stopped", "", "", "");
        return log;
    }

    public List<AuditEntry> entries() {
        return List.copyOf(entries);
    }

    public AuditEntry entry(long seq) {
        return entries.get((int) seq - 1);
    }

    /** The checkpoint of entry {@code seq} (signed once: ECDSA signatures differ each time). */
    public Checkpoint checkpoint(long seq) {
        return checkpoints.computeIfAbsent(seq, s -> sign(s, entry(s).entryHash(), entry(s).timeMs() + 500, signer));
    }

    /** A checkpoint of {@code hash} at {@code seq}, signed by {@code by}. */
    public static Checkpoint sign(long seq, byte[] hash, long timeMs, TestPki.Issued by) {
        String keyId = Checkpoint.keyIdOf(by.certificate());
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(by.keyPair().getPrivate());
            signature.update(Checkpoint.signedBytes(seq, hash, timeMs, keyId));
            return new Checkpoint(seq, hash, timeMs, signature.sign(), keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
