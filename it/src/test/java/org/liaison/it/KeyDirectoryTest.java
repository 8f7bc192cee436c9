package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;
import org.liaison.client.ServerRefusedException;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.GetKeys;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.KeysPublished;
import org.liaison.proto.v1.PublishKeys;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SignedKeyBundle;

/** The server's key directory stores and serves only bundles signed by their own officer. */
class KeyDirectoryTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final SecureRandom RANDOM = new SecureRandom();

  /** An identity's private key and certificate chain, as a device holds them. */
  private record Identity(PrivateKey key, Certificate[] chain) {
    static Identity of(ClientProfile profile) throws Exception {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(profile.identity())) {
        store.load(in, profile.password());
      }
      String alias = store.aliases().nextElement();
      return new Identity((PrivateKey) store.getKey(alias, profile.password()),
          store.getCertificateChain(alias));
    }
  }

  private static KeyBundle bundleFor(LiaisonClient client) {
    Instant now = Instant.now();
    return KeyBundle.newBuilder()
        .setOfficerId(client.welcome().getOfficerId())
        .setDeviceId(client.welcome().getDeviceId())
        .setSigningKey(ByteString.copyFrom(randomKey()))
        .setEncryptionKey(ByteString.copyFrom(randomKey()))
        .setCreatedMs(now.toEpochMilli())
        .setExpiresMs(now.plus(Duration.ofDays(90)).toEpochMilli())
        .build();
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  private static SignedKeyBundle sign(KeyBundle bundle, Identity signer) throws Exception {
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initSign(signer.key());
    ecdsa.update("liaison-keybundle-v1".getBytes(StandardCharsets.US_ASCII));
    ecdsa.update((byte) 0);
    ecdsa.update(bundle.toByteArray());
    SignedKeyBundle.Builder signed = SignedKeyBundle.newBuilder()
        .setBundle(bundle.toByteString())
        .setSignature(ByteString.copyFrom(ecdsa.sign()));
    for (Certificate c : signer.chain()) {
      signed.addCertificateChain(ByteString.copyFrom(c.getEncoded()));
    }
    return signed.build();
  }

  private static CompletableFuture<ServerFrame> publish(LiaisonClient client,
      SignedKeyBundle signed) {
    return client.request(ClientFrame.newBuilder()
        .setPublishKeys(PublishKeys.newBuilder().setBundle(signed)));
  }

  private static List<SignedKeyBundle> keysOf(LiaisonClient client, String... officers)
      throws Exception {
    return client.request(ClientFrame.newBuilder()
            .setGetKeys(GetKeys.newBuilder().addAllOfficerIds(List.of(officers))))
        .get(30, TimeUnit.SECONDS).getKeyDirectory().getBundlesList();
  }

  private static ErrorCode refusal(CompletableFuture<?> future) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> future.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause()).isInstanceOf(ServerRefusedException.class);
    return ((ServerRefusedException) e.getCause()).code();
  }

  @Test
  void publishedBundleIsServedToOtherOfficersByteForByte() throws Exception {
    LiaisonClient hugo = server.connect(MessagingTest.HUGO);
    LiaisonClient karim = server.connect(MessagingTest.KARIM);
    SignedKeyBundle signed = sign(bundleFor(hugo), Identity.of(server.profile(MessagingTest.HUGO)));

    KeysPublished first = publish(hugo, signed).get(30, TimeUnit.SECONDS).getKeysPublished();
    assertThat(first.getRotated()).isFalse();
    assertThat(keysOf(karim, MessagingTest.HUGO)).containsExactly(signed);

    KeysPublished again = publish(hugo, signed).get(30, TimeUnit.SECONDS).getKeysPublished();
    assertThat(again.getRotated()).isFalse();

    SignedKeyBundle rotated = sign(bundleFor(hugo),
        Identity.of(server.profile(MessagingTest.HUGO)));
    assertThat(publish(hugo, rotated).get(30, TimeUnit.SECONDS).getKeysPublished().getRotated())
        .isTrue();
    assertThat(keysOf(karim, MessagingTest.HUGO)).containsExactly(rotated);
  }

  @Test
  void bundleNamingAnotherOfficerIsRefused() throws Exception {
    LiaisonClient claire = server.connect(MessagingTest.CLAIRE);
    KeyBundle forged = bundleFor(claire).toBuilder().setOfficerId(MessagingTest.LUCIA).build();
    SignedKeyBundle signed = sign(forged, Identity.of(server.profile(MessagingTest.CLAIRE)));
    assertThat(refusal(publish(claire, signed))).isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void bundleSignedWithAnotherOfficersCertificateIsRefused() throws Exception {
    LiaisonClient claire = server.connect(MessagingTest.CLAIRE);
    SignedKeyBundle signedByKarim = sign(bundleFor(claire),
        Identity.of(server.profile(MessagingTest.KARIM)));
    assertThat(refusal(publish(claire, signedByKarim))).isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void bundleWithABadSignatureIsRefused() throws Exception {
    LiaisonClient javier = server.connect(MessagingTest.JAVIER);
    SignedKeyBundle signed = sign(bundleFor(javier),
        Identity.of(server.profile(MessagingTest.JAVIER)));
    byte[] signature = signed.getSignature().toByteArray();
    signature[signature.length - 1] ^= 1;
    SignedKeyBundle tampered = signed.toBuilder()
        .setSignature(ByteString.copyFrom(signature)).build();
    assertThat(refusal(publish(javier, tampered))).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(keysOf(javier, MessagingTest.JAVIER)).isEmpty();
  }

  @Test
  void malformedBundlesAreInvalidArguments() throws Exception {
    LiaisonClient lucia = server.connect(MessagingTest.LUCIA);
    Identity identity = Identity.of(server.profile(MessagingTest.LUCIA));
    KeyBundle shortKey = bundleFor(lucia).toBuilder()
        .setSigningKey(ByteString.copyFrom(new byte[16])).build();
    assertThat(refusal(publish(lucia, sign(shortKey, identity))))
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    KeyBundle expired = bundleFor(lucia).toBuilder()
        .setExpiresMs(Instant.now().minusSeconds(60).toEpochMilli()).build();
    assertThat(refusal(publish(lucia, sign(expired, identity))))
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    SignedKeyBundle notABundle = sign(bundleFor(lucia), identity).toBuilder()
        .setBundle(ByteString.copyFrom(new byte[] {-1, -1, -1})).build();
    assertThat(refusal(publish(lucia, notABundle))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusal(lucia.request(ClientFrame.newBuilder()
        .setGetKeys(GetKeys.newBuilder().addOfficerIds("Not An Id")))))
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }
}
