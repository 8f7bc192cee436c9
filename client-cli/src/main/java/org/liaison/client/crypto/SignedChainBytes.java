package org.liaison.client.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The byte formats shared by the hash-chained statements devices sign (membership statements,
 * task transitions): a domain label followed by a zero byte, the signing input
 * {@code label 0x00 || payload}, and the link hash
 * {@code SHA-256(label 0x00 || u32(len payload) || payload || u32(len signature) || signature)},
 * lengths big-endian.
 */
final class SignedChainBytes {

    private SignedChainBytes() {
    }

    /** {@code label} in ASCII followed by one zero byte. */
    static byte[] prefix(String label) {
        byte[] text = label.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(text, text.length + 1);
    }

    /** What a device signs: {@code prefix || payload}. */
    static byte[] signedContent(byte[] prefix, byte[] payload) {
        return ByteBuffer.allocate(prefix.length + payload.length).put(prefix).put(payload).array();
    }

    /** The link hash the next signed statement names as its previous hash. */
    static byte[] linkHash(byte[] prefix, byte[] payload, byte[] signature) {
        MessageDigest digest = sha256();
        digest.update(prefix);
        digest.update(ByteBuffer.allocate(4).putInt(payload.length).array());
        digest.update(payload);
        digest.update(ByteBuffer.allocate(4).putInt(signature.length).array());
        digest.update(signature);
        return digest.digest();
    }

    /** A fresh SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
