package org.liaison.client.crypto;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;

/**
 * A device's end-to-end public keys that passed every rule of {@link BundleVerifier}: the
 * officer's certificate chains to a locally trusted agency CA, the agency, nation and officer id
 * are the ones that CA owns, and the officer's certificate key signed these keys.
 *
 * <p>Only {@link BundleVerifier#verify} creates instances (the constructor is not public), so
 * holding one is proof that the bundle was verified. The agency and nation come from the trusted
 * CA certificate, never from the bundle; the clearance from the officer certificate that CA
 * issued. Immutable; the key accessors return copies.
 */
public final class VerifiedBundle {

    private final String officerId;
    private final String agency;
    private final String nation;
    private final String deviceId;
    private final byte[] signingKey;
    private final byte[] encryptionKey;
    private final Instant created;
    private final Instant expires;
    private final String fingerprint;
    private final Set<String> roles;
    private final Classification clearance;

    VerifiedBundle(String officerId, String agency, String nation, String deviceId, byte[] signingKey,
                   byte[] encryptionKey, Instant created, Instant expires, Set<String> roles,
                   Classification clearance) {
        this.officerId = Objects.requireNonNull(officerId, "officerId");
        this.agency = Objects.requireNonNull(agency, "agency");
        this.nation = Objects.requireNonNull(nation, "nation");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        if (signingKey.length != DeviceKeys.PUBLIC_KEY_LENGTH || encryptionKey.length != DeviceKeys.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("public keys must be " + DeviceKeys.PUBLIC_KEY_LENGTH + " bytes");
        }
        this.signingKey = signingKey.clone();
        this.encryptionKey = encryptionKey.clone();
        this.created = Objects.requireNonNull(created, "created");
        this.expires = Objects.requireNonNull(expires, "expires");
        this.fingerprint = KeyBundles.fingerprint(signingKey, encryptionKey);
        this.roles = Set.copyOf(roles);
        if (Markings.rank(Objects.requireNonNull(clearance, "clearance")) == 0) {
            throw new IllegalArgumentException("not a clearance: " + clearance);
        }
        this.clearance = clearance;
    }

    /**
     * The officer's clearance, from the clearance extension of the officer certificate that signed
     * the bundle ({@link org.liaison.markings.Clearance#of}): UNCLASSIFIED when it names none.
     */
    public Classification clearance() {
        return clearance;
    }

    /** Whether this device's officer may see what is marked {@code markings} (nation and clearance). */
    public boolean maySee(org.liaison.proto.v1.Markings markings) {
        return Markings.maySee(markings, nation, clearance);
    }

    /**
     * The roles ({@code OU} values: officer, supervisor, auditor) of the officer certificate that
     * signed the bundle, as its agency CA issued them.
     */
    public Set<String> roles() {
        return roles;
    }

    /** The officer id: the {@code CN} of the officer certificate that signed the bundle. */
    public String officerId() {
        return officerId;
    }

    /** The agency code ({@code O}) of the trusted CA that issued the officer certificate. */
    public String agency() {
        return agency;
    }

    /** The nation ({@code C}) of the trusted CA that issued the officer certificate. */
    public String nation() {
        return nation;
    }

    /** The device these keys belong to. */
    public String deviceId() {
        return deviceId;
    }

    /** The device's Ed25519 public key (32 bytes, a copy): verifies its envelope signatures. */
    public byte[] signingKey() {
        return signingKey.clone();
    }

    /** The device's X25519 public key (32 bytes, a copy): HPKE recipient key for content-key wraps. */
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    /** When the device made the bundle (as the device said). */
    public Instant created() {
        return created;
    }

    /** When the bundle stops being valid. */
    public Instant expires() {
        return expires;
    }

    /** The fingerprint of both keys; see {@link KeyBundles#fingerprint}. */
    public String fingerprint() {
        return fingerprint;
    }

    /** This device as an envelope recipient. */
    public Recipient recipient() {
        return new Recipient(officerId, deviceId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifiedBundle that
                && officerId.equals(that.officerId)
                && agency.equals(that.agency)
                && nation.equals(that.nation)
                && deviceId.equals(that.deviceId)
                && Arrays.equals(signingKey, that.signingKey)
                && Arrays.equals(encryptionKey, that.encryptionKey)
                && created.equals(that.created)
                && expires.equals(that.expires)
                && clearance == that.clearance;
    }

    @Override
    public int hashCode() {
        return Objects.hash(officerId, deviceId, fingerprint, created, expires);
    }

    @Override
    public String toString() {
        return "VerifiedBundle[officer=" + officerId + ", device=" + deviceId + ", agency=" + agency
                + ", nation=" + nation + ", clearance=" + Markings.name(clearance) + ", fingerprint=" + fingerprint + ", expires=" + expires + "]";
    }
}
