package org.liaison.server.audit;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;
import org.liaison.certs.Pem;

/**
 * The server's audit key: signs checkpoints. Its certificate (issued by the operator CA) is what
 * an auditor verifies checkpoints against.
 */
public record AuditSigner(PrivateKey key, X509Certificate certificate) {

  public AuditSigner {
    Objects.requireNonNull(key, "audit key");
    Objects.requireNonNull(certificate, "audit certificate");
    algorithm(key);
  }

  /** Loads the key (unencrypted PKCS#8 PEM) and the first certificate of a PEM file. */
  public static AuditSigner load(Path keyFile, Path certificateFile) {
    return new AuditSigner(Pem.readPrivateKey(keyFile, null),
        Pem.readCertificates(certificateFile).get(0));
  }

  /** Lowercase hex SHA-256 of the certificate's SubjectPublicKeyInfo. */
  public String keyId() {
    return keyId(certificate);
  }

  public static String keyId(X509Certificate certificate) {
    return HexFormat.of().formatHex(AuditEntry.sha256(certificate.getPublicKey().getEncoded()));
  }

  /** Signs a checkpoint of entry {@code seq} with hash {@code entryHash} at {@code timeMs}. */
  public Checkpoint sign(long seq, byte[] entryHash, long timeMs) {
    String keyId = keyId();
    try {
      Signature signer = Signature.getInstance(algorithm(key));
      signer.initSign(key);
      signer.update(Checkpoint.signedBytes(seq, entryHash, timeMs, keyId));
      return new Checkpoint(seq, entryHash, timeMs, signer.sign(), keyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an audit checkpoint", e);
    }
  }

  static String algorithm(Key key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException(
          "unsupported audit key algorithm " + key.getAlgorithm());
    };
  }
}
