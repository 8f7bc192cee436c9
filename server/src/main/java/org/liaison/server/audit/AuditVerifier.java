package org.liaison.server.audit;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.liaison.server.audit.AuditFailure.Reason;

/**
 * Recomputes the audit log's hash chain from its first entry and checks every signed checkpoint
 * against it and against the audit certificates. Reports every sequence number that fails, with
 * the most specific reason it can tell (docs/audit.md, "Verification").
 *
 * <p>What this proves, and what not: an entry that verifies and is covered by a valid checkpoint
 * is as it was when the checkpoint was signed. Entries after the newest checkpoint prove only
 * that they are consistent with each other: whoever holds the database and the audit key can
 * rewrite them, and can delete checkpoints too, unless an auditor kept a later one.
 */
public final class AuditVerifier {
  /** How far from its place a moved entry is looked for. */
  static final int MOVE_WINDOW = 16;
  /** Most missing sequence numbers listed one by one for one gap. */
  static final int MAX_LISTED_GAP = 1000;

  private final Map<String, X509Certificate> certificates;

  /** @param auditCertificates the certificates whose keys may sign checkpoints */
  public AuditVerifier(List<X509Certificate> auditCertificates) {
    this.certificates = auditCertificates.stream()
        .collect(Collectors.toMap(AuditSigner::keyId, Function.identity(), (a, b) -> a));
  }

  public AuditVerification verify(Connection c) throws SQLException {
    AuditRepository repository = new AuditRepository();
    return verify(repository.all(c), repository.checkpoints(c));
  }

  public AuditVerification verify(List<AuditEntry> entries, List<Checkpoint> checkpoints) {
    List<AuditFailure> failures = new ArrayList<>();
    checkChain(entries, failures);
    long lastSeq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
    Map<Long, AuditEntry> bySeq = entries.stream()
        .collect(Collectors.toMap(AuditEntry::seq, Function.identity(), (a, b) -> a));
    long lastCheckpoint = 0;
    for (Checkpoint checkpoint : checkpoints) {
      lastCheckpoint = Math.max(lastCheckpoint, checkpoint.seq());
      checkCheckpoint(checkpoint, bySeq, failures);
    }
    if (lastCheckpoint > lastSeq) {
      failures.add(new AuditFailure(lastSeq + 1, Reason.TRUNCATED, "the log ends at " + lastSeq
          + " but a signed checkpoint covers up to " + lastCheckpoint + ": entries "
          + (lastSeq + 1) + "-" + lastCheckpoint + " are gone"));
    }
    failures.sort(Comparator.comparingLong(AuditFailure::seq)
        .thenComparing(AuditFailure::reason));
    return new AuditVerification(entries.size(), lastSeq, checkpoints.size(), lastCheckpoint,
        failures);
  }

  private static void checkChain(List<AuditEntry> entries, List<AuditFailure> failures) {
    byte[] before = AuditEntry.GENESIS;
    long expected = 1;
    boolean previousMoved = false;
    for (int i = 0; i < entries.size(); i++) {
      AuditEntry e = entries.get(i);
      boolean gap = e.seq() > expected;
      if (gap) {
        reportGap(expected, e.seq(), failures);
      }
      expected = Math.max(expected, e.seq() + 1);
      AuditEntry next = i + 1 < entries.size() ? entries.get(i + 1) : null;
      boolean linked = MessageDigest.isEqual(e.prevHash(), before);
      boolean selfConsistent = e.hashMatches();
      long writtenAt = selfConsistent ? e.seq() : writtenAt(e);
      boolean moved = writtenAt != e.seq();
      if (moved) {
        failures.add(new AuditFailure(e.seq(), Reason.MOVED,
            "this entry was written as entry " + writtenAt + " (rows reordered or renumbered)"));
      } else if (next != null && !MessageDigest.isEqual(next.prevHash(), e.entryHash())
          && MessageDigest.isEqual(next.prevHash(), before)) {
        // The chain goes around this entry: it was put in between two entries that were written
        // one after the other. The next entry is compared with the same predecessor.
        failures.add(new AuditFailure(e.seq(), Reason.INSERTED,
            "not in the chain: entry " + next.seq() + " links to the entry before it"));
        previousMoved = false;
        continue;
      } else if (!selfConsistent) {
        failures.add(new AuditFailure(e.seq(), Reason.EDITED,
            "its fields do not hash to its entry_hash " + shortHex(e.entryHash())));
      } else if (!linked && !gap && !previousMoved) {
        failures.add(new AuditFailure(e.seq(), Reason.CHAIN_BROKEN,
            "its prev_hash is not the entry_hash of entry " + (e.seq() - 1)
                + " (one of the two was rewritten)"));
      }
      previousMoved = moved;
      before = e.entryHash();
    }
  }

  private static void reportGap(long from, long to, List<AuditFailure> failures) {
    long listed = Math.min(to, from + MAX_LISTED_GAP);
    for (long missing = from; missing < listed; missing++) {
      failures.add(new AuditFailure(missing, Reason.DELETED,
          "missing: the log goes from " + (from - 1) + " to " + to));
    }
    if (listed < to) {
      failures.add(new AuditFailure(listed, Reason.DELETED,
          "and " + (to - listed) + " more missing up to " + (to - 1)));
    }
  }

  /** The sequence number near its place at which the entry's hash matches, else its own. */
  private static long writtenAt(AuditEntry e) {
    for (long d = 1; d <= MOVE_WINDOW; d++) {
      for (long candidate : new long[] {e.seq() - d, e.seq() + d}) {
        if (candidate >= 1
            && MessageDigest.isEqual(e.recomputedHashAt(candidate), e.entryHash())) {
          return candidate;
        }
      }
    }
    return e.seq();
  }

  private void checkCheckpoint(Checkpoint checkpoint, Map<Long, AuditEntry> bySeq,
      List<AuditFailure> failures) {
    X509Certificate certificate = certificates.get(checkpoint.keyId());
    if (certificate == null) {
      failures.add(new AuditFailure(checkpoint.seq(), Reason.UNKNOWN_KEY,
          "checkpoint signed by key " + checkpoint.keyId() + ", not a given audit certificate"));
    } else if (!checkpoint.signatureValid(certificate.getPublicKey())) {
      failures.add(new AuditFailure(checkpoint.seq(), Reason.BAD_SIGNATURE,
          "the checkpoint's signature does not verify"));
    }
    AuditEntry entry = bySeq.get(checkpoint.seq());
    if (entry != null && !MessageDigest.isEqual(entry.entryHash(), checkpoint.entryHash())) {
      failures.add(new AuditFailure(checkpoint.seq(), Reason.CHECKPOINT_MISMATCH,
          "the checkpoint signed hash " + shortHex(checkpoint.entryHash()) + ", the log has "
              + shortHex(entry.entryHash())));
    }
  }

  private static String shortHex(byte[] hash) {
    return HexFormat.of().formatHex(hash, 0, Math.min(8, hash.length));
  }
}
