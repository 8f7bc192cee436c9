package org.liaison.client.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Writes the length-prefixed binary encodings that get signed or authenticated: big-endian
 * integers, byte strings as {@code u32 length || bytes}, text as its strict UTF-8 bytes in the same
 * form. Writing to a digest avoids copying large bodies.
 */
final class CanonicalWriter {

    private final OutputStream out;

    private CanonicalWriter(OutputStream out) {
        this.out = out;
    }

    /** A writer into memory; {@link #toByteArray} returns what was written. */
    static CanonicalWriter inMemory() {
        return new CanonicalWriter(new ByteArrayOutputStream());
    }

    /** A writer that only feeds SHA-256; {@link #digest} returns the hash of what was written. */
    static CanonicalWriter sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return new CanonicalWriter(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    CanonicalWriter raw(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    CanonicalWriter u32(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative length " + value);
        }
        return raw(ByteBuffer.allocate(Integer.BYTES).putInt(value).array());
    }

    CanonicalWriter i64(long value) {
        return raw(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
    }

    /** {@code u32 length || bytes}. */
    CanonicalWriter bytes(byte[] bytes) {
        return u32(bytes.length).raw(bytes);
    }

    /** {@code u32 length || UTF-8 bytes}; refuses text that is not well-formed UTF-16 (lone surrogates). */
    CanonicalWriter text(String text) {
        return bytes(utf8(text));
    }

    byte[] toByteArray() {
        return ((ByteArrayOutputStream) out).toByteArray();
    }

    byte[] digest() {
        return ((DigestOutputStream) out).getMessageDigest().digest();
    }

    /**
     * The strict UTF-8 encoding of {@code text}. {@link String#getBytes} would turn every lone
     * surrogate into '?', so two different strings could encode alike; here they are refused.
     */
    static byte[] utf8(String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text is not well-formed Unicode (lone surrogate)", e);
        }
    }
}
