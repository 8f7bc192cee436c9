package org.liaison.audit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One entry of the audit log, whole: its content, its place ({@code seq}) and its link to the
 * previous entry. Its hash is {@link AuditHashes#entryHash} over {@code prevHash}, {@code seq} and
 * the {@link AuditHashes#contentHash content hash} of its fields.
 *
 * @param details canonical {@code key=value} lines (docs/audit.md)
 */
public record AuditEntry(long seq, long timeMs, String actor, String action, String channel,
    String target, String details, byte[] prevHash, byte[] entryHash) implements ChainedEntry {

  public AuditEntry {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(details, "details");
    AuditHashes.requireHash(prevHash, "prev_hash");
    AuditHashes.requireHash(entryHash, "entry_hash");
    prevHash = prevHash.clone();
    entryHash = entryHash.clone();
  }

  /** The entry with these fields at {@code seq} after {@code prevHash}, its hash computed. */
  public static AuditEntry create(long seq, long timeMs, String actor, String action,
      String channel, String target, String details, byte[] prevHash) {
    byte[] content = AuditHashes.contentHash(timeMs, actor, action, channel, target, details);
    return new AuditEntry(seq, timeMs, actor, action, channel, target, details, prevHash,
        AuditHashes.entryHash(prevHash, seq, content));
  }

  @Override
  public byte[] contentHash() {
    return AuditHashes.contentHash(timeMs, actor, action, channel, target, details);
  }

  @Override
  public byte[] prevHash() {
    return prevHash.clone();
  }

  @Override
  public byte[] entryHash() {
    return entryHash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditEntry e && seq == e.seq && Arrays.equals(entryHash, e.entryHash)
        && Arrays.equals(prevHash, e.prevHash) && timeMs == e.timeMs && actor.equals(e.actor)
        && action.equals(e.action) && channel.equals(e.channel) && target.equals(e.target)
        && details.equals(e.details);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq) * 31 + Arrays.hashCode(entryHash);
  }

  @Override
  public String toString() {
    return "AuditEntry[" + seq + " " + action + " by " + actor + " "
        + HexFormat.of().formatHex(entryHash, 0, 8) + "]";
  }
}
