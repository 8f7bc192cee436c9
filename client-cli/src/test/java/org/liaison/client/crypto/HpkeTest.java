package org.liaison.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.junit.jupiter.api.Test;

/**
 * RFC 9180 known answers for exactly the suite Liaison uses: mode 0 (base), KEM 0x0020
 * DHKEM(X25519, HKDF-SHA256), KDF 0x0001 HKDF-SHA256, AEAD 0x0002 AES-256-GCM.
 *
 * <p>The values are the entry {@code mode=0, kem_id=32, kdf_id=1, aead_id=2} of the RFC's
 * published test vectors ({@code test-vectors.json} of github.com/cfrg/draft-irtf-cfrg-hpke, the
 * file RFC 9180 Appendix A is generated from), as reproduced in BoringSSL / AWS-LC
 * {@code crypto/hpke/hpke_test_vectors.txt}; that file's first entry matches RFC 9180 A.1.1 byte
 * for byte.
 */
class HpkeTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final byte[] INFO = HEX.parseHex("4f6465206f6e2061204772656369616e2055726e");
    private static final byte[] SK_RM = HEX.parseHex("497b4502664cfea5d5af0b39934dac72242a74f8480451e1aee7d6a53320333d");
    private static final byte[] PK_RM = HEX.parseHex("430f4b9859665145a6b1ba274024487bd66f03a2dd577d7753c68d7d7d00c00c");
    private static final byte[] SK_EM = HEX.parseHex("179d4b53b6365c45b600c4163b61d95cbc2f4d9e36f1695558dce265ab8bab11");
    private static final byte[] PK_EM = HEX.parseHex("6c93e09869df3402d7bf231bf540fadd35cd56be14f97178f0954db94b7fc256");
    /** "Beauty is truth, truth beauty". */
    private static final byte[] PT = HEX.parseHex("4265617574792069732074727574682c20747275746820626561757479");
    private static final byte[] AAD_0 = HEX.parseHex("436f756e742d30");
    private static final byte[] CT_0 = HEX.parseHex(
            "e5d84cd531cfb583096e7cfa9641bd3079cf3a91cda813c52deb5f512be9931980a41de125a925cdad859d5b7a");
    private static final byte[] AAD_1 = HEX.parseHex("436f756e742d31");
    private static final byte[] CT_1 = HEX.parseHex(
            "2c43aff25343fdbff864506f0818b9d87df84ea01b1a2144d23b4d40c26bf655fdf197fe40297a8aebeed5cc2d");

    private static DeviceKeys vectorRecipient() {
        return DeviceKeys.fromPrivateKeys(new byte[32], SK_RM);
    }

    @Test
    void vectorRecipientKeyDerivesTheVectorPublicKey() {
        assertThat(vectorRecipient().encryptionPublicKey()).isEqualTo(PK_RM);
    }

    @Test
    void sealWithTheVectorEphemeralKeyGivesTheVectorEncAndCiphertext() {
        AsymmetricCipherKeyPair ephemeral = Hpke.suite().deserializePrivateKey(SK_EM, PK_EM);

        WrappedKey sealed = Hpke.seal(PK_RM, INFO, AAD_0, PT, ephemeral);

        assertThat(sealed.enc()).isEqualTo(PK_EM);
        assertThat(sealed.ciphertext()).isEqualTo(CT_0);
    }

    @Test
    void openOfTheVectorCiphertextGivesTheVectorPlaintext() {
        assertThat(Hpke.open(vectorRecipient(), PK_EM, INFO, AAD_0, CT_0)).isEqualTo(PT);
    }

    @Test
    void keyScheduleMatchesTheVectorNonceSequenceAndExports() throws Exception {
        HPKEContext context = Hpke.suite().setupBaseR(PK_EM, vectorRecipient().encryptionKeyPair(), INFO);

        assertThat(context.open(AAD_0, CT_0)).isEqualTo(PT);
        // The second message uses base_nonce XOR 1: only a correct key schedule opens it.
        assertThat(context.open(AAD_1, CT_1)).isEqualTo(PT);
        assertThat(HEX.formatHex(context.export(new byte[0], 32)))
                .isEqualTo("ded6cffafaea6b812cbf3e241e88332adbc077aca81512914213810ee291770a");
        assertThat(HEX.formatHex(context.export(HEX.parseHex("00"), 32)))
                .isEqualTo("04d3cb6cc116b28ffd22ad5bc276c60d31fec71ceb87ae24db811c64b7507339");
        assertThat(HEX.formatHex(context.export("TestContext".getBytes(StandardCharsets.US_ASCII), 32)))
                .isEqualTo("7c5ded445732c14fe09727d29b4251c0fd38455fe8440571e687f0886aac94d2");
    }

    @Test
    void sealThenOpenRoundTripsWithAFreshEphemeralKeyEachTime() {
        DeviceKeys recipient = DeviceKeys.generate();
        byte[] plaintext = "مفتاح المحتوى".getBytes(StandardCharsets.UTF_8);

        WrappedKey first = Hpke.seal(recipient.encryptionPublicKey(), INFO, AAD_0, plaintext);
        WrappedKey second = Hpke.seal(recipient.encryptionPublicKey(), INFO, AAD_0, plaintext);

        assertThat(first.enc()).hasSize(Hpke.ENC_LENGTH).isNotEqualTo(second.enc());
        assertThat(first.ciphertext()).hasSize(plaintext.length + 16).isNotEqualTo(second.ciphertext());
        assertThat(Hpke.open(recipient, first.enc(), INFO, AAD_0, first.ciphertext())).isEqualTo(plaintext);
        assertThat(Hpke.open(recipient, second.enc(), INFO, AAD_0, second.ciphertext())).isEqualTo(plaintext);
    }

    @Test
    void openRefusesAnotherAadInfoKeyOrCiphertext() {
        DeviceKeys recipient = DeviceKeys.generate();
        WrappedKey sealed = Hpke.seal(recipient.encryptionPublicKey(), INFO, AAD_0, PT);
        byte[] flipped = sealed.ciphertext();
        flipped[0] ^= 1;

        assertThatExceptionOfType(CryptoException.class)
                .isThrownBy(() -> Hpke.open(recipient, sealed.enc(), INFO, AAD_1, sealed.ciphertext()));
        assertThatExceptionOfType(CryptoException.class)
                .isThrownBy(() -> Hpke.open(recipient, sealed.enc(), AAD_0, AAD_0, sealed.ciphertext()));
        assertThatExceptionOfType(CryptoException.class)
                .isThrownBy(() -> Hpke.open(DeviceKeys.generate(), sealed.enc(), INFO, AAD_0, sealed.ciphertext()));
        assertThatExceptionOfType(CryptoException.class)
                .isThrownBy(() -> Hpke.open(recipient, sealed.enc(), INFO, AAD_0, flipped))
                .withMessageContaining("does not authenticate");
        assertThatExceptionOfType(CryptoException.class)
                .isThrownBy(() -> Hpke.open(recipient, new byte[5], INFO, AAD_0, sealed.ciphertext()))
                .withMessageContaining("enc must be 32 bytes");
    }

    @Test
    void lowOrderKeysAreRefused() {
        assertThatExceptionOfType(CryptoException.class)
                .isThrownBy(() -> Hpke.seal(new byte[32], INFO, AAD_0, PT))
                .withMessageContaining("not usable");
        assertThatExceptionOfType(CryptoException.class)
                .isThrownBy(() -> Hpke.open(DeviceKeys.generate(), new byte[32], INFO, AAD_0, CT_0));
        assertThatIllegalArgumentException().isThrownBy(() -> Hpke.seal(new byte[31], INFO, AAD_0, PT));
    }
}
