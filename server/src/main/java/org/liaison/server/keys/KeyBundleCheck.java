package org.liaison.server.keys;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.session.Session;

/**
 * What the server checks before it stores a device's key bundle: that it is well formed, names
 * the connected officer and device, and is signed by the very certificate the connection was
 * authenticated with. (Clients check bundles again themselves: the server is not trusted with
 * keys, only with serving them.)
 */
public final class KeyBundleCheck {
  /** The signed bytes are this prefix, a zero byte, then the serialized bundle. */
  public static final byte[] DOMAIN = "liaison-keybundle-v1".getBytes(StandardCharsets.US_ASCII);
  public static final int KEY_BYTES = 32;
  public static final Duration MAX_LIFETIME = Duration.ofDays(400);
  public static final int MAX_CHAIN = 4;

  /** A bundle that passed the checks, with what the server indexes. */
  public record Checked(KeyBundle bundle, SignedKeyBundle signed, String keyDigest) {}

  private KeyBundleCheck() {}

  public static Checked check(Session session, SignedKeyBundle signed, Instant now) {
    KeyBundle bundle = parse(signed.getBundle());
    if (!bundle.getOfficerId().equals(session.officer().id().value())
        || !bundle.getDeviceId().equals(session.deviceId())) {
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "a device publishes only its own keys: the bundle must name "
              + session.officer().id() + " and device " + session.deviceId());
    }
    if (bundle.getSigningKey().size() != KEY_BYTES
        || bundle.getEncryptionKey().size() != KEY_BYTES) {
      throw invalid("signing and encryption keys must be 32 bytes each (Ed25519, X25519)");
    }
    Instant created = Instant.ofEpochMilli(bundle.getCreatedMs());
    Instant expires = Instant.ofEpochMilli(bundle.getExpiresMs());
    if (!expires.isAfter(now) || !expires.isAfter(created)
        || Duration.between(created, expires).compareTo(MAX_LIFETIME) > 0) {
      throw invalid("the bundle must expire in the future and live at most "
          + MAX_LIFETIME.toDays() + " days");
    }
    if (signed.getCertificateChainCount() == 0 || signed.getCertificateChainCount() > MAX_CHAIN) {
      throw invalid("the bundle must carry the officer's certificate chain (1-" + MAX_CHAIN
          + " certificates)");
    }
    X509Certificate own = session.certificate();
    if (!Arrays.equals(signed.getCertificateChain(0).toByteArray(), encoded(own))) {
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "the bundle must be signed with the certificate this connection authenticated with");
    }
    if (!verifies(own, signed)) {
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "the bundle's signature does not verify with the officer's certificate");
    }
    return new Checked(bundle, signed, digest(bundle));
  }

  static boolean verifies(X509Certificate certificate, SignedKeyBundle signed) {
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(DOMAIN);
      verifier.update((byte) 0);
      verifier.update(signed.getBundle().toByteArray());
      return verifier.verify(signed.getSignature().toByteArray());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public static KeyBundle parse(ByteString bytes) {
    try {
      return KeyBundle.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw invalid("the signed bytes are not a KeyBundle");
    }
  }

  /** SHA-256 over the two public keys: tells a rotation from a re-publication. */
  public static String digest(KeyBundle bundle) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(bundle.getSigningKey().toByteArray());
      sha256.update(bundle.getEncryptionKey().toByteArray());
      return HexFormat.of().formatHex(sha256.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("the connection's certificate cannot be encoded", e);
    }
  }

  private static LiaisonException invalid(String message) {
    return new LiaisonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
