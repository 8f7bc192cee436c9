package org.liaison.client.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * The content key of one envelope, HPKE-sealed to one recipient device: which device it is for,
 * the encapsulated key and the AEAD ciphertext of the 32-byte content key (48 bytes with the tag).
 * All of it is public and meant to travel in the envelope; the server may route by
 * {@link #recipient()}.
 *
 * @param officerId the recipient officer
 * @param deviceId the recipient device
 * @param enc HPKE {@code enc} (32 bytes)
 * @param wrappedKey HPKE ciphertext of the content key
 */
public record RecipientWrap(String officerId, String deviceId, byte[] enc, byte[] wrappedKey) {

    /** Requires every field and copies the arrays. */
    public RecipientWrap {
        new Recipient(officerId, deviceId);
        enc = Objects.requireNonNull(enc, "enc").clone();
        wrappedKey = Objects.requireNonNull(wrappedKey, "wrappedKey").clone();
    }

    /** The device this wrap is for. */
    public Recipient recipient() {
        return new Recipient(officerId, deviceId);
    }

    /** A copy of the encapsulated key. */
    @Override
    public byte[] enc() {
        return enc.clone();
    }

    /** A copy of the wrapped content key. */
    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecipientWrap that && officerId.equals(that.officerId)
                && deviceId.equals(that.deviceId) && Arrays.equals(enc, that.enc)
                && Arrays.equals(wrappedKey, that.wrappedKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(officerId, deviceId, Arrays.hashCode(enc), Arrays.hashCode(wrappedKey));
    }

    @Override
    public String toString() {
        return "RecipientWrap[" + officerId + "/" + deviceId + "]";
    }
}
