package org.liaison.client.keys;

import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;
import org.liaison.client.crypto.CryptoException;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.DeviceKeyStore;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.KeyBundles;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.proto.v1.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's end-to-end keys: kept in the profile directory, encrypted under a passphrase (by
 * default the identity password), published to the server in a bundle signed with the officer
 * certificate's key.
 *
 * <p>Files in the profile directory: {@code device-keys.bin} (the private keys, see
 * {@link DeviceKeyStore}) and {@value #BUNDLE_FILE_NAME} (the last signed bundle, public). A
 * bundle lives {@link #BUNDLE_LIFETIME} and is signed again once less than
 * {@link #RENEWAL_MARGIN} of it is left, or when the keys, the officer or the device changed.
 *
 * <p>Cost: {@link #ensurePublished} derives the key file's passphrase key (PBKDF2, a fraction of a
 * second) once per instance and again only when the key file changed on disk, and sends one
 * {@code GetKeys} request; it publishes only when the server does not serve exactly the stored
 * bundle. Create one instance per profile and process, and reuse it.
 *
 * <p>Failures: a key file that cannot be opened (wrong passphrase, damaged) or an identity without
 * a private key is a {@link DeviceKeyringException}; no keys where they are required is a
 * {@link DeviceKeysMissingException}; {@link #init} on a device that has keys is a
 * {@link DeviceKeysExistException}. The futures fail with these, or as
 * {@link LiaisonClient#request} fails. Local work (files, PBKDF2, signing) runs on the executor
 * given at construction, never on the connection's event loop. Thread-safe.
 */
public final class DeviceKeyring {

    /** File name of the stored signed bundle inside a profile directory. */
    public static final String BUNDLE_FILE_NAME = "device-bundle.bin";
    /** How long a signed bundle is valid (the server accepts at most 400 days). */
    public static final Duration BUNDLE_LIFETIME = Duration.ofDays(180);
    /** A stored bundle with less than this left before it expires is signed again. */
    public static final Duration RENEWAL_MARGIN = Duration.ofDays(30);

    private static final Logger log = LoggerFactory.getLogger(DeviceKeyring.class);

    private final DeviceKeyFile keyFile;
    private final SignedBundleFile bundleFile;
    private final ClientProfile profile;
    private final Clock clock;
    private final Executor executor;

    /**
     * A keyring for the profile in {@code profileDir}.
     *
     * @param profileDir the profile directory (where {@code device-keys.bin} lives)
     * @param profile    the loaded profile: its identity signs the bundles
     * @param passphrase what the key file is encrypted under (copied)
     * @param clock      the time bundles are made and judged at
     * @param executor   where file, PBKDF2 and signing work runs
     */
    public DeviceKeyring(Path profileDir, ClientProfile profile, char[] passphrase, Clock clock, Executor executor) {
        Objects.requireNonNull(profileDir, "profileDir");
        this.keyFile = new DeviceKeyFile(profileDir, Objects.requireNonNull(passphrase, "passphrase"));
        this.bundleFile = new SignedBundleFile(profileDir.resolve(BUNDLE_FILE_NAME));
        this.profile = Objects.requireNonNull(profile, "profile");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The keyring of the profile in {@code profileDir}, protected by the profile's identity
     * password, on the system clock and the common pool.
     */
    public static DeviceKeyring forProfile(Path profileDir, ClientProfile profile) {
        char[] password = profile.password();
        try {
            return new DeviceKeyring(profileDir, profile, password, Clock.systemUTC(), ForkJoinPool.commonPool());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The encrypted key file, {@code device-keys.bin}. */
    public Path keyFile() {
        return keyFile.file();
    }

    /** The stored signed bundle, {@value #BUNDLE_FILE_NAME}. */
    public Path bundleFile() {
        return bundleFile.file();
    }

    /** Whether this device has a key file. */
    public boolean hasKeys() {
        return keyFile.exists();
    }

    /**
     * This device's keys, opened once and then kept in memory until the key file changes (another
     * process rotated them).
     *
     * @throws DeviceKeysMissingException if the device has no keys
     * @throws DeviceKeyringException if the key file cannot be read or opened with the passphrase
     */
    public DeviceKeys keys() {
        return keyFile.keys();
    }

    /** The signed bundle stored next to the keys, if there is a readable one (not verified). */
    public Optional<SignedKeyBundle> storedBundle() {
        return bundleFile.read();
    }

    /**
     * Makes sure the server serves this device's current keys: opens the keys (generating them if
     * the device has none), uses the stored bundle (signing a new one if there is none, it is near
     * expiry, or it names other keys, officer or device), asks the server for the officer's
     * bundles, and publishes the stored one unless the server serves exactly it. Officer and
     * device ids come from the client's Welcome.
     *
     * @return completes with this device's credentials once the server serves its bundle
     */
    public CompletableFuture<DeviceCredentials> ensurePublished(LiaisonClient client) {
        Welcome welcome = client.welcome();
        return CompletableFuture
                .supplyAsync(() -> localCredentials(welcome.getOfficerId(), welcome.getDeviceId()), executor)
                .thenCompose(credentials -> KeyRequests.getKeys(client, List.of(credentials.officerId()))
                        .thenCompose(served -> {
                            Optional<SignedKeyBundle> current = KeyRequests.claimedBy(served,
                                    credentials.officerId(), credentials.deviceId());
                            if (current.filter(credentials.bundle()::equals).isPresent()) {
                                return CompletableFuture.completedFuture(credentials);
                            }
                            return publishSignedByCurrentCertificate(client, credentials);
                        }));
    }

    /**
     * Generates this device's first keys, signs and stores their bundle, and publishes it. Refuses
     * (with a {@link DeviceKeysExistException}) if the device already has keys.
     *
     * @return completes with the new credentials once the server stored the bundle
     */
    public CompletableFuture<DeviceCredentials> init(LiaisonClient client) {
        Welcome welcome = client.welcome();
        return CompletableFuture.supplyAsync(() -> {
            synchronized (this) {
                OfficerIdentity identity = OfficerIdentity.load(profile);
                DeviceKeys keys = createKeys();
                return signAndStore(welcome.getOfficerId(), welcome.getDeviceId(), keys, identity);
            }
        }, executor).thenCompose(credentials -> KeyRequests.publish(client, credentials.bundle())
                .thenApply(published -> credentials));
    }

    /**
     * Replaces this device's keys with new ones: saves them (the old private keys are gone), signs
     * and stores their bundle, and publishes it, which supersedes the old bundle on the server.
     * Other officers see a key change. If publishing fails, the next {@link #ensurePublished}
     * publishes the new bundle.
     *
     * <p>The old keys must open with the passphrase (so that a wrong passphrase never silently
     * destroys keys); a device without keys just gets its first ones.
     *
     * @return completes with the old fingerprint and the new credentials once the server stored the bundle
     */
    public CompletableFuture<KeyRotation> rotate(LiaisonClient client) {
        Welcome welcome = client.welcome();
        record Replaced(Optional<String> previous, DeviceCredentials credentials) {
        }
        return CompletableFuture.supplyAsync(() -> {
            synchronized (this) {
                OfficerIdentity identity = OfficerIdentity.load(profile);
                Optional<String> previous = hasKeys() ? Optional.of(keys().fingerprint()) : Optional.empty();
                DeviceKeys keys = DeviceKeys.generate();
                keyFile.replace(keys);
                log.info("rotated this device's end-to-end keys in {}", keyFile.file());
                return new Replaced(previous,
                        signAndStore(welcome.getOfficerId(), welcome.getDeviceId(), keys, identity));
            }
        }, executor).thenCompose(replaced -> KeyRequests.publish(client, replaced.credentials().bundle())
                .thenApply(published -> new KeyRotation(replaced.previous(), replaced.credentials(),
                        published.getRotated())));
    }

    /**
     * This device's keys as stored, and whether the server serves exactly them. Changes nothing:
     * no keys are generated, nothing is signed or published.
     *
     * @return fails with a {@link DeviceKeysMissingException} if the device has no keys
     */
    public CompletableFuture<DeviceKeyStatus> status(LiaisonClient client) {
        String officerId = client.welcome().getOfficerId();
        String deviceId = client.welcome().getDeviceId();
        record Local(DeviceKeys keys, Optional<KeyBundle> stored) {
        }
        return CompletableFuture.supplyAsync(() -> {
            DeviceKeys keys = keys();
            Optional<KeyBundle> stored = bundleFile.read().flatMap(KeyRequests::parseUnverified)
                    .filter(bundle -> names(bundle, officerId, deviceId, keys));
            return new Local(keys, stored);
        }, executor).thenCompose(local -> KeyRequests.getKeys(client, List.of(officerId)).thenApply(served -> {
            Optional<String> servedFingerprint = KeyRequests.claimedBy(served, officerId, deviceId)
                    .flatMap(KeyRequests::parseUnverified)
                    .map(bundle -> KeyBundles.fingerprint(bundle.getSigningKey().toByteArray(),
                            bundle.getEncryptionKey().toByteArray()));
            String fingerprint = local.keys().fingerprint();
            return new DeviceKeyStatus(officerId, deviceId, fingerprint,
                    local.stored().map(bundle -> Instant.ofEpochMilli(bundle.getCreatedMs())),
                    local.stored().map(bundle -> Instant.ofEpochMilli(bundle.getExpiresMs())),
                    servedFingerprint.filter(fingerprint::equals).isPresent(), servedFingerprint);
        }));
    }

    /**
     * The device's keys (generated if it has none) and a current signed bundle for them (the
     * stored one, or a new one signed and stored): everything {@link #ensurePublished} needs
     * before it talks to the server.
     */
    synchronized DeviceCredentials localCredentials(String officerId, String deviceId) {
        if (!hasKeys()) {
            // The identity first: a profile that cannot sign must not be left with unpublishable keys.
            OfficerIdentity identity = OfficerIdentity.load(profile);
            return signAndStore(officerId, deviceId, keyFile.generate(), identity);
        }
        DeviceKeys keys = keys();
        Optional<SignedKeyBundle> stored = bundleFile.read()
                .filter(signed -> isCurrent(signed, officerId, deviceId, keys, clock.instant()));
        if (stored.isPresent()) {
            return new DeviceCredentials(officerId, deviceId, keys, stored.get());
        }
        return signAndStore(officerId, deviceId, keys, OfficerIdentity.load(profile));
    }

    /** New keys for a device that has none; refuses if it has some. */
    synchronized DeviceKeys createKeys() {
        if (keyFile.exists()) {
            throw new DeviceKeysExistException(keyFile.file());
        }
        return keyFile.generate();
    }

    private CompletableFuture<DeviceCredentials> publishSignedByCurrentCertificate(LiaisonClient client,
                                                                                  DeviceCredentials credentials) {
        return CompletableFuture.supplyAsync(() -> signedByCurrentCertificate(credentials), executor)
                .thenCompose(current -> KeyRequests.publish(client, current.bundle()).thenApply(published -> {
                    log.info("published the key bundle of device {} (replaced another: {})", current.deviceId(),
                            published.getRotated());
                    return current;
                }));
    }

    /**
     * {@code credentials}, re-signed if the identity's certificate is no longer the one that
     * signed the stored bundle: the server accepts only bundles signed by the certificate the
     * connection authenticated with (the agency renewed the officer's certificate).
     */
    private synchronized DeviceCredentials signedByCurrentCertificate(DeviceCredentials credentials) {
        OfficerIdentity identity = OfficerIdentity.load(profile);
        byte[] signer = credentials.bundle().getCertificateChain(0).toByteArray();
        try {
            if (Arrays.equals(signer, identity.certificate().getEncoded())) {
                return credentials;
            }
        } catch (CertificateEncodingException e) {
            throw new DeviceKeyringException("cannot encode the certificate of identity " + profile.identity(), e);
        }
        return signAndStore(credentials.officerId(), credentials.deviceId(), credentials.keys(), identity);
    }

    private DeviceCredentials signAndStore(String officerId, String deviceId, DeviceKeys keys,
                                           OfficerIdentity identity) {
        Instant now = clock.instant();
        KeyBundle bundle = KeyBundles.bundle(officerId, deviceId, keys, now, BUNDLE_LIFETIME);
        SignedKeyBundle signed;
        try {
            signed = KeyBundles.sign(bundle, identity.key(), identity.chain());
        } catch (IllegalArgumentException | CryptoException e) {
            throw new DeviceKeyringException("cannot sign this device's key bundle with identity "
                    + profile.identity() + ": " + e.getMessage(), e);
        }
        bundleFile.write(signed);
        log.info("signed a key bundle for device {} (fingerprint {}), valid until {}", deviceId,
                keys.fingerprint(), now.plus(BUNDLE_LIFETIME));
        return new DeviceCredentials(officerId, deviceId, keys, signed);
    }

    /** Whether {@code signed} publishes {@code keys} for the device, with enough life left. */
    private static boolean isCurrent(SignedKeyBundle signed, String officerId, String deviceId, DeviceKeys keys,
                                     Instant now) {
        return signed.getCertificateChainCount() > 0
                && KeyRequests.parseUnverified(signed)
                        .filter(bundle -> names(bundle, officerId, deviceId, keys))
                        .filter(bundle -> Instant.ofEpochMilli(bundle.getExpiresMs()).isAfter(now.plus(RENEWAL_MARGIN)))
                        .isPresent();
    }

    private static boolean names(KeyBundle bundle, String officerId, String deviceId, DeviceKeys keys) {
        return bundle.getOfficerId().equals(officerId)
                && bundle.getDeviceId().equals(deviceId)
                && Arrays.equals(bundle.getSigningKey().toByteArray(), keys.signingPublicKey())
                && Arrays.equals(bundle.getEncryptionKey().toByteArray(), keys.encryptionPublicKey());
    }

    /** Never shows the passphrase. */
    @Override
    public String toString() {
        return "DeviceKeyring[" + keyFile.file() + "]";
    }
}
