package org.liaison.audit;

/**
 * An entry left out of an export: only what is needed to carry the hash chain across it. Its
 * content cannot be checked, but it cannot be changed either without breaking the chain to the
 * next whole entry or to the checkpoint.
 */
public record RedactedEntry(long seq, byte[] prevHash, byte[] contentHash, byte[] entryHash)
    implements ChainedEntry {

  public RedactedEntry {
    AuditHashes.requireHash(prevHash, "prev_hash");
    AuditHashes.requireHash(contentHash, "content_hash");
    AuditHashes.requireHash(entryHash, "entry_hash");
    prevHash = prevHash.clone();
    contentHash = contentHash.clone();
    entryHash = entryHash.clone();
  }

  /** The link of a whole entry, without its content. */
  public static RedactedEntry of(ChainedEntry entry) {
    return new RedactedEntry(entry.seq(), entry.prevHash(), entry.contentHash(), entry.entryHash());
  }

  @Override
  public byte[] prevHash() {
    return prevHash.clone();
  }

  @Override
  public byte[] contentHash() {
    return contentHash.clone();
  }

  @Override
  public byte[] entryHash() {
    return entryHash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedactedEntry r && seq == r.seq
        && java.util.Arrays.equals(prevHash, r.prevHash)
        && java.util.Arrays.equals(contentHash, r.contentHash)
        && java.util.Arrays.equals(entryHash, r.entryHash);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq) * 31 + java.util.Arrays.hashCode(entryHash);
  }

  @Override
  public String toString() {
    return "RedactedEntry[" + seq + "]";
  }
}
