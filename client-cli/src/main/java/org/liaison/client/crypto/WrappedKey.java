package org.liaison.client.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * The output of an HPKE single-shot seal: the encapsulated ephemeral key ({@code enc}, 32 bytes
 * for X25519) and the AEAD ciphertext (plaintext length + 16-byte tag). Both are public.
 *
 * <p>The arrays are copied in and out, so an instance cannot be changed after construction.
 *
 * @param enc the encapsulated key
 * @param ciphertext the AEAD ciphertext with its tag
 */
public record WrappedKey(byte[] enc, byte[] ciphertext) {

    /** Copies both arrays. */
    public WrappedKey {
        enc = Objects.requireNonNull(enc, "enc").clone();
        ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
    }

    /** A copy of the encapsulated key. */
    @Override
    public byte[] enc() {
        return enc.clone();
    }

    /** A copy of the ciphertext. */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedKey that && Arrays.equals(enc, that.enc)
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(enc) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "WrappedKey[enc=" + enc.length + " bytes, ciphertext=" + ciphertext.length + " bytes]";
    }
}
