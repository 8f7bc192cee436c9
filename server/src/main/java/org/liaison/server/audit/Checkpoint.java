package org.liaison.server.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * A signed statement that the audit log's entry {@code seq} had hash {@code entryHash} at
 * {@code timeMs}. Whoever keeps a checkpoint can later prove that the log up to {@code seq} was
 * not rewritten: the chain recomputed from the first entry must arrive at the same hash. The
 * signature covers:
 *
 * <pre>
 * 0x01 || str("liaison-audit-checkpoint-v1") || u64(seq) || entry_hash[32] || i64(time_ms)
 *      || str(key_id)
 * </pre>
 *
 * (big-endian, {@code str} as in {@link AuditEntry}), with ECDSA P-256/SHA-256 for EC keys,
 * SHA-256 with RSA for RSA keys and Ed25519 for Ed25519 keys. {@code keyId} is the lowercase hex
 * SHA-256 of the signing certificate's SubjectPublicKeyInfo.
 */
public record Checkpoint(long seq, byte[] entryHash, long timeMs, byte[] signature,
    String keyId) {
  public static final String DOMAIN = "liaison-audit-checkpoint-v1";
  static final byte CHECKPOINT_PREFIX = 0x01;

  public Checkpoint {
    entryHash = entryHash.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] entryHash() {
    return entryHash.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The bytes a checkpoint's signature covers. */
  public static byte[] signedBytes(long seq, byte[] entryHash, long timeMs, String keyId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(CHECKPOINT_PREFIX);
      AuditEntry.writeString(out, DOMAIN);
      out.writeLong(seq);
      out.write(entryHash);
      out.writeLong(timeMs);
      AuditEntry.writeString(out, keyId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Whether the signature is valid under this public key. */
  public boolean signatureValid(PublicKey key) {
    try {
      Signature verifier = Signature.getInstance(AuditSigner.algorithm(key));
      verifier.initVerify(key);
      verifier.update(signedBytes(seq, entryHash, timeMs, keyId));
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && seq == c.seq && timeMs == c.timeMs
        && Arrays.equals(entryHash, c.entryHash) && Arrays.equals(signature, c.signature)
        && keyId.equals(c.keyId);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq) * 31 + Arrays.hashCode(entryHash);
  }
}
