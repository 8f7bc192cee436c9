package org.liaison.client.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.RuntimeCryptoException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * HPKE (RFC 9180) single-shot seal and open in base mode with exactly one suite:
 * DHKEM(X25519, HKDF-SHA256) (KEM 0x0020), HKDF-SHA256 (KDF 0x0001), AES-256-GCM (AEAD 0x0002),
 * on Bouncy Castle's {@code org.bouncycastle.crypto.hpke}.
 *
 * <p>Every seal uses a fresh ephemeral key, so sealing the same plaintext twice gives different
 * outputs. The methods are thread-safe (Bouncy Castle's {@code HPKE} object holds mutable state,
 * so each call builds its own).
 */
public final class Hpke {

    /** RFC 9180 mode: base (no PSK, no sender authentication; the envelope signature authenticates). */
    public static final byte MODE = HPKE.mode_base;
    /** RFC 9180 KEM id 0x0020, DHKEM(X25519, HKDF-SHA256). */
    public static final short KEM_ID = HPKE.kem_X25519_SHA256;
    /** RFC 9180 KDF id 0x0001, HKDF-SHA256. */
    public static final short KDF_ID = HPKE.kdf_HKDF_SHA256;
    /** RFC 9180 AEAD id 0x0002, AES-256-GCM. */
    public static final short AEAD_ID = HPKE.aead_AES_GCM256;
    /** Length of {@code enc} (an X25519 public key) in bytes. */
    public static final int ENC_LENGTH = 32;

    private Hpke() {
    }

    /**
     * Seals {@code plaintext} to the X25519 public key {@code recipientX25519Public}
     * (RFC 9180 {@code SealBase}).
     *
     * @param info application context bound into the key schedule
     * @param aad associated data authenticated with the ciphertext
     * @throws IllegalArgumentException if the public key is not 32 bytes
     * @throws CryptoException if the key is unusable (a low-order point)
     */
    public static WrappedKey seal(byte[] recipientX25519Public, byte[] info, byte[] aad, byte[] plaintext) {
        return seal(recipientX25519Public, info, aad, plaintext, null);
    }

    /**
     * As {@link #seal(byte[], byte[], byte[], byte[])} with the given ephemeral key pair (known-answer
     * tests only: reusing an ephemeral key breaks confidentiality), or a fresh one when null.
     */
    static WrappedKey seal(byte[] recipientX25519Public, byte[] info, byte[] aad, byte[] plaintext,
                           AsymmetricCipherKeyPair ephemeralOrNull) {
        Objects.requireNonNull(recipientX25519Public, "recipientX25519Public");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(plaintext, "plaintext");
        if (recipientX25519Public.length != DeviceKeys.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 public key is " + DeviceKeys.PUBLIC_KEY_LENGTH
                    + " bytes, got " + recipientX25519Public.length);
        }
        HPKE hpke = suite();
        try {
            AsymmetricKeyParameter recipient = hpke.deserializePublicKey(recipientX25519Public);
            HPKEContextWithEncapsulation context = ephemeralOrNull == null
                    ? hpke.setupBaseS(recipient, info)
                    : hpke.setupBaseS(recipient, info, ephemeralOrNull);
            return new WrappedKey(context.getEncapsulation(), context.seal(aad, plaintext));
        } catch (IllegalStateException e) {
            // Bouncy Castle reports an all-zero X25519 shared secret (a low-order point) this way.
            throw new CryptoException("the recipient's encryption key is not usable (X25519 agreement failed)", e);
        } catch (InvalidCipherTextException e) {
            throw new CryptoException("HPKE seal failed", e);
        }
    }

    /**
     * Opens what {@link #seal} produced for {@code recipient}'s X25519 key (RFC 9180 {@code OpenBase}).
     *
     * @throws CryptoException if {@code enc} is malformed or the ciphertext does not authenticate
     *     under this key, info and aad
     */
    public static byte[] open(DeviceKeys recipient, byte[] enc, byte[] info, byte[] aad, byte[] ciphertext) {
        Objects.requireNonNull(recipient, "recipient");
        return open(recipient.encryptionKeyPair(), enc, info, aad, ciphertext);
    }

    static byte[] open(AsymmetricCipherKeyPair recipient, byte[] enc, byte[] info, byte[] aad, byte[] ciphertext) {
        Objects.requireNonNull(enc, "enc");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (enc.length != ENC_LENGTH) {
            throw new CryptoException("HPKE enc must be " + ENC_LENGTH + " bytes, got " + enc.length);
        }
        try {
            HPKEContext context = suite().setupBaseR(enc, recipient, info);
            return context.open(aad, ciphertext);
        } catch (IllegalStateException | IllegalArgumentException | RuntimeCryptoException e) {
            throw new CryptoException("HPKE enc is not a usable X25519 key (agreement failed)", e);
        } catch (InvalidCipherTextException e) {
            throw new CryptoException("HPKE ciphertext does not authenticate with this key, info and aad", e);
        }
    }

    /** A new Bouncy Castle HPKE object for this class's suite (not thread-safe: one per call). */
    static HPKE suite() {
        return new HPKE(MODE, KEM_ID, KDF_ID, AEAD_ID);
    }
}
