package org.liaison.server.audit;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.liaison.audit.Checkpoint;
import org.liaison.certs.Pem;

/**
 * The server's audit key: signs checkpoints. Its certificate (issued by the operator CA) is what
 * an auditor verifies checkpoints against.
 */
public record AuditSigner(PrivateKey key, X509Certificate certificate) {

  public AuditSigner {
    Objects.requireNonNull(key, "audit key");
    Objects.requireNonNull(certificate, "audit certificate");
    Checkpoint.signatureAlgorithm(key);
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
    return Checkpoint.keyIdOf(certificate);
  }

  /** Signs a checkpoint of entry {@code seq} with hash {@code entryHash} at {@code timeMs}. */
  public Checkpoint sign(long seq, byte[] entryHash, long timeMs) {
    String keyId = keyId();
    try {
      Signature signer = Signature.getInstance(Checkpoint.signatureAlgorithm(key));
      signer.initSign(key);
      signer.update(Checkpoint.signedBytes(seq, entryHash, timeMs, keyId));
      return new Checkpoint(seq, entryHash, timeMs, signer.sign(), keyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an audit checkpoint", e);
    }
  }

}
