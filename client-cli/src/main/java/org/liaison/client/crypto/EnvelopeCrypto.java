package org.liaison.client.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.liaison.client.crypto.EnvelopeRejectedException.Reason;
import org.liaison.proto.v1.EnvelopeHeader;

/**
 * Seals a message body for a set of recipient devices and opens it on one of them
 * (DESIGN.md, "End-to-end encryption"; promises 1 and 3).
 *
 * <p><b>Seal.</b> A fresh random 32-byte content key and 12-byte nonce encrypt the plaintext once
 * with AES-256-GCM (JDK); the associated data is the {@linkplain CanonicalHeader canonical header}
 * {@code H}, which includes the sorted recipient list. The content key is then sealed to every
 * recipient device's X25519 key with {@linkplain Hpke HPKE} (info {@value #CONTENT_KEY_INFO}, aad
 * {@code H}), one wrap per device in canonical recipient order. Finally the sender device signs,
 * with Ed25519:
 * <pre>
 *   "liaison-envelope-signature-v1" 0x00 || SHA-256( bytes(H) || bytes(nonce) || bytes(SHA-256(body))
 *                                                   || u32(n) || n times: str(officer_id) str(device_id)
 *                                                                         bytes(enc) bytes(wrapped_key) )
 * </pre>
 * where {@code bytes(x)} is {@code u32 length || x} and {@code str} the same over UTF-8. The body's
 * digest travels in the envelope, so that an altered ciphertext ({@code TAMPERED_BODY}) is told
 * apart from an altered header or recipient list ({@code BAD_SIGNATURE}).
 *
 * <p><b>Open</b> refuses with an {@link EnvelopeRejectedException}, checking in this order: the
 * structure ({@code MALFORMED}); the signature, with the sender's verified signing key, before
 * anything is decrypted ({@code BAD_SIGNATURE}: whatever the server changed in the header, a wrap or
 * their order lands here); the body against its signed digest ({@code TAMPERED_BODY}); header sender and device equal to the sender bundle's
 * ({@code SENDER_MISMATCH}); this device in the recipient list ({@code NOT_A_RECIPIENT}); the wrap
 * opens under this header ({@code TAMPERED_HEADER}); the body decrypts ({@code TAMPERED_BODY}).
 * The last two can only fail for an envelope its own sender signed inconsistently. Checks that need
 * the channel's context (right channel, replay, membership) are the caller's.
 *
 * <p>The header's markings are in {@code H} (see {@link CanonicalHeader}): an envelope whose
 * markings are missing or not well-formed is {@code MALFORMED}, one whose markings were changed
 * fails the signature ({@code BAD_SIGNATURE}). Whether every recipient may see them is the
 * caller's check (it needs their verified bundles). Not covered here: replay of a whole envelope
 * within its own channel (the message id is in the signed header, so receivers de-duplicate by
 * it). Thread-safe.
 */
public final class EnvelopeCrypto {

    /** HPKE info of content-key wraps. */
    public static final String CONTENT_KEY_INFO = "liaison-content-key-v1";
    /** Domain separation label of envelope signatures (followed by one zero byte). */
    public static final String SIGNATURE_LABEL = "liaison-envelope-signature-v1";
    /** Length of the AES-256-GCM content key. */
    public static final int CONTENT_KEY_LENGTH = 32;
    /** Length of the body's AES-GCM nonce. */
    public static final int NONCE_LENGTH = 12;

    private static final byte[] INFO = CONTENT_KEY_INFO.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL = SIGNATURE_LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final int TAG_BITS = 128;

    private final SecureRandom random;

    /** Sealing with a strong random source. */
    public EnvelopeCrypto() {
        this(new SecureRandom());
    }

    /** Sealing with {@code random} for content keys and nonces. */
    public EnvelopeCrypto(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Encrypts {@code plaintext} for every device of {@code recipientDevices} and signs the result
     * with {@code senderKeys}. The sender's own other devices must be in the list to read it there.
     *
     * @param header the header as it will travel (its sender and device must be the sending device's)
     * @throws IllegalArgumentException if there is no recipient or one device appears twice
     * @throws CryptoException if a recipient's encryption key is unusable
     */
    public SealedMessage seal(EnvelopeHeader header, byte[] plaintext, List<VerifiedBundle> recipientDevices,
                              DeviceKeys senderKeys) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(senderKeys, "senderKeys");
        if (recipientDevices.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one recipient device");
        }
        List<VerifiedBundle> devices = new ArrayList<>(recipientDevices);
        devices.sort(Comparator.comparing(VerifiedBundle::recipient));
        byte[] headerBytes = CanonicalHeader.encode(header, devices.stream().map(VerifiedBundle::recipient).toList());
        byte[] contentKey = randomBytes(CONTENT_KEY_LENGTH);
        try {
            byte[] nonce = randomBytes(NONCE_LENGTH);
            byte[] body = aesGcm(Cipher.ENCRYPT_MODE, contentKey, nonce, headerBytes, plaintext);
            List<RecipientWrap> wraps = new ArrayList<>(devices.size());
            for (VerifiedBundle device : devices) {
                WrappedKey wrapped = Hpke.seal(device.encryptionKey(), INFO, headerBytes, contentKey);
                wraps.add(new RecipientWrap(device.officerId(), device.deviceId(), wrapped.enc(),
                        wrapped.ciphertext()));
            }
            byte[] bodyDigest = digest(body);
            byte[] signature = senderKeys.sign(signedContent(headerBytes, nonce, bodyDigest, wraps));
            return new SealedMessage(nonce, body, bodyDigest, wraps, signature);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("AES-GCM encryption cannot fail authentication", e);
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
    }

    /**
     * Verifies and decrypts {@code message} on this device.
     *
     * @param header the header that travelled with the message
     * @param myOfficerId this device's officer
     * @param myDeviceId this device
     * @param myKeys this device's keys
     * @param senderBundle the verified bundle of the device named by {@code header}'s sender and sender device
     * @return the plaintext
     * @throws EnvelopeRejectedException with the first check that fails (see the type's documentation)
     */
    public byte[] open(SealedMessage message, EnvelopeHeader header, String myOfficerId, String myDeviceId,
                       DeviceKeys myKeys, VerifiedBundle senderBundle) {
        Objects.requireNonNull(myKeys, "myKeys");
        Recipient me = new Recipient(myOfficerId, myDeviceId);
        byte[] headerBytes = verify(message, header, senderBundle);
        byte[] nonce = message.nonce();
        byte[] body = message.bodyView();
        RecipientWrap wrap = message.wraps().stream()
                .filter(candidate -> candidate.recipient().equals(me))
                .findFirst()
                .orElseThrow(() -> new EnvelopeRejectedException(Reason.NOT_A_RECIPIENT, "message '"
                        + header.getMessageId() + "' was not sealed for " + me));
        if (nonce.length != NONCE_LENGTH) {
            throw new EnvelopeRejectedException(Reason.MALFORMED, "the body nonce has " + nonce.length
                    + " bytes instead of " + NONCE_LENGTH);
        }
        byte[] contentKey = unwrap(wrap, myKeys, headerBytes, me);
        try {
            return aesGcm(Cipher.DECRYPT_MODE, contentKey, nonce, headerBytes, body);
        } catch (AEADBadTagException e) {
            throw new EnvelopeRejectedException(Reason.TAMPERED_BODY, "the body of message '" + header.getMessageId()
                    + "' does not decrypt with its content key and header", e);
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
    }

    /**
     * Checks, without decrypting, that {@code message} under {@code header} was signed by the device
     * of {@code senderBundle}, which the header names, and that its ciphertext is the one signed.
     *
     * @return the canonical header bytes
     * @throws EnvelopeRejectedException MALFORMED, BAD_SIGNATURE, TAMPERED_BODY or SENDER_MISMATCH
     */
    public byte[] verify(SealedMessage message, EnvelopeHeader header, VerifiedBundle senderBundle) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(senderBundle, "senderBundle");
        byte[] headerBytes = structure(message, header);
        if (!signedBy(message, header, senderBundle)) {
            throw new EnvelopeRejectedException(Reason.BAD_SIGNATURE, "the signature of message '"
                    + header.getMessageId() + "' does not verify with the key of " + senderBundle.recipient()
                    + ": its header or recipient list was altered, or that device did not send it");
        }
        if (!MessageDigest.isEqual(digest(message.bodyView()), message.bodyDigest())) {
            throw new EnvelopeRejectedException(Reason.TAMPERED_BODY, "the ciphertext of message '"
                    + header.getMessageId() + "' was altered after " + senderBundle.recipient() + " signed it");
        }
        if (!header.getSender().equals(senderBundle.officerId())
                || !header.getSenderDevice().equals(senderBundle.deviceId())) {
            throw new EnvelopeRejectedException(Reason.SENDER_MISMATCH, "the header names sender "
                    + header.getSender() + "/" + header.getSenderDevice() + " but the message was signed by "
                    + senderBundle.recipient());
        }
        return headerBytes;
    }

    /** Whether the signature of {@code message} under {@code header} verifies with {@code bundle}'s key. */
    public boolean signedBy(SealedMessage message, EnvelopeHeader header, VerifiedBundle bundle) {
        byte[] headerBytes;
        try {
            headerBytes = structure(message, header);
        } catch (EnvelopeRejectedException e) {
            return false;
        }
        return DeviceKeys.verify(bundle.signingKey(),
                signedContent(headerBytes, message.nonce(), message.bodyDigest(), message.wraps()), message.signature());
    }

    /** The canonical header of {@code message}, or MALFORMED if its recipient list is not a set. */
    private static byte[] structure(SealedMessage message, EnvelopeHeader header) {
        if (message.wraps().isEmpty()) {
            throw new EnvelopeRejectedException(Reason.MALFORMED, "the envelope has no recipient");
        }
        try {
            return CanonicalHeader.encode(header, message.recipients());
        } catch (IllegalArgumentException e) {
            throw new EnvelopeRejectedException(Reason.MALFORMED, e.getMessage(), e);
        }
    }

    private static byte[] unwrap(RecipientWrap wrap, DeviceKeys myKeys, byte[] headerBytes, Recipient me) {
        byte[] contentKey;
        try {
            contentKey = Hpke.open(myKeys, wrap.enc(), INFO, headerBytes, wrap.wrappedKey());
        } catch (CryptoException e) {
            throw new EnvelopeRejectedException(Reason.TAMPERED_HEADER, "the content key wrapped for " + me
                    + " does not open with this header (changed after sealing, or sealed to another key)", e);
        }
        if (contentKey.length != CONTENT_KEY_LENGTH) {
            Arrays.fill(contentKey, (byte) 0);
            throw new EnvelopeRejectedException(Reason.TAMPERED_HEADER, "the content key wrapped for " + me
                    + " has " + contentKey.length + " bytes instead of " + CONTENT_KEY_LENGTH);
        }
        return contentKey;
    }

    /** What the sender signs: {@value #SIGNATURE_LABEL} 0x00 and the SHA-256 of the envelope's parts. */
    static byte[] signedContent(byte[] headerBytes, byte[] nonce, byte[] bodyDigest, List<RecipientWrap> wraps) {
        CanonicalWriter digest = CanonicalWriter.sha256()
                .bytes(headerBytes)
                .bytes(nonce)
                .bytes(bodyDigest)
                .u32(wraps.size());
        for (RecipientWrap wrap : wraps) {
            digest.text(wrap.officerId()).text(wrap.deviceId()).bytes(wrap.enc()).bytes(wrap.wrappedKey());
        }
        byte[] hash = digest.digest();
        return ByteBuffer.allocate(LABEL.length + 1 + hash.length).put(LABEL).put((byte) 0).put(hash).array();
    }

    /** The SHA-256 of {@code body}. */
    static byte[] digest(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] aesGcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available: " + e.getMessage(), e);
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
