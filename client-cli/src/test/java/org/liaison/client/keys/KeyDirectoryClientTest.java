package org.liaison.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.crypto.BundleRejectedException.Reason;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.KeyBundles;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.SignedKeyBundle;

/**
 * How the directory client judges what a server served (the requests themselves are tested
 * against the real server in it/): fail closed, attributed refusals, key changes.
 */
class KeyDirectoryClientTest {

    private static final String OFFICER = TestOfficer.OFFICER_ID;

    @TempDir
    static Path officerDir;
    @TempDir
    static Path impostorDir;
    @TempDir
    Path profileDir;

    private static TestOfficer officer;
    private static TestOfficer impostor;

    @BeforeAll
    static void officers() throws Exception {
        officer = TestOfficer.create(officerDir);
        // Same names, but its own CA: a CA this client does not trust.
        impostor = TestOfficer.create(impostorDir);
    }

    private KeyDirectoryClient directory() {
        return new KeyDirectoryClient(officer.verifier(), KnownKeys.inProfile(profileDir, Clock.systemUTC()),
                Runnable::run);
    }

    @Test
    void onlyBundlesThatVerifyAreUsableTheOthersAreRejectedWithTheirReason() {
        SignedKeyBundle good = officer.signedDevice("laptop", DeviceKeys.generate());
        SignedKeyBundle untrusted = impostor.signedDevice("phone", DeviceKeys.generate());
        SignedKeyBundle tampered = officer.signedDevice("tablet", DeviceKeys.generate()).toBuilder()
                .setSignature(ByteString.copyFrom(new byte[] {0x30, 0x00})).build();

        DirectoryView view = directory().view(List.of(OFFICER), List.of(untrusted, good, tampered));

        assertThat(view.devicesOf(OFFICER)).extracting(VerifiedBundle::deviceId).containsExactly("laptop");
        assertThat(view.rejected()).extracting(DirectoryView.Rejected::officerId, DirectoryView.Rejected::deviceId,
                        DirectoryView.Rejected::reason)
                .containsExactly(
                        tuple(OFFICER, Optional.of("phone"), Reason.UNTRUSTED_ISSUER),
                        tuple(OFFICER, Optional.of("tablet"), Reason.BAD_SIGNATURE));
        assertThat(view.rejected().get(0).message()).contains("untrusted issuer");
        assertThat(view.rejectedOf(OFFICER)).hasSize(2);
        assertThat(view.warnings()).hasSize(2).allMatch(line -> line.contains("is not used"));
        assertThat(KnownKeys.inProfile(profileDir).devices()).extracting(KnownKeys.KnownDevice::deviceId)
                .containsExactly("laptop");
    }

    @Test
    void everyOfficerAskedForHasAnEntryEvenWithoutUsableDevices() {
        DirectoryView view = directory().view(List.of(OFFICER, "fr-pn.nobody.here"), List.of());

        assertThat(view.devices()).containsOnlyKeys(OFFICER, "fr-pn.nobody.here");
        assertThat(view.devicesOf(OFFICER)).isEmpty();
        assertThat(view.usable()).isEmpty();
        assertThat(view.rejected()).isEmpty();
    }

    @Test
    void aBundleOfAnOfficerNotAskedForIsNeverUsable() {
        SignedKeyBundle unasked = officer.signedDevice("laptop", DeviceKeys.generate());

        DirectoryView view = directory().view(List.of("fr-pn.someone.else"), List.of(unasked));

        assertThat(view.devicesOf("fr-pn.someone.else")).isEmpty();
        assertThat(view.usable()).isEmpty();
        assertThat(view.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.reason()).isEqualTo(Reason.OFFICER_MISMATCH);
            assertThat(rejection.message()).contains("not asked for");
        });
    }

    @Test
    void twoBundlesForOneDeviceKeepTheNewestAndReportTheOther() {
        DeviceKeys older = DeviceKeys.generate();
        DeviceKeys newer = DeviceKeys.generate();
        SignedKeyBundle old = sign("laptop", older, Instant.now().minus(Duration.ofDays(2)));
        SignedKeyBundle recent = sign("laptop", newer, Instant.now().minus(Duration.ofDays(1)));

        DirectoryView view = directory().view(List.of(OFFICER), List.of(recent, old));

        assertThat(view.devicesOf(OFFICER)).singleElement()
                .satisfies(bundle -> assertThat(bundle.fingerprint()).isEqualTo(newer.fingerprint()));
        assertThat(view.rejected()).singleElement()
                .satisfies(rejection -> assertThat(rejection.message()).contains("more than one bundle"));
    }

    @Test
    void newDevicesAndKeyChangesComeFromTheKnownKeys() {
        DirectoryView first = directory().view(List.of(OFFICER),
                List.of(officer.signedDevice("laptop", DeviceKeys.generate())));
        VerifiedBundle seen = first.devicesOf(OFFICER).get(0);
        assertThat(first.newDevices()).containsExactly(seen);
        assertThat(first.statusOf(seen)).isEqualTo(KnownKeys.Status.NEW);

        DeviceKeys rotated = DeviceKeys.generate();
        DirectoryView second = directory().view(List.of(OFFICER),
                List.of(officer.signedDevice("laptop", rotated)));

        VerifiedBundle changed = second.devicesOf(OFFICER).get(0);
        assertThat(second.statusOf(changed)).isEqualTo(KnownKeys.Status.CHANGED);
        assertThat(second.changes()).singleElement().satisfies(change -> {
            assertThat(change.previousFingerprint()).isEqualTo(seen.fingerprint());
            assertThat(change.fingerprint()).isEqualTo(rotated.fingerprint());
        });
        assertThat(second.changeOf(changed)).isPresent();
        assertThat(second.warnings()).singleElement().asString().startsWith("WARNING: the end-to-end keys of");
        assertThat(second.newDevices()).isEmpty();
    }

    private static SignedKeyBundle sign(String deviceId, DeviceKeys keys, Instant created) {
        OfficerIdentity identity = officer.identity();
        return KeyBundles.sign(KeyBundles.bundle(OFFICER, deviceId, keys, created, Duration.ofDays(30)),
                identity.key(), identity.chain());
    }
}
