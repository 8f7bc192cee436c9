package org.liaison.client.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * One recipient device of an envelope: an officer id and one of that officer's device ids.
 *
 * <p>Recipients sort by the UTF-8 bytes of the officer id, then of the device id, compared as
 * unsigned bytes, so every implementation in every language agrees on the order that the
 * {@linkplain CanonicalHeader canonical header} uses.
 *
 * @param officerId the officer id, non-empty
 * @param deviceId the device id, non-empty
 */
public record Recipient(String officerId, String deviceId) implements Comparable<Recipient> {

    /** Requires both ids to be non-empty. */
    public Recipient {
        Objects.requireNonNull(officerId, "officerId");
        Objects.requireNonNull(deviceId, "deviceId");
        if (officerId.isEmpty() || deviceId.isEmpty()) {
            throw new IllegalArgumentException("a recipient needs an officer id and a device id");
        }
    }

    @Override
    public int compareTo(Recipient other) {
        int byOfficer = Arrays.compareUnsigned(CanonicalWriter.utf8(officerId), CanonicalWriter.utf8(other.officerId));
        return byOfficer != 0 ? byOfficer
                : Arrays.compareUnsigned(CanonicalWriter.utf8(deviceId), CanonicalWriter.utf8(other.deviceId));
    }

    @Override
    public String toString() {
        return officerId + "/" + deviceId;
    }
}
