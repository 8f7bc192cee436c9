package org.liaison.server.testing;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.liaison.certs.IssuedIdentity;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.identity.Officer;
import org.liaison.server.session.Session;

/**
 * One device of one officer, as a real client would hold it: the officer's agency certificate
 * and key, the device's Ed25519 signing key and its key bundle signed by the certificate's key.
 */
public final class TestDevice {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IssuedIdentity identity;
  private final Officer officer;
  private final String deviceId;
  private final Clock clock;
  private final Session session;
  private Ed25519PrivateKeyParameters signingKey;
  private SignedKeyBundle bundle;

  TestDevice(IssuedIdentity identity, Officer officer, String deviceId, Clock clock,
      Duration keyLifetime) {
    this.identity = identity;
    this.officer = officer;
    this.deviceId = deviceId;
    this.clock = clock;
    this.session = new Session("test-" + deviceId, officer, identity.certificate(), deviceId,
        clock.instant());
    newKeys(keyLifetime);
  }

  public String officerId() {
    return officer.id().value();
  }

  public String deviceId() {
    return deviceId;
  }

  public Officer officer() {
    return officer;
  }

  public IssuedIdentity identity() {
    return identity;
  }

  public Session session() {
    return session;
  }

  public DeviceRef ref() {
    return DeviceRef.newBuilder().setOfficerId(officerId()).setDeviceId(deviceId).build();
  }

  /** The device's current bundle (not published until the world publishes it). */
  public SignedKeyBundle bundle() {
    return bundle;
  }

  /** Replaces the device's keys, as a key rotation does; the old bundle is returned. */
  public SignedKeyBundle newKeys(Duration lifetime) {
    SignedKeyBundle old = bundle;
    signingKey = new Ed25519PrivateKeyParameters(RANDOM);
    byte[] encryptionKey = new byte[32];
    RANDOM.nextBytes(encryptionKey);
    Instant now = clock.instant();
    KeyBundle keys = KeyBundle.newBuilder()
        .setOfficerId(officerId())
        .setDeviceId(deviceId)
        .setSigningKey(ByteString.copyFrom(signingKey.generatePublicKey().getEncoded()))
        .setEncryptionKey(ByteString.copyFrom(encryptionKey))
        .setCreatedMs(now.toEpochMilli())
        .setExpiresMs(now.plus(lifetime).toEpochMilli())
        .build();
    bundle = SignedKeyBundle.newBuilder()
        .setBundle(keys.toByteString())
        .setSignature(ByteString.copyFrom(ecdsa(keys.toByteArray())))
        .addCertificateChain(ByteString.copyFrom(encoded(0)))
        .addCertificateChain(ByteString.copyFrom(encoded(1)))
        .build();
    return old;
  }

  /** A statement by this device now, without its change. */
  public MembershipStatement.Builder statement(String channelId, long index, byte[] previous) {
    return MembershipStatement.newBuilder()
        .setChannelId(channelId)
        .setIndex(index)
        .setPreviousHash(ByteString.copyFrom(previous))
        .setActor(officerId())
        .setActorDevice(deviceId)
        .setTimeMs(clock.millis());
  }

  /** Signs the statement with the device's Ed25519 key and attaches its bundle. */
  public SignedStatement sign(MembershipStatement statement) {
    byte[] bytes = statement.toByteArray();
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, signingKey);
    byte[] input = ChainBytes.signatureInput(bytes);
    signer.update(input, 0, input.length);
    return SignedStatement.newBuilder()
        .setStatement(ByteString.copyFrom(bytes))
        .setSignature(ByteString.copyFrom(signer.generateSignature()))
        .setSigner(bundle)
        .build();
  }

  /** Signs the task transition with the device's Ed25519 key and attaches its bundle. */
  public SignedTransition sign(TaskTransition transition) {
    byte[] bytes = transition.toByteArray();
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, signingKey);
    byte[] input = ChainBytes.taskSignatureInput(bytes);
    signer.update(input, 0, input.length);
    return SignedTransition.newBuilder()
        .setTransition(ByteString.copyFrom(bytes))
        .setSignature(ByteString.copyFrom(signer.generateSignature()))
        .setSigner(bundle)
        .build();
  }

  private byte[] ecdsa(byte[] keyBundle) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(identity.privateKey());
      ecdsa.update("liaison-keybundle-v1".getBytes(StandardCharsets.US_ASCII));
      ecdsa.update((byte) 0);
      ecdsa.update(keyBundle);
      return ecdsa.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] encoded(int index) {
    try {
      return identity.chain().get(index).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return officerId() + "/" + deviceId;
  }
}
