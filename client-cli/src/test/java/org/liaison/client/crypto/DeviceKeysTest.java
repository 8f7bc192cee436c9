package org.liaison.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeviceKeysTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MESSAGE = "تم تفتيش البوابة ٤".getBytes(StandardCharsets.UTF_8);

    @Test
    void signaturesFollowRfc8032TestVector1() {
        // RFC 8032, section 7.1, TEST 1 (empty message).
        DeviceKeys keys = DeviceKeys.fromPrivateKeys(
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"), new byte[32]);

        assertThat(HEX.formatHex(keys.signingPublicKey()))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(HEX.formatHex(keys.sign(new byte[0]))).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }

    @Test
    void signatureVerifiesWithThePublicKeyAlone() {
        DeviceKeys keys = DeviceKeys.generate();

        byte[] signature = keys.sign(MESSAGE);

        assertThat(signature).hasSize(DeviceKeys.SIGNATURE_LENGTH);
        assertThat(DeviceKeys.verify(keys.signingPublicKey(), MESSAGE, signature)).isTrue();
    }

    @Test
    void alteredMessageSignatureOrKeyDoesNotVerify() {
        DeviceKeys keys = DeviceKeys.generate();
        byte[] signature = keys.sign(MESSAGE);
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[0] ^= 1;
        byte[] otherSignature = signature.clone();
        otherSignature[10] ^= 1;

        assertThat(DeviceKeys.verify(keys.signingPublicKey(), otherMessage, signature)).isFalse();
        assertThat(DeviceKeys.verify(keys.signingPublicKey(), MESSAGE, otherSignature)).isFalse();
        assertThat(DeviceKeys.verify(DeviceKeys.generate().signingPublicKey(), MESSAGE, signature)).isFalse();
    }

    @Test
    void malformedKeysAndSignaturesAreFalseNotExceptions() {
        DeviceKeys keys = DeviceKeys.generate();
        byte[] signature = keys.sign(MESSAGE);
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff);

        assertThat(DeviceKeys.verify(new byte[31], MESSAGE, signature)).isFalse();
        assertThat(DeviceKeys.verify(notAPoint, MESSAGE, signature)).isFalse();
        assertThat(DeviceKeys.verify(keys.signingPublicKey(), MESSAGE, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(DeviceKeys.verify(null, MESSAGE, signature)).isFalse();
    }

    @Test
    void privateEncodingsRestoreTheSameKeys() {
        DeviceKeys keys = DeviceKeys.generate();

        DeviceKeys restored = DeviceKeys.fromPrivateKeys(keys.signingPrivateKey(), keys.encryptionPrivateKey());

        assertThat(restored.signingPublicKey()).isEqualTo(keys.signingPublicKey());
        assertThat(restored.encryptionPublicKey()).isEqualTo(keys.encryptionPublicKey());
        assertThat(restored.fingerprint()).isEqualTo(keys.fingerprint());
    }

    @Test
    void eachGenerationGivesNewKeys() {
        DeviceKeys first = DeviceKeys.generate();
        DeviceKeys second = DeviceKeys.generate();

        assertThat(first.signingPublicKey()).isNotEqualTo(second.signingPublicKey());
        assertThat(first.encryptionPublicKey()).isNotEqualTo(second.encryptionPublicKey());
    }

    @Test
    void toStringShowsTheFingerprintAndNoPrivateKey() {
        DeviceKeys keys = DeviceKeys.generate();

        assertThat(keys.toString())
                .contains(keys.fingerprint())
                .doesNotContain(HEX.formatHex(keys.signingPrivateKey()))
                .doesNotContain(HEX.formatHex(keys.encryptionPrivateKey()))
                .doesNotContain(HEX.formatHex(keys.signingPrivateKey(), 0, 4));
    }
}
