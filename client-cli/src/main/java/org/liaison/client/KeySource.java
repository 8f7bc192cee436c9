package org.liaison.client;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.liaison.client.crypto.VerifiedBundle;

/**
 * Where messaging gets other officers' device keys: every bundle returned has been verified
 * against our own trusted agency CAs (fail closed: one that does not verify is never returned,
 * only reported).
 */
@FunctionalInterface
public interface KeySource {

    /**
     * The verified devices of {@code officerIds}.
     *
     * @return completes with the devices by officer (every officer asked for is a key, with an
     *         empty list when none of their devices is usable) and the warnings to show the user
     *         (rejected bundles, changed keys)
     */
    CompletableFuture<Devices> devicesOf(Collection<String> officerIds);

    /**
     * Verified devices and what to tell the user about them.
     *
     * @param byOfficer verified bundles by officer id
     * @param warnings  one line each: a rejected bundle and why, a changed key
     */
    record Devices(Map<String, List<VerifiedBundle>> byOfficer, List<String> warnings) {

        public Devices {
            byOfficer = Map.copyOf(byOfficer);
            warnings = List.copyOf(warnings);
        }
    }
}
