package org.liaison.audit;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.liaison.audit.AuditFailure.Reason;

/**
 * Recomputes the audit log's hash chain and checks every signed checkpoint against it and
 * against the audit certificates. Reports every sequence number that fails, with the most
 * specific reason it can tell (docs/audit.md, "Verification"). Works the same on the database
 * (the server's offline {@code audit verify}), on entries fetched from the server and on an
 * export, where left-out entries are {@link RedactedEntry redacted}.
 *
 * <p>What this proves, and what not: an entry that verifies and is covered by a valid checkpoint
 * is as it was when the checkpoint was signed. Entries after the newest checkpoint prove only
 * that they are consistent with each other: whoever holds the database and the audit key can
 * rewrite them, and can delete checkpoints too, unless an auditor kept a later one.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditVerifier {
  /** How far from its place a moved entry is looked for. */
  static final int MOVE_WINDOW = 16;
  /** Most missing sequence numbers listed one by one for one gap. */
  static final int MAX_LISTED_GAP = 1000;

  private final Map<String, X509Certificate> certificates;

  /**
   * Where verification starts: the entry before the first one given is {@code seq}, with hash
   * {@code entryHash} (trusted, e.g. from a checkpoint the auditor kept). The start of the log is
   * {@link #GENESIS}.
   */
  public record Anchor(long seq, byte[] entryHash) {
    public Anchor {
      AuditHashes.requireHash(entryHash, "entry_hash");
      entryHash = entryHash.clone();
    }

    @Override
    public byte[] entryHash() {
      return entryHash.clone();
    }
  }

  /** Verification from the first entry of the log. */
  public static final Anchor GENESIS = new Anchor(0, AuditHashes.genesis());

  /** @param auditCertificates the certificates whose keys may sign checkpoints */
  public AuditVerifier(Collection<X509Certificate> auditCertificates) {
    this.certificates = auditCertificates.stream()
        .collect(Collectors.toMap(Checkpoint::keyIdOf, Function.identity(), (a, b) -> a));
  }

  /** Verifies a whole log, from entry 1. */
  public AuditVerification verify(List<? extends ChainedEntry> entries,
      List<Checkpoint> checkpoints) {
    return verify(GENESIS, entries, checkpoints);
  }

  /**
   * Verifies the entries after {@code anchor}, in order, and every checkpoint after it (earlier
   * checkpoints are not looked at; one at the anchor's own seq must name the anchor's hash).
   */
  public AuditVerification verify(Anchor anchor, List<? extends ChainedEntry> entries,
      List<Checkpoint> checkpoints) {
    List<AuditFailure> failures = new ArrayList<>();
    checkChain(anchor, entries, failures);
    long lastSeq = entries.isEmpty() ? anchor.seq() : entries.get(entries.size() - 1).seq();
    Map<Long, ChainedEntry> bySeq = entries.stream()
        .collect(Collectors.toMap(ChainedEntry::seq, Function.identity(), (a, b) -> a));
    long lastCheckpoint = 0;
    int checked = 0;
    for (Checkpoint checkpoint : checkpoints) {
      if (checkpoint.seq() < anchor.seq()) {
        continue;
      }
      checked++;
      lastCheckpoint = Math.max(lastCheckpoint, checkpoint.seq());
      checkCheckpoint(anchor, checkpoint, bySeq, failures);
    }
    if (lastCheckpoint > lastSeq) {
      failures.add(new AuditFailure(lastSeq + 1, Reason.TRUNCATED, "the log ends at " + lastSeq
          + " but a signed checkpoint covers up to " + lastCheckpoint + ": entries "
          + (lastSeq + 1) + "-" + lastCheckpoint + " are gone"));
    }
    failures.sort(Comparator.comparingLong(AuditFailure::seq)
        .thenComparing(AuditFailure::reason));
    return new AuditVerification(entries.size(), lastSeq, checked, lastCheckpoint, failures);
  }

  private static void checkChain(Anchor anchor, List<? extends ChainedEntry> entries,
      List<AuditFailure> failures) {
    byte[] before = anchor.entryHash();
    long expected = anchor.seq() + 1;
    boolean previousMoved = false;
    for (int i = 0; i < entries.size(); i++) {
      ChainedEntry e = entries.get(i);
      boolean gap = e.seq() > expected;
      if (gap) {
        reportGap(expected, e.seq(), failures);
      }
      expected = Math.max(expected, e.seq() + 1);
      ChainedEntry next = i + 1 < entries.size() ? entries.get(i + 1) : null;
      byte[] hash = e.entryHash();
      boolean linked = MessageDigest.isEqual(e.prevHash(), before);
      boolean selfConsistent = e.hashMatches();
      long writtenAt = selfConsistent ? e.seq() : writtenAt(e, anchor.seq());
      boolean moved = writtenAt != e.seq();
      if (moved) {
        failures.add(new AuditFailure(e.seq(), Reason.MOVED,
            "this entry was written as entry " + writtenAt + " (rows reordered or renumbered)"));
      } else if (next != null && !MessageDigest.isEqual(next.prevHash(), hash)
          && MessageDigest.isEqual(next.prevHash(), before)) {
        // The chain goes around this entry: it was put in between two entries that were written
        // one after the other. The next entry is compared with the same predecessor.
        failures.add(new AuditFailure(e.seq(), Reason.INSERTED,
            "not in the chain: entry " + next.seq() + " links to the entry before it"));
        previousMoved = false;
        continue;
      } else if (!selfConsistent) {
        failures.add(new AuditFailure(e.seq(), Reason.EDITED,
            "its fields do not hash to its entry_hash " + shortHex(hash)));
      } else if (!linked && !gap && !previousMoved) {
        failures.add(new AuditFailure(e.seq(), Reason.CHAIN_BROKEN,
            "its prev_hash is not the entry_hash of entry " + (e.seq() - 1)
                + " (one of the two was rewritten)"));
      }
      previousMoved = moved;
      before = hash;
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
  private static long writtenAt(ChainedEntry e, long after) {
    byte[] stored = e.entryHash();
    for (long d = 1; d <= MOVE_WINDOW; d++) {
      for (long candidate : new long[] {e.seq() - d, e.seq() + d}) {
        if (candidate > after && MessageDigest.isEqual(e.hashAt(candidate), stored)) {
          return candidate;
        }
      }
    }
    return e.seq();
  }

  private void checkCheckpoint(Anchor anchor, Checkpoint checkpoint,
      Map<Long, ChainedEntry> bySeq, List<AuditFailure> failures) {
    X509Certificate certificate = certificates.get(checkpoint.keyId());
    if (certificate == null) {
      failures.add(new AuditFailure(checkpoint.seq(), Reason.UNKNOWN_KEY,
          "checkpoint signed by key " + checkpoint.keyId() + ", not a given audit certificate"));
    } else if (!checkpoint.signatureValid(certificate.getPublicKey())) {
      failures.add(new AuditFailure(checkpoint.seq(), Reason.BAD_SIGNATURE,
          "the checkpoint's signature does not verify"));
    }
    ChainedEntry entry = bySeq.get(checkpoint.seq());
    byte[] logHash = entry != null ? entry.entryHash()
        : checkpoint.seq() == anchor.seq() ? anchor.entryHash() : null;
    if (logHash != null && !MessageDigest.isEqual(logHash, checkpoint.entryHash())) {
      failures.add(new AuditFailure(checkpoint.seq(), Reason.CHECKPOINT_MISMATCH,
          "the checkpoint signed hash " + shortHex(checkpoint.entryHash()) + ", the log has "
              + shortHex(logHash)));
    }
  }

  private static String shortHex(byte[] hash) {
    return HexFormat.of().formatHex(hash, 0, Math.min(8, hash.length));
  }
}
