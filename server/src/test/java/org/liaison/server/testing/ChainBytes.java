package org.liaison.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.SignedTransition;

/**
 * The byte formats of signed membership, written out independently of the server's code so that
 * the tests check the format the protocol documents, not the server against itself.
 */
public final class ChainBytes {
  private ChainBytes() {}

  /** "liaison-membership-statement-v1" 0x00 || statement. */
  public static byte[] signatureInput(byte[] statement) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("liaison-membership-statement-v1".getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    out.writeBytes(statement);
    return out.toByteArray();
  }

  /**
   * SHA-256("liaison-membership-link-v1" 0x00 || u32 len(statement) || statement ||
   * u32 len(signature) || signature), lengths big-endian.
   */
  public static byte[] linkHash(SignedStatement signed) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write("liaison-membership-link-v1".getBytes(StandardCharsets.US_ASCII));
      out.write(0);
      out.writeInt(signed.getStatement().size());
      out.write(signed.getStatement().toByteArray());
      out.writeInt(signed.getSignature().size());
      out.write(signed.getSignature().toByteArray());
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "liaison-task-transition-v1" 0x00 || transition. */
  public static byte[] taskSignatureInput(byte[] transition) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("liaison-task-transition-v1".getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    out.writeBytes(transition);
    return out.toByteArray();
  }

  /**
   * SHA-256("liaison-task-link-v1" 0x00 || u32 len(transition) || transition ||
   * u32 len(signature) || signature), lengths big-endian.
   */
  public static byte[] taskLinkHash(SignedTransition signed) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write("liaison-task-link-v1".getBytes(StandardCharsets.US_ASCII));
      out.write(0);
      out.writeInt(signed.getTransition().size());
      out.write(signed.getTransition().toByteArray());
      out.writeInt(signed.getSignature().size());
      out.write(signed.getSignature().toByteArray());
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
