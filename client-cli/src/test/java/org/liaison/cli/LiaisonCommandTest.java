package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.testing.MisbehavingServer;
import org.liaison.testing.TestPki;
import picocli.CommandLine;

/**
 * The {@code liaison} command line without a server: help, usage and configuration errors, exit
 * codes of what fails before or at connecting; and a server refusing Hello, which only a
 * misbehaving server does. The verbs against the real server are tested in the {@code it} module
 * ({@code CliWhoamiTest}, {@code CliCommandsTest}, {@code CliMessagingTest}).
 */
class LiaisonCommandTest {

    private static TestPki pki;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void createPki() {
        pki = TestPki.create();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private int run(String... args) {
        return new CommandLine(new LiaisonCommand(Map.of()))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private MisbehavingServer fromHello(MisbehavingServer.Script script) throws IOException {
        MisbehavingServer server = MisbehavingServer.fromHello(pki.serverContext(), script);
        closeables.add(server);
        return server;
    }

    private String profile(String address) throws IOException {
        return pki.writeProfile(dir.resolve("profile"), address, "pw").toString();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void helpExitsZeroAndListsVerbsAndExitCodes() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("whoami", "ping", "--profile", "--server", "--json", "Exit codes",
                "cannot connect");
    }

    @Test
    void helpAndVersionWorkOnVerbsToo() {
        assertThat(run("whoami", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: liaison whoami", "--profile");
        assertThat(run("ping", "--version")).isZero();
        assertThat(out.toString()).contains("liaison-cli 0.1.0");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("whoami", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void missingVerbIsAUsageError() {
        assertThat(run()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing command");
    }

    @Test
    void malformedServerOptionIsAUsageError() {
        assertThat(run("--server", "localhost", "whoami")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("HOST:PORT");
    }

    @Test
    void whoamiAgainstAClosedPortCannotConnect() throws Exception {
        int port = closedPort();
        String profile = profile("localhost:" + port);

        int code = run("--profile", profile, "whoami");

        assertThat(code).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(err.toString()).startsWith("error: cannot connect to localhost:" + port + ": ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void whoamiWithAMissingProfileIsAConfigurationError() {
        Path missing = dir.resolve("no-profile");

        int code = run("whoami", "--profile", missing.toString());

        assertThat(code).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(err.toString()).startsWith("error: ").contains(missing.toString());
    }

    @Test
    void wrongPasswordIsAConfigurationError() throws Exception {
        String profile = profile("localhost:" + closedPort());
        Files.writeString(Path.of(profile, "identity.pass"), "not-the-password\n");

        int code = run("--profile", profile, "whoami");

        assertThat(code).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(err.toString()).contains("wrong password?").doesNotContain("not-the-password");
    }

    @Test
    void profileDirectoryDefaultsToTheEnvironment() throws Exception {
        String profile = profile("localhost:" + closedPort());
        LiaisonCommand command = new LiaisonCommand(Map.of("LIAISON_PROFILE", profile));
        new CommandLine(command).parseArgs("whoami");

        assertThat(command.profileDir()).isEqualTo(Path.of(profile));
    }

    @Test
    void refusalOfHelloExitsOneWithTheServersCode() throws Exception {
        // The real server greets every Hello this client can send; a server that refuses it is not the real one.
        MisbehavingServer server = fromHello((frame, connection) -> connection.send(ServerFrame.newBuilder()
                .setRequestId(frame.getRequestId())
                .setError(Error.newBuilder().setCode(ErrorCode.PERMISSION_DENIED).setMessage("device revoked")
                        .setFatal(true))
                .build()));

        int code = run("--profile", profile(server.address()), "whoami");

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().strip()).isEqualTo("error: PERMISSION_DENIED: device revoked");
    }

    @Test
    void mainCommandLineWritesUtf8AndMapsFailures() throws Exception {
        // The factory used by main installs the same mapping for commands that do not catch their own failures.
        CommandLine commandLine = LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(commandLine.getExecutionExceptionHandler()).isInstanceOf(CliFailureHandler.class);
        assertThat(commandLine.getExitCodeExceptionMapper().getExitCode(
                new org.liaison.client.ProfileException("x"))).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(commandLine.execute("whoami", "--profile", dir.resolve("none").toString()))
                .isEqualTo(ExitCodes.CONFIGURATION);
    }
}
