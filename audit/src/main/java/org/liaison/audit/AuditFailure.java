package org.liaison.audit;

/**
 * A sequence number of the audit log that does not verify, and why.
 *
 * @param seq the entry (or, for checkpoint failures, the checkpoint's entry) that fails
 * @param reason the kind of failure
 * @param explanation one line for the person reading the report
 */
public record AuditFailure(long seq, Reason reason, String explanation) {

  public enum Reason {
    /** The entry's fields no longer hash to its stored entry_hash. */
    EDITED,
    /** The entry is missing: the sequence numbers jump over it. */
    DELETED,
    /** The entry is not part of the chain: its successor links to its predecessor. */
    INSERTED,
    /** The entry was written at another sequence number (rows swapped or renumbered). */
    MOVED,
    /** The entry does not link to the entry before it, for no reason seen nearer. */
    CHAIN_BROKEN,
    /** A signed checkpoint covers entries that are no longer in the log. */
    TRUNCATED,
    /** A signed checkpoint names a different hash for this entry: the log was rewritten. */
    CHECKPOINT_MISMATCH,
    /** A checkpoint's signature does not verify under the audit certificate. */
    BAD_SIGNATURE,
    /** A checkpoint is signed by a key other than the given audit certificates'. */
    UNKNOWN_KEY
  }

  @Override
  public String toString() {
    return seq + " " + reason + ": " + explanation;
  }
}
