package org.liaison.server.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One entry of the audit log as stored. Its hash binds its content, its place ({@code seq}) and
 * the previous entry's hash:
 *
 * <pre>
 * entry_hash = SHA-256( 0x00 || str("liaison-audit-entry-v1") || prev_hash[32]
 *                       || u64(seq) || i64(time_ms) || str(actor) || str(action)
 *                       || str(channel) || str(target) || str(details) )
 * str(s)     = u32(length of UTF-8 bytes of s) || UTF-8 bytes of s
 * </pre>
 *
 * All integers big-endian. The first entry's {@code prev_hash} is 32 zero bytes.
 */
public record AuditEntry(long seq, long timeMs, String actor, String action, String channel,
    String target, String details, byte[] prevHash, byte[] entryHash) {
  public static final int HASH_BYTES = 32;
  public static final String DOMAIN = "liaison-audit-entry-v1";
  /** Domain byte of entry hashes; checkpoints sign under 0x01 (see {@link Checkpoint}). */
  static final byte ENTRY_PREFIX = 0x00;
  public static final byte[] GENESIS = new byte[HASH_BYTES];

  public AuditEntry {
    prevHash = prevHash.clone();
    entryHash = entryHash.clone();
  }

  @Override
  public byte[] prevHash() {
    return prevHash.clone();
  }

  @Override
  public byte[] entryHash() {
    return entryHash.clone();
  }

  /** The entry that follows {@code prevHash} at {@code seq}, with its hash computed. */
  public static AuditEntry create(long seq, long timeMs, AuditEvent event, byte[] prevHash) {
    String details = event.canonicalDetails();
    byte[] hash = hash(seq, timeMs, event.actor(), event.action(), event.channel(),
        event.target(), details, prevHash);
    return new AuditEntry(seq, timeMs, event.actor(), event.action(), event.channel(),
        event.target(), details, prevHash, hash);
  }

  /** What the entry's hash should be, recomputed from its fields as stored. */
  public byte[] recomputedHash() {
    return recomputedHashAt(seq);
  }

  /** What the hash would be had these fields been written at {@code atSeq}. */
  public byte[] recomputedHashAt(long atSeq) {
    return hash(atSeq, timeMs, actor, action, channel, target, details, prevHash);
  }

  public boolean hashMatches() {
    return MessageDigest.isEqual(recomputedHash(), entryHash);
  }

  static byte[] hash(long seq, long timeMs, String actor, String action, String channel,
      String target, String details, byte[] prevHash) {
    if (prevHash.length != HASH_BYTES) {
      throw new IllegalArgumentException("prev_hash must be 32 bytes");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(ENTRY_PREFIX);
      writeString(out, DOMAIN);
      out.write(prevHash);
      out.writeLong(seq);
      out.writeLong(timeMs);
      writeString(out, actor);
      writeString(out, action);
      writeString(out, channel);
      writeString(out, target);
      writeString(out, details);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sha256(bytes.toByteArray());
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
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
