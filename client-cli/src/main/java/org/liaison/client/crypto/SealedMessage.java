package org.liaison.client.crypto;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The encrypted and signed part of an envelope, as {@link EnvelopeCrypto#seal} made it; the
 * {@code EnvelopeHeader} travels beside it in clear. Everything here is public: the server stores
 * and forwards it but can neither read the body nor change any byte (or the header) unnoticed.
 *
 * <p>Suggested mapping to the protocol's {@code Envelope}: {@code body} stays the body field;
 * {@code nonce}, {@code signature} and one repeated message per {@link RecipientWrap}
 * ({@code officer_id}, {@code device_id}, {@code enc}, {@code wrapped_key}) are new fields, and the
 * wraps must keep their order (the signature covers it).
 *
 * <p>Arrays are copied in and out; an instance is immutable.
 *
 * @param nonce the 12-byte AES-GCM nonce of the body
 * @param body the AES-256-GCM ciphertext of the plaintext, with its 16-byte tag
 * @param bodyDigest the SHA-256 of {@code body} as the sender signed it
 * @param wraps the content key wrapped for each recipient device, in canonical recipient order
 * @param signature the sender device's Ed25519 signature (64 bytes)
 */
public record SealedMessage(byte[] nonce, byte[] body, byte[] bodyDigest, List<RecipientWrap> wraps,
                            byte[] signature) {

    /** Requires every field and copies it. */
    public SealedMessage {
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        body = Objects.requireNonNull(body, "body").clone();
        bodyDigest = Objects.requireNonNull(bodyDigest, "bodyDigest").clone();
        wraps = List.copyOf(Objects.requireNonNull(wraps, "wraps"));
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** A sealed message whose body digest is computed from {@code body}. */
    public SealedMessage(byte[] nonce, byte[] body, List<RecipientWrap> wraps, byte[] signature) {
        this(nonce, body, EnvelopeCrypto.digest(body), wraps, signature);
    }

    /** A copy of the body digest. */
    @Override
    public byte[] bodyDigest() {
        return bodyDigest.clone();
    }

    /** A copy of the nonce. */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** A copy of the body ciphertext. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** A copy of the signature. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The recipient devices, in the order of {@link #wraps()}. */
    public List<Recipient> recipients() {
        return wraps.stream().map(RecipientWrap::recipient).toList();
    }

    /** The body ciphertext without a copy, for this package's own reads. */
    byte[] bodyView() {
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealedMessage that && Arrays.equals(nonce, that.nonce)
                && Arrays.equals(body, that.body) && Arrays.equals(bodyDigest, that.bodyDigest) && wraps.equals(that.wraps)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(nonce), Arrays.hashCode(body), wraps, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SealedMessage[body=" + body.length + " bytes, recipients=" + recipients() + "]";
    }
}
