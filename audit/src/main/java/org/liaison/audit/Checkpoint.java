package org.liaison.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

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
 * (big-endian, {@code str} as in {@link AuditHashes}), with ECDSA P-256/SHA-256 for EC keys,
 * SHA-256 with RSA for RSA keys and Ed25519 for Ed25519 keys. {@code keyId} is the lowercase hex
 * SHA-256 of the signing certificate's SubjectPublicKeyInfo.
 */
public record Checkpoint(long seq, byte[] entryHash, long timeMs, byte[] signature,
    String keyId) {

  public Checkpoint {
    AuditHashes.requireHash(entryHash, "entry_hash");
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
      out.writeByte(AuditHashes.CHECKPOINT_PREFIX);
      AuditHashes.writeString(out, AuditHashes.CHECKPOINT_DOMAIN);
      out.writeLong(seq);
      out.write(entryHash);
      out.writeLong(timeMs);
      AuditHashes.writeString(out, keyId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Whether the signature is valid under this public key. */
  public boolean signatureValid(PublicKey key) {
    try {
      Signature verifier = Signature.getInstance(signatureAlgorithm(key));
      verifier.initVerify(key);
      verifier.update(signedBytes(seq, entryHash, timeMs, keyId));
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The key id of a certificate: lowercase hex SHA-256 of its SubjectPublicKeyInfo. */
  public static String keyIdOf(X509Certificate certificate) {
    return HexFormat.of().formatHex(AuditHashes.sha256(certificate.getPublicKey().getEncoded()));
  }

  /**
   * The JCA signature algorithm checkpoints use with this kind of key.
   *
   * @throws IllegalArgumentException for a key that is not EC, RSA or Ed25519
   */
  public static String signatureAlgorithm(Key key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException(
          "unsupported audit key algorithm " + key.getAlgorithm());
    };
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

  @Override
  public String toString() {
    return "Checkpoint[" + seq + " " + HexFormat.of().formatHex(entryHash, 0, 8) + "]";
  }
}
