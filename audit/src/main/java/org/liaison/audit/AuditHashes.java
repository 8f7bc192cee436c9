package org.liaison.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The byte formats of the audit log's hashes (docs/audit.md, "Entry format"). All integers are
 * big-endian; {@code str(s)} is {@code u32(UTF-8 length) || UTF-8 bytes}. A leading byte
 * separates the domains (RFC 9162 style): {@code 0x00} entries, {@code 0x01} checkpoints,
 * {@code 0x02} entry contents.
 *
 * <pre>
 * content_hash = SHA-256( 0x02 || str("liaison-audit-content-v1") || i64(time_ms)
 *                         || str(actor) || str(action) || str(channel) || str(target)
 *                         || str(details) )
 * entry_hash   = SHA-256( 0x00 || str("liaison-audit-entry-v2") || prev_hash[32] || u64(seq)
 *                         || content_hash[32] )
 * </pre>
 *
 * Hashing the content separately lets an export leave an entry out (keeping only its
 * {@code content_hash}) and still be verified link by link against a signed checkpoint.
 */
public final class AuditHashes {
  public static final int HASH_BYTES = 32;
  public static final String ENTRY_DOMAIN = "liaison-audit-entry-v2";
  public static final String CONTENT_DOMAIN = "liaison-audit-content-v1";
  public static final String CHECKPOINT_DOMAIN = "liaison-audit-checkpoint-v1";
  static final byte ENTRY_PREFIX = 0x00;
  static final byte CHECKPOINT_PREFIX = 0x01;
  static final byte CONTENT_PREFIX = 0x02;

  private static final byte[] GENESIS = new byte[HASH_BYTES];

  private AuditHashes() {}

  /** The {@code prev_hash} of entry 1: 32 zero bytes (a fresh copy). */
  public static byte[] genesis() {
    return GENESIS.clone();
  }

  /** The hash of an entry's content, independent of its place in the chain. */
  public static byte[] contentHash(long timeMs, String actor, String action, String channel,
      String target, String details) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(CONTENT_PREFIX);
      writeString(out, CONTENT_DOMAIN);
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

  /** The hash of the entry at {@code seq} with this content, following {@code prevHash}. */
  public static byte[] entryHash(byte[] prevHash, long seq, byte[] contentHash) {
    requireHash(prevHash, "prev_hash");
    requireHash(contentHash, "content_hash");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(ENTRY_PREFIX);
      writeString(out, ENTRY_DOMAIN);
      out.write(prevHash);
      out.writeLong(seq);
      out.write(contentHash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sha256(bytes.toByteArray());
  }

  static void requireHash(byte[] hash, String what) {
    if (hash == null || hash.length != HASH_BYTES) {
      throw new IllegalArgumentException(what + " must be " + HASH_BYTES + " bytes");
    }
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  /** SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
