package org.liaison.client.crypto;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.SignedKeyBundle;

/**
 * Builds and signs a device's {@link KeyBundle} with the officer's agency-issued certificate key,
 * and defines the two encodings every party must agree on: the signed bytes and the fingerprint.
 *
 * <p>The signature is ECDSA P-256 with SHA-256 (DER, as the JDK's {@code SHA256withECDSA} makes
 * it) over {@link #signedContent}: {@code "liaison-keybundle-v1" || 0x00 || bundle}, where
 * {@code bundle} is the serialized {@code KeyBundle} exactly as carried in
 * {@link SignedKeyBundle#getBundle()}. Verification is {@link BundleVerifier}'s job.
 */
public final class KeyBundles {

    /** JDK name of the bundle signature algorithm. */
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Domain separation label of bundle signatures. */
    public static final String SIGNATURE_LABEL = "liaison-keybundle-v1";

    private static final byte[] LABEL = SIGNATURE_LABEL.getBytes(StandardCharsets.US_ASCII);

    private KeyBundles() {
    }

    /** The unsigned bundle publishing {@code keys} for one device, valid from {@code created} for {@code validity}. */
    public static KeyBundle bundle(String officerId, String deviceId, DeviceKeys keys, Instant created,
                                   Duration validity) {
        Objects.requireNonNull(officerId, "officerId");
        Objects.requireNonNull(deviceId, "deviceId");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("a key bundle needs a positive validity, got " + validity);
        }
        return KeyBundle.newBuilder()
                .setOfficerId(officerId)
                .setDeviceId(deviceId)
                .setSigningKey(ByteString.copyFrom(keys.signingPublicKey()))
                .setEncryptionKey(ByteString.copyFrom(keys.encryptionPublicKey()))
                .setCreatedMs(created.toEpochMilli())
                .setExpiresMs(created.plus(validity).toEpochMilli())
                .build();
    }

    /**
     * Serializes {@code bundle} and signs it with {@code certKey}, attaching {@code chain}.
     *
     * @param certKey the private key of the officer certificate {@code chain.get(0)}
     * @param chain the officer certificate first, then its issuing agency CA
     * @throws IllegalArgumentException if the chain is empty or {@code certKey} is not the key of its first certificate
     * @throws CryptoException if the key cannot sign
     */
    public static SignedKeyBundle sign(KeyBundle bundle, PrivateKey certKey, List<X509Certificate> chain) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(certKey, "certKey");
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException(
                    "a signed key bundle needs the certificate chain, officer certificate first");
        }
        byte[] bundleBytes = bundle.toByteArray();
        byte[] content = signedContent(bundleBytes);
        try {
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(certKey);
            signer.update(content);
            byte[] signature = signer.sign();
            // Checked here so that a wrong key fails on the signing device, not on every reader.
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(chain.get(0).getPublicKey());
            verifier.update(content);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(
                        "the private key does not belong to the first certificate of the chain");
            }
            SignedKeyBundle.Builder signed = SignedKeyBundle.newBuilder()
                    .setBundle(ByteString.copyFrom(bundleBytes))
                    .setSignature(ByteString.copyFrom(signature));
            for (X509Certificate certificate : chain) {
                signed.addCertificateChain(ByteString.copyFrom(certificate.getEncoded()));
            }
            return signed.build();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode a chain certificate: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot sign the key bundle with the certificate key: " + e.getMessage(), e);
        }
    }

    /** The bytes a bundle signature covers: {@code "liaison-keybundle-v1" || 0x00 || bundleBytes}. */
    public static byte[] signedContent(byte[] bundleBytes) {
        return ByteBuffer.allocate(LABEL.length + 1 + bundleBytes.length)
                .put(LABEL).put((byte) 0).put(bundleBytes).array();
    }

    /**
     * The human-comparable fingerprint of a device's keys: the first 16 bytes of
     * SHA-256(signing key || encryption key) as 8 groups of 4 lower-case hex digits separated by
     * spaces, e.g. {@code 3f2a 91c0 77de 0b14 c2aa 5e09 d1f3 6b80}. Two officers comparing it (in
     * person, by phone) detect a substituted key.
     */
    public static String fingerprint(byte[] signingKey, byte[] encryptionKey) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        sha256.update(signingKey);
        sha256.update(encryptionKey);
        String hex = HexFormat.of().formatHex(sha256.digest(), 0, 16);
        StringBuilder grouped = new StringBuilder(39);
        for (int i = 0; i < hex.length(); i += 4) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(hex, i, i + 4);
        }
        return grouped.toString();
    }
}
