package org.liaison.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.liaison.client.ServerAddress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code liaison} command: global options and the verbs, one class per
 * verb group. Output goes to the command line's configured writers, so a
 * test can run it in-process with {@code new CommandLine(new LiaisonCommand())}
 * and {@code setOut}/{@code setErr}.
 */
@Command(
        name = "liaison",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = "Liaison client: talk to a Liaison server as the officer of a profile.",
        subcommands = {
            WhoamiCommand.class,
            PingCommand.class,
            ChannelCommand.class,
            DmCommand.class,
            SendCommand.class,
            ListenCommand.class,
            HistoryCommand.class,
            ReadCommand.class,
            StatusCommand.class,
            AckCommand.class,
            TaskCommand.class,
            KeysCommand.class,
            AuditCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:refused by the server (prints 'error: <CODE>: <message>'), an ambiguous channel name, or an audit log"
                    + " or export that does not verify",
            "2:usage error",
            "3:cannot connect (network, TLS refusal, connection closed before Welcome)",
            "4:local configuration problem (profile, identity, wrong password)"},
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  LIAISON_PROFILE   profile directory when --profile is not given",
            "  LIAISON_PASSWORD  identity password when the profile has no password file",
            "  LIAISON_LOG_LEVEL log level on stderr (default WARN)"})
public final class LiaisonCommand implements Callable<Integer> {

    /** The version {@code --version} prints. */
    public static final String VERSION = "liaison-cli 0.1.0";

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Profile directory (default: $LIAISON_PROFILE, else ~/.liaison).")
    Path profile;

    @Option(names = "--server", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            converter = ServerAddressConverter.class,
            description = "Server to connect to instead of the profile's.")
    ServerAddress server;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON for scripts instead of text.")
    boolean json;

    /** A command reading its defaults from the process environment. */
    public LiaisonCommand() {
        this(System.getenv());
    }

    LiaisonCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Runs the command with UTF-8 output and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command with UTF-8 stdout/stderr and returns its exit code. */
    public static int execute(String... args) {
        return newCommandLine(utf8(System.out), utf8(System.err)).execute(args);
    }

    /** A command line writing to {@code out} and {@code err}, with the failure-to-exit-code mapping installed. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CliFailureHandler failures = new CliFailureHandler();
        return new CommandLine(new LiaisonCommand())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(failures)
                .setExitCodeExceptionMapper(failures);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The connection helper for the global options. */
    ProfileConnector connector() {
        return new ProfileConnector(profileDir(), server);
    }

    /** Whether {@code --json} was given. */
    boolean json() {
        return json;
    }

    Path profileDir() {
        if (profile != null) {
            return profile;
        }
        String fromEnv = env.get("LIAISON_PROFILE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), ".liaison");
    }

    private static PrintWriter utf8(PrintStream stream) {
        // Arabic and other non-Latin text must reach the terminal intact whatever the platform charset is.
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
