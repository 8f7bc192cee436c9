package org.liaison.client.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The end-to-end keys of one device: an Ed25519 key pair that signs the envelopes the device
 * sends, and an X25519 key pair that opens the content keys wrapped for it (HPKE).
 *
 * <p>The private keys never leave this object except to {@link DeviceKeyStore} (encrypted) and to
 * {@link Hpke} inside this package; {@link #toString()} shows only the public fingerprint. An
 * instance is immutable and safe to share between threads.
 */
public final class DeviceKeys {

    /** Length of both public keys (Ed25519 and X25519), in bytes. */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Length of both private keys, in bytes. */
    public static final int PRIVATE_KEY_LENGTH = 32;
    /** Length of an Ed25519 signature, in bytes. */
    public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivateKeyParameters signingKey;
    private final Ed25519PublicKeyParameters signingPublic;
    private final X25519PrivateKeyParameters encryptionKey;
    private final X25519PublicKeyParameters encryptionPublic;

    private DeviceKeys(Ed25519PrivateKeyParameters signingKey, X25519PrivateKeyParameters encryptionKey) {
        this.signingKey = signingKey;
        this.signingPublic = signingKey.generatePublicKey();
        this.encryptionKey = encryptionKey;
        this.encryptionPublic = encryptionKey.generatePublicKey();
    }

    /** Fresh keys from a strong random source. */
    public static DeviceKeys generate() {
        return generate(RANDOM);
    }

    /** Fresh keys from {@code random}. */
    public static DeviceKeys generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new DeviceKeys(new Ed25519PrivateKeyParameters(random), new X25519PrivateKeyParameters(random));
    }

    /** Keys from their 32-byte private encodings (RFC 8032 seed, RFC 7748 scalar). */
    static DeviceKeys fromPrivateKeys(byte[] signingPrivate, byte[] encryptionPrivate) {
        if (signingPrivate.length != PRIVATE_KEY_LENGTH || encryptionPrivate.length != PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("private keys must be " + PRIVATE_KEY_LENGTH + " bytes");
        }
        return new DeviceKeys(new Ed25519PrivateKeyParameters(signingPrivate),
                new X25519PrivateKeyParameters(encryptionPrivate));
    }

    /** The Ed25519 public key (32 bytes, a copy): published in the device's key bundle. */
    public byte[] signingPublicKey() {
        return signingPublic.getEncoded();
    }

    /** The X25519 public key (32 bytes, a copy): published in the device's key bundle. */
    public byte[] encryptionPublicKey() {
        return encryptionPublic.getEncoded();
    }

    /** The fingerprint others see for this device's bundle; see {@link KeyBundles#fingerprint}. */
    public String fingerprint() {
        return KeyBundles.fingerprint(signingPublicKey(), encryptionPublicKey());
    }

    /** The Ed25519 (pure, RFC 8032) signature of {@code message}, 64 bytes. */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        byte[] signature = new byte[SIGNATURE_LENGTH];
        signingKey.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
        return signature;
    }

    /**
     * Whether {@code signature} is a valid Ed25519 signature of {@code message} by
     * {@code signingPublicKey}. A key or signature of the wrong length, or a key that is not a
     * valid curve point, gives false.
     */
    public static boolean verify(byte[] signingPublicKey, byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        if (signingPublicKey == null || signature == null || signingPublicKey.length != PUBLIC_KEY_LENGTH
                || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519PublicKeyParameters key;
        try {
            key = new Ed25519PublicKeyParameters(signingPublicKey);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return key.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    }

    /** Whether {@code publicKey} is 32 bytes and a valid Ed25519 point. */
    static boolean isValidSigningKey(byte[] publicKey) {
        if (publicKey.length != PUBLIC_KEY_LENGTH) {
            return false;
        }
        try {
            new Ed25519PublicKeyParameters(publicKey);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The X25519 key pair as HPKE wants it (recipient side). */
    AsymmetricCipherKeyPair encryptionKeyPair() {
        return new AsymmetricCipherKeyPair(encryptionPublic, encryptionKey);
    }

    /** The Ed25519 private key encoding (a copy): for {@link DeviceKeyStore} only. */
    byte[] signingPrivateKey() {
        return signingKey.getEncoded();
    }

    /** The X25519 private key encoding (a copy): for {@link DeviceKeyStore} only. */
    byte[] encryptionPrivateKey() {
        return encryptionKey.getEncoded();
    }

    /** The public fingerprint only; never a key. */
    @Override
    public String toString() {
        return "DeviceKeys[fingerprint=" + fingerprint() + "]";
    }
}
