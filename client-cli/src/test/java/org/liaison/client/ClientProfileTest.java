package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.testing.TestPki;

class ClientProfileTest {

    private static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create();
    }

    private static ClientProfile loadWithoutEnv(Path dir) {
        return ClientProfile.load(dir, name -> null);
    }

    @Test
    void loadsEveryFileRelativeToTheProfileDirectory() throws Exception {
        pki.writeProfile(dir, "liaison.example.org:7443", "s3cret pass");

        ClientProfile profile = loadWithoutEnv(dir);

        assertThat(profile.host()).isEqualTo("liaison.example.org");
        assertThat(profile.port()).isEqualTo(7443);
        assertThat(profile.identity()).isEqualTo(dir.resolve("identity.p12").toAbsolutePath());
        assertThat(profile.serverCa()).isEqualTo(dir.resolve("server-ca.pem").toAbsolutePath());
        assertThat(profile.agencyCas()).contains(dir.resolve("agency-cas.pem").toAbsolutePath());
        assertThat(new String(profile.password())).isEqualTo("s3cret pass");
    }

    @Test
    void missingPropertiesFileIsAProfileErrorNamingThePath() {
        Path missing = dir.resolve("nobody");

        assertThatThrownBy(() -> loadWithoutEnv(missing))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(missing.resolve("liaison.properties").toAbsolutePath().toString());
    }

    @Test
    void missingIdentityFileIsNamed() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "pw");
        Files.delete(dir.resolve("identity.p12"));

        assertThatThrownBy(() -> loadWithoutEnv(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(dir.resolve("identity.p12").toAbsolutePath().toString());
    }

    @Test
    void malformedServerIsAProfileError() throws Exception {
        pki.writeProfile(dir, "localhost", "pw");

        assertThatThrownBy(() -> loadWithoutEnv(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("liaison.properties")
                .hasMessageContaining("server");
    }

    @Test
    void wrongPasswordIsAProfileErrorWithoutThePassword() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "right-password");
        Files.writeString(dir.resolve("identity.pass"), "wrong-password\n");
        ClientProfile profile = loadWithoutEnv(dir);

        assertThatThrownBy(() -> ClientTls.nettyContext(profile))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("cannot open identity")
                .hasMessageContaining("wrong password?")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void rightPasswordGivesTlsContexts() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "right-password");
        ClientProfile profile = loadWithoutEnv(dir);

        assertThat(ClientTls.nettyContext(profile).isClient()).isTrue();
        assertThat(ClientTls.jdkContext(profile).getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void passwordComesFromTheEnvironmentWhenThereIsNoPasswordFile() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "from-env");
        Files.delete(dir.resolve("identity.pass"));

        ClientProfile profile = ClientProfile.load(dir, Map.of(ClientProfile.PASSWORD_ENV, "from-env")::get);

        assertThat(new String(profile.password())).isEqualTo("from-env");
    }

    @Test
    void noPasswordAnywhereNamesTheMissingFile() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "pw");
        Files.delete(dir.resolve("identity.pass"));

        assertThatThrownBy(() -> loadWithoutEnv(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(dir.resolve("identity.pass").toAbsolutePath().toString())
                .hasMessageContaining(ClientProfile.PASSWORD_ENV);
    }

    @Test
    void deviceIdIsGeneratedPersistedAndReused() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "pw");

        String first = loadWithoutEnv(dir).deviceId();
        String second = loadWithoutEnv(dir).deviceId();

        assertThat(first).matches("cli-[0-9a-f]{8}");
        assertThat(Files.readString(dir.resolve("device-id")).strip()).isEqualTo(first);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void deviceIdKeyWinsOverTheFile() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "pw");
        Files.writeString(dir.resolve("device-id"), "from-file\n");
        Files.writeString(dir.resolve("liaison.properties"), "device-id=laptop-1\n",
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(loadWithoutEnv(dir).deviceId()).isEqualTo("laptop-1");
    }

    @Test
    void invalidDeviceIdIsAProfileError() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "pw");
        Files.writeString(dir.resolve("device-id"), "has spaces/and slashes\n");

        assertThatThrownBy(() -> loadWithoutEnv(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("device-id");
    }

    @Test
    void withServerAndWithDeviceIdChangeOnlyThatValue() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "pw");
        ClientProfile profile = loadWithoutEnv(dir);

        ClientProfile moved = profile.withServer("other.example", 9000).withDeviceId("tablet");

        assertThat(moved.server()).isEqualTo(new ServerAddress("other.example", 9000));
        assertThat(moved.deviceId()).isEqualTo("tablet");
        assertThat(moved.identity()).isEqualTo(profile.identity());
        assertThat(moved.password()).isEqualTo(profile.password());
    }

    @Test
    void toStringNeverShowsThePassword() throws Exception {
        pki.writeProfile(dir, "localhost:7443", "hunter2-secret");

        assertThat(loadWithoutEnv(dir).toString()).doesNotContain("hunter2-secret").contains("localhost:7443");
    }
}
