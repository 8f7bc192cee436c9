package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.crypto.DeviceKeyStore;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.testing.TestPki;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * {@code liaison keys} without a server: help texts, and the refusals that happen before
 * connecting (the profile points at a closed port, so a verb that connected would exit with 3).
 * The verbs against the real server are tested in the {@code it} module ({@code KeysCommandTest}).
 */
class KeysCommandTest {

    private static final String PASSWORD = "pw";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private Path profileAtClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return TestPki.create().writeProfile(dir.resolve("profile"), "127.0.0.1:" + port, PASSWORD);
    }

    @Test
    void everyKeysVerbOptionAndParameterHasAHelpText() {
        CommandLine keys = new CommandLine(new LiaisonCommand(Map.of())).getSubcommands().get("keys");

        assertThat(keys.getSubcommands()).containsOnlyKeys("init", "rotate", "show", "publish", "fingerprint");
        for (CommandLine verb : keys.getSubcommands().values()) {
            assertThat(verb.getCommandSpec().usageMessage().description()).as(verb.getCommandName()).isNotEmpty();
            for (ArgSpec arg : verb.getCommandSpec().args()) {
                assertThat(String.join(" ", arg.description())).as(verb.getCommandName() + " " + arg.paramLabel())
                        .isNotBlank();
            }
        }
    }

    @Test
    void keysWithoutAVerbIsAUsageError() {
        assertThat(run("keys")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing command", "init", "fingerprint");
    }

    @Test
    void showOnADeviceWithoutKeysIsRefusedBeforeConnecting() throws Exception {
        Path profile = profileAtClosedPort();

        assertThat(run("--profile", profile.toString(), "keys", "show")).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).startsWith("error: ").contains("no end-to-end keys yet", "liaison keys init");
    }

    @Test
    void initOnADeviceWithKeysIsRefusedBeforeConnectingAndKeepsThem() throws Exception {
        Path profile = profileAtClosedPort();
        DeviceKeyStore store = DeviceKeyStore.inProfile(profile);
        store.save(DeviceKeys.generate(), PASSWORD.toCharArray());
        byte[] keys = Files.readAllBytes(store.file());

        assertThat(run("--profile", profile.toString(), "keys", "init")).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("already has end-to-end keys", "liaison keys rotate");
        assertThat(Files.readAllBytes(store.file())).isEqualTo(keys);
    }

    @Test
    void fingerprintWithoutTrustedAgencyCasIsAConfigurationError() throws Exception {
        Path profile = profileAtClosedPort();
        Files.delete(profile.resolve("agency-cas.pem"));
        Files.writeString(profile.resolve("liaison.properties"),
                Files.readString(profile.resolve("liaison.properties")).replace("agency-cas=agency-cas.pem\n", ""));

        assertThat(run("--profile", profile.toString(), "keys", "fingerprint", "fr-pn.hugo.lefevre"))
                .isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(err.toString()).contains("agency-cas.pem");
    }

    @Test
    void aVerbThatNeedsTheServerReportsItUnreachable() throws Exception {
        Path profile = profileAtClosedPort();

        assertThat(run("--profile", profile.toString(), "keys", "rotate")).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(DeviceKeyStore.inProfile(profile).exists()).isFalse();
    }
}
