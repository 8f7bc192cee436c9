package org.liaison.client.keys;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.liaison.client.ClientProfile;
import org.liaison.client.KeySource;
import org.liaison.client.LiaisonClient;
import org.liaison.client.ProfileException;
import org.liaison.client.crypto.BundleRejectedException;
import org.liaison.client.crypto.BundleRejectedException.Reason;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.CryptoException;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.SignedKeyBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other officers' device keys, fetched from the server's key directory and trusted only after this
 * client verified them (DESIGN.md, promise 3: the server cannot substitute keys).
 *
 * <p>{@link #devicesOf} fails closed: every bundle the server serves goes through the
 * {@link BundleVerifier} (the profile's own agency CAs); one that does not verify, or that names an
 * officer who was not asked for, is never usable and lands in {@link DirectoryView#rejected()}.
 * Every usable bundle is then compared with the profile's {@link KnownKeys}, which records new
 * devices and reports key changes. Verification and file work run on the executor given at
 * construction, never on the connection's event loop. Thread-safe.
 */
public final class KeyDirectoryClient {

    /** Most officers asked for in one {@code GetKeys} request (the server's limit). */
    public static final int MAX_OFFICERS_PER_REQUEST = 500;

    private static final Logger log = LoggerFactory.getLogger(KeyDirectoryClient.class);

    private final BundleVerifier verifier;
    private final KnownKeys knownKeys;
    private final Executor executor;

    /** A directory client verifying with {@code verifier} and remembering keys in {@code knownKeys}. */
    public KeyDirectoryClient(BundleVerifier verifier, KnownKeys knownKeys, Executor executor) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.knownKeys = Objects.requireNonNull(knownKeys, "knownKeys");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The directory client of the profile in {@code profileDir}: trusts the profile's
     * {@code agency-cas.pem}, remembers keys in the profile's {@link KnownKeys}, system clock,
     * common pool.
     *
     * @throws ProfileException if the profile has no usable agency CA file
     */
    public static KeyDirectoryClient forProfile(Path profileDir, ClientProfile profile) {
        BundleVerifier verifier;
        try {
            verifier = BundleVerifier.forProfile(profile, Clock.systemUTC());
        } catch (CryptoException | IllegalArgumentException e) {
            throw new ProfileException(e.getMessage(), e);
        }
        return new KeyDirectoryClient(verifier, KnownKeys.inProfile(profileDir), ForkJoinPool.commonPool());
    }

    /**
     * Fetches (in requests of at most {@value #MAX_OFFICERS_PER_REQUEST} officers) and verifies the
     * current bundles of every device of {@code officerIds}.
     *
     * @return completes with the usable devices, the refused bundles and the key changes; fails
     *     like {@link LiaisonClient#request} (e.g. {@code INVALID_ARGUMENT} for a malformed officer
     *     id) or with a {@link KnownKeysException}
     */
    public CompletableFuture<DirectoryView> devicesOf(LiaisonClient client, Collection<String> officerIds) {
        List<String> asked = List.copyOf(new LinkedHashSet<>(officerIds));
        List<CompletableFuture<List<SignedKeyBundle>>> answers = new ArrayList<>();
        for (int from = 0; from < asked.size(); from += MAX_OFFICERS_PER_REQUEST) {
            List<String> chunk = asked.subList(from, Math.min(asked.size(), from + MAX_OFFICERS_PER_REQUEST));
            answers.add(KeyRequests.getKeys(client, chunk));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApplyAsync(done -> {
            List<SignedKeyBundle> served = new ArrayList<>();
            answers.forEach(answer -> served.addAll(answer.join()));
            return view(asked, served);
        }, executor);
    }

    /**
     * This directory as the {@link KeySource} messaging uses over {@code client}: the usable
     * devices by officer, and one line per key change and refused bundle
     * ({@link DirectoryView#warnings()}).
     */
    public KeySource keySource(LiaisonClient client) {
        Objects.requireNonNull(client, "client");
        return officerIds -> devicesOf(client, officerIds)
                .thenApply(view -> new KeySource.Devices(view.devices(), view.warnings()));
    }

    /** Verifies {@code served}, the answer to a request for {@code asked}, and compares it with the known keys. */
    DirectoryView view(Collection<String> asked, List<SignedKeyBundle> served) {
        Set<String> officers = new LinkedHashSet<>(asked);
        Map<String, Map<String, VerifiedBundle>> usable = new TreeMap<>();
        officers.forEach(officer -> usable.put(officer, new TreeMap<>()));
        List<DirectoryView.Rejected> rejected = new ArrayList<>();
        for (SignedKeyBundle signed : served) {
            VerifiedBundle bundle;
            try {
                bundle = verifier.verify(signed);
            } catch (BundleRejectedException e) {
                log.info("refused a key bundle the server served: {}", e.getMessage());
                rejected.add(rejection(signed, e, officers));
                continue;
            }
            Map<String, VerifiedBundle> devices = usable.get(bundle.officerId());
            if (devices == null) {
                rejected.add(new DirectoryView.Rejected(bundle.officerId(), Optional.of(bundle.deviceId()),
                        Reason.OFFICER_MISMATCH, "key bundle refused (" + Reason.OFFICER_MISMATCH.description()
                                + "): the server answered with a bundle of " + bundle.officerId()
                                + ", who was not asked for"));
                continue;
            }
            VerifiedBundle other = devices.get(bundle.deviceId());
            if (other != null) {
                VerifiedBundle newer = bundle.created().isAfter(other.created()) ? bundle : other;
                devices.put(bundle.deviceId(), newer);
                rejected.add(new DirectoryView.Rejected(bundle.officerId(), Optional.of(bundle.deviceId()),
                        Reason.MALFORMED, "key bundle refused (" + Reason.MALFORMED.description()
                                + "): the server served more than one bundle for device " + bundle.deviceId() + " of "
                                + bundle.officerId() + "; only the most recently created one is used"));
                continue;
            }
            devices.put(bundle.deviceId(), bundle);
        }
        List<VerifiedBundle> all = new ArrayList<>();
        Map<String, List<VerifiedBundle>> byOfficer = new TreeMap<>();
        usable.forEach((officer, devices) -> {
            byOfficer.put(officer, List.copyOf(devices.values()));
            all.addAll(devices.values());
        });
        List<KeyChange> changes = new ArrayList<>();
        List<VerifiedBundle> newDevices = new ArrayList<>();
        for (KnownKeys.Observation observation : knownKeys.observe(all)) {
            observation.change().ifPresent(changes::add);
            if (observation.status() == KnownKeys.Status.NEW) {
                newDevices.add(observation.bundle());
            }
        }
        return new DirectoryView(byOfficer, rejected, changes, newDevices);
    }

    private static DirectoryView.Rejected rejection(SignedKeyBundle signed, BundleRejectedException e,
                                                    Set<String> asked) {
        // What a refused bundle claims is not verified: it only says where to show the refusal.
        Optional<KeyBundle> claimed = KeyRequests.parseUnverified(signed);
        String officer = claimed.map(KeyBundle::getOfficerId).filter(id -> !id.isEmpty())
                .orElse(asked.size() == 1 ? asked.iterator().next() : "");
        Optional<String> device = claimed.map(KeyBundle::getDeviceId).filter(id -> !id.isEmpty());
        return new DirectoryView.Rejected(officer, device, e.reason(), e.getMessage());
    }
}
