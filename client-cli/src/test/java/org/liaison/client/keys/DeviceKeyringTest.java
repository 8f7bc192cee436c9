package org.liaison.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.ClientProfile;
import org.liaison.client.ProfileException;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.DeviceKeyStore;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.KeyBundle;

/** What the keyring does on the device alone; publishing is tested against the real server (it/). */
class DeviceKeyringTest {

    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    private TestOfficer officer;

    @BeforeEach
    void profile() throws Exception {
        officer = TestOfficer.create(dir);
    }

    private DeviceKeyring keyring(Instant at) {
        return keyring(TestOfficer.PASSWORD, at);
    }

    private DeviceKeyring keyring(String passphrase, Instant at) {
        return new DeviceKeyring(dir, officer.profile(), passphrase.toCharArray(), Clock.fixed(at, ZoneOffset.UTC),
                Runnable::run);
    }

    private static KeyBundle contentOf(DeviceCredentials credentials) throws Exception {
        return KeyBundle.parseFrom(credentials.bundle().getBundle());
    }

    @Test
    void keysAreGeneratedOnceThenLoadedWithTheStoredBundle() throws Exception {
        assertThat(keyring(NOW).hasKeys()).isFalse();

        DeviceCredentials first = keyring(NOW).localCredentials(TestOfficer.OFFICER_ID, "laptop-1");
        DeviceCredentials again = keyring(NOW.plusSeconds(60)).localCredentials(TestOfficer.OFFICER_ID, "laptop-1");

        assertThat(Files.exists(dir.resolve(DeviceKeyStore.FILE_NAME))).isTrue();
        assertThat(Files.exists(dir.resolve(DeviceKeyring.BUNDLE_FILE_NAME))).isTrue();
        assertThat(again.keys().fingerprint()).isEqualTo(first.keys().fingerprint());
        // ECDSA signatures are randomized: equal bytes mean the bundle was reused, not signed again.
        assertThat(again.bundle()).isEqualTo(first.bundle());
        assertThat(keyring(NOW).storedBundle()).contains(first.bundle());
    }

    @Test
    void theBundleIsSignedByTheOfficerCertificateForTheDeviceAndLivesItsLifetime() throws Exception {
        DeviceCredentials credentials = keyring(NOW).localCredentials(TestOfficer.OFFICER_ID, "laptop-1");

        VerifiedBundle verified = officer.verifier().verify(credentials.bundle());
        assertThat(verified.officerId()).isEqualTo(TestOfficer.OFFICER_ID);
        assertThat(verified.deviceId()).isEqualTo("laptop-1");
        assertThat(verified.fingerprint()).isEqualTo(credentials.keys().fingerprint());
        assertThat(Duration.between(verified.created(), verified.expires())).isEqualTo(DeviceKeyring.BUNDLE_LIFETIME);
        assertThat(verified.created()).isEqualTo(Instant.ofEpochMilli(NOW.toEpochMilli()));
    }

    @Test
    void keysAreOpenedOncePerInstanceAndAgainOnlyWhenTheFileChanged() {
        DeviceKeyring keyring = keyring(NOW);
        keyring.localCredentials(TestOfficer.OFFICER_ID, "laptop-1");
        DeviceKeys opened = keyring.keys();

        assertThat(keyring.keys()).isSameAs(opened);

        // Another process rotates the keys: this one must not keep signing with the old ones.
        DeviceKeys rotated = DeviceKeys.generate();
        DeviceKeyStore.inProfile(dir).save(rotated, TestOfficer.PASSWORD.toCharArray());
        assertThat(keyring.keys().fingerprint()).isEqualTo(rotated.fingerprint());
        DeviceCredentials credentials = keyring.localCredentials(TestOfficer.OFFICER_ID, "laptop-1");
        assertThat(credentials.keys().fingerprint()).isEqualTo(rotated.fingerprint());
        assertThat(officer.verifier().verify(credentials.bundle()).fingerprint()).isEqualTo(rotated.fingerprint());
    }

    @Test
    void aBundleNearExpiryIsSignedAgainOneWithTimeLeftIsNot() throws Exception {
        DeviceCredentials original = keyring(NOW).localCredentials(TestOfficer.OFFICER_ID, "laptop-1");
        Instant stillFine = NOW.plus(DeviceKeyring.BUNDLE_LIFETIME).minus(DeviceKeyring.RENEWAL_MARGIN)
                .minus(Duration.ofDays(1));
        Instant nearExpiry = stillFine.plus(Duration.ofDays(2));

        assertThat(keyring(stillFine).localCredentials(TestOfficer.OFFICER_ID, "laptop-1").bundle())
                .isEqualTo(original.bundle());
        DeviceCredentials renewed = keyring(nearExpiry).localCredentials(TestOfficer.OFFICER_ID, "laptop-1");

        assertThat(renewed.bundle()).isNotEqualTo(original.bundle());
        assertThat(renewed.keys().fingerprint()).isEqualTo(original.keys().fingerprint());
        assertThat(contentOf(renewed).getCreatedMs()).isEqualTo(nearExpiry.toEpochMilli());
        assertThat(keyring(nearExpiry).storedBundle()).contains(renewed.bundle());
    }

    @Test
    void aStoredBundleForAnotherDeviceOrADamagedOneIsNotReused() throws Exception {
        keyring(NOW).localCredentials(TestOfficer.OFFICER_ID, "laptop-1");

        DeviceCredentials other = keyring(NOW).localCredentials(TestOfficer.OFFICER_ID, "laptop-2");
        assertThat(contentOf(other).getDeviceId()).isEqualTo("laptop-2");

        Files.write(dir.resolve(DeviceKeyring.BUNDLE_FILE_NAME), new byte[] {(byte) 0xff, 0x01, 0x02});
        DeviceCredentials resigned = keyring(NOW).localCredentials(TestOfficer.OFFICER_ID, "laptop-2");
        assertThat(officer.verifier().verify(resigned.bundle()).deviceId()).isEqualTo("laptop-2");
    }

    @Test
    void aWrongPassphraseIsATypedRefusalThatSaysWhatToDo() throws Exception {
        keyring(NOW).localCredentials(TestOfficer.OFFICER_ID, "laptop-1");
        byte[] keyFile = Files.readAllBytes(dir.resolve(DeviceKeyStore.FILE_NAME));

        assertThatExceptionOfType(DeviceKeyringException.class)
                .isThrownBy(() -> keyring("not the password", NOW).keys())
                .isInstanceOf(ProfileException.class)
                .withMessageContaining(dir.resolve(DeviceKeyStore.FILE_NAME).toString())
                .withMessageContaining("wrong passphrase")
                .withMessageContaining("identity password")
                .withMessageContaining("liaison keys init")
                .withMessageNotContaining("not the password");
        assertThatExceptionOfType(DeviceKeyringException.class)
                .isThrownBy(() -> keyring("not the password", NOW)
                        .localCredentials(TestOfficer.OFFICER_ID, "laptop-1"));
        assertThat(Files.readAllBytes(dir.resolve(DeviceKeyStore.FILE_NAME))).isEqualTo(keyFile);
    }

    @Test
    void aDamagedKeyFileIsATypedRefusal() throws Exception {
        Files.writeString(dir.resolve(DeviceKeyStore.FILE_NAME), "not a key file", StandardCharsets.UTF_8);

        assertThatExceptionOfType(DeviceKeyringException.class)
                .isThrownBy(() -> keyring(NOW).localCredentials(TestOfficer.OFFICER_ID, "laptop-1"))
                .withMessageContaining("not a Liaison device key file")
                .withMessageContaining("liaison keys init");
    }

    @Test
    void aProfileWhoseIdentityHasNoPrivateKeyIsRefusedBeforeAnyKeyIsMade() throws Exception {
        ClientProfile profile = officer.profile();
        replaceIdentityWithCertificateOnly(profile);

        assertThatExceptionOfType(DeviceKeyringException.class)
                .isThrownBy(() -> keyring(NOW).localCredentials(TestOfficer.OFFICER_ID, "laptop-1"))
                .withMessageContaining(profile.identity().toString())
                .withMessageContaining("holds no private key");
        assertThat(keyring(NOW).hasKeys()).isFalse();
    }

    @Test
    void creatingKeysWhenTheDeviceHasSomeIsRefusedReadingThemWhenItHasNoneToo() {
        DeviceKeyring keyring = keyring(NOW);
        assertThatExceptionOfType(DeviceKeysMissingException.class)
                .isThrownBy(keyring::keys)
                .withMessageContaining("liaison keys init");

        keyring.createKeys();

        assertThatExceptionOfType(DeviceKeysExistException.class)
                .isThrownBy(keyring::createKeys)
                .withMessageContaining("liaison keys rotate");
        assertThat(keyring.hasKeys()).isTrue();
    }

    @Test
    void theKeyringNeverShowsThePassphrase() {
        assertThat(keyring(NOW)).asString().doesNotContain(TestOfficer.PASSWORD).contains(DeviceKeyStore.FILE_NAME);
    }

    private static void replaceIdentityWithCertificateOnly(ClientProfile profile) throws Exception {
        char[] password = profile.password();
        KeyStore original = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(profile.identity())) {
            original.load(in, password);
        }
        Certificate certificate = original.getCertificate(original.aliases().nextElement());
        KeyStore certificateOnly = KeyStore.getInstance("PKCS12");
        certificateOnly.load(null, null);
        certificateOnly.setCertificateEntry("officer", certificate);
        try (OutputStream out = Files.newOutputStream(profile.identity())) {
            certificateOnly.store(out, password);
        }
    }
}
