package org.liaison.audit;

import java.security.MessageDigest;

/**
 * A link of the audit log's hash chain: a whole {@link AuditEntry}, or a {@link RedactedEntry}
 * that keeps only the hash of a content left out of an export.
 */
public sealed interface ChainedEntry permits AuditEntry, RedactedEntry {

  long seq();

  /** The previous entry's {@code entry_hash} (32 zero bytes for entry 1). */
  byte[] prevHash();

  /** The hash of this entry's content: recomputed from the fields of a whole entry. */
  byte[] contentHash();

  /** The {@code entry_hash} as stored or exported. */
  byte[] entryHash();

  /** What the entry hash would be had this content been written at {@code atSeq}. */
  default byte[] hashAt(long atSeq) {
    return AuditHashes.entryHash(prevHash(), atSeq, contentHash());
  }

  /** Whether the stored entry hash is the one recomputed from the content and place. */
  default boolean hashMatches() {
    return MessageDigest.isEqual(hashAt(seq()), entryHash());
  }
}
