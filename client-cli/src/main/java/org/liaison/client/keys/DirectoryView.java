package org.liaison.client.keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.liaison.client.crypto.BundleRejectedException;
import org.liaison.client.crypto.VerifiedBundle;

/**
 * Other officers' devices as {@link KeyDirectoryClient#devicesOf} found them: only bundles that
 * passed every rule of the {@code BundleVerifier} are usable; everything else the server served is
 * in {@link #rejected()} and must never be encrypted to.
 *
 * @param devices    the usable devices of every officer asked for, by officer id (sorted), each list
 *                   sorted by device id; an officer without a usable device maps to an empty list
 * @param rejected   the bundles the server served that were refused, with the reason
 * @param changes    the usable devices whose keys changed since this profile last saw them
 * @param newDevices the usable devices this profile had never seen before (now recorded)
 */
public record DirectoryView(Map<String, List<VerifiedBundle>> devices, List<Rejected> rejected,
                            List<KeyChange> changes, List<VerifiedBundle> newDevices) {

    /**
     * A bundle the server served that may not be used.
     *
     * @param officerId the officer the bundle claims (not verified: it was refused), or the officer
     *                  asked for when the bundle cannot be read
     * @param deviceId  the device the bundle claims, if it can be read
     * @param reason    the rule it broke
     * @param message   what was wrong, for people (names and dates, never key material)
     */
    public record Rejected(String officerId, Optional<String> deviceId, BundleRejectedException.Reason reason,
                           String message) {

        public Rejected {
            Objects.requireNonNull(officerId, "officerId");
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Copies everything; {@code devices} becomes a sorted, unmodifiable map of unmodifiable lists. */
    public DirectoryView {
        Map<String, List<VerifiedBundle>> sorted = new TreeMap<>();
        Objects.requireNonNull(devices, "devices").forEach((officer, list) -> sorted.put(officer, List.copyOf(list)));
        devices = Collections.unmodifiableMap(sorted);
        rejected = List.copyOf(rejected);
        changes = List.copyOf(changes);
        newDevices = List.copyOf(newDevices);
    }

    /** The usable devices of {@code officerId}, sorted by device id; empty if none (or not asked for). */
    public List<VerifiedBundle> devicesOf(String officerId) {
        return devices.getOrDefault(officerId, List.of());
    }

    /** Every usable device, by officer then device. */
    public List<VerifiedBundle> usable() {
        List<VerifiedBundle> all = new ArrayList<>();
        devices.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** The refused bundles attributed to {@code officerId}. */
    public List<Rejected> rejectedOf(String officerId) {
        return rejected.stream().filter(rejection -> rejection.officerId().equals(officerId)).toList();
    }

    /** The key change reported for this usable device, if its keys changed. */
    public Optional<KeyChange> changeOf(VerifiedBundle bundle) {
        return changes.stream()
                .filter(change -> change.officerId().equals(bundle.officerId())
                        && change.deviceId().equals(bundle.deviceId())
                        && change.fingerprint().equals(bundle.fingerprint()))
                .findFirst();
    }

    /**
     * One line for people per thing they should know: each key change ({@link KeyChange#warning()})
     * and each refused bundle (its officer, device and message). Lines may contain what a refused
     * bundle claims, unverified: escape control characters before printing them to a terminal.
     */
    public List<String> warnings() {
        List<String> lines = new ArrayList<>();
        changes.forEach(change -> lines.add(change.warning()));
        for (Rejected rejection : rejected) {
            lines.add("a key bundle served for " + (rejection.officerId().isEmpty() ? "an unknown officer"
                    : rejection.officerId()) + rejection.deviceId().map(device -> " (device " + device + ")").orElse("")
                    + " is not used: " + rejection.message());
        }
        return List.copyOf(lines);
    }

    /** How this usable device compared with the keys the profile knew. */
    public KnownKeys.Status statusOf(VerifiedBundle bundle) {
        if (changeOf(bundle).isPresent()) {
            return KnownKeys.Status.CHANGED;
        }
        return newDevices.contains(bundle) ? KnownKeys.Status.NEW : KnownKeys.Status.KNOWN;
    }
}
