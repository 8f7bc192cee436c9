package org.liaison.cli;

import java.util.concurrent.Callable;
import org.liaison.client.LiaisonClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every verb that talks to the server: connects with the global
 * options, runs the verb, closes the connection, and maps any failure to the
 * documented exit code (so the mapping holds even when the command line was
 * built with a bare {@code new CommandLine(new LiaisonCommand())}).
 */
public abstract class ConnectedCommand implements Callable<Integer> {

    private static final CliFailureHandler FAILURES = new CliFailureHandler();

    @Spec
    CommandSpec spec;

    private EndToEnd endToEnd;

    /** Does the verb's work on an open connection and returns the exit code. */
    protected abstract int run(LiaisonClient client, CommandOutput output) throws Exception;

    /**
     * Runs before connecting: checks and reads what the verb needs locally
     * (a {@link picocli.CommandLine.ParameterException} is a usage error), so
     * that nothing is sent when the command line cannot succeed.
     */
    protected void beforeConnect() throws Exception {
    }

    /**
     * Whether this run needs the server. A verb with an offline mode returns false for it and
     * does its work in {@link #runOffline} instead (after {@link #beforeConnect}).
     */
    protected boolean connects() {
        return true;
    }

    /** Does the verb's work without a connection, when {@link #connects()} is false. */
    protected int runOffline(CommandOutput output) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no offline mode");
    }

    @Override
    public final Integer call() {
        try {
            LiaisonCommand root = root();
            beforeConnect();
            if (!connects()) {
                return runOffline(new CommandOutput(spec.commandLine().getOut(), root.json()));
            }
            try (LiaisonClient client = root.connector().connect()) {
                if (publishesKeys()) {
                    // Any use of the CLI makes this device reachable: others can encrypt to it from now on.
                    endToEnd(client);
                }
                return run(client, new CommandOutput(spec.commandLine().getOut(), root.json()));
            }
        } catch (Exception e) {
            return FAILURES.handleExecutionException(e, spec.commandLine(), null);
        }
    }

    /**
     * Whether this verb makes sure, right after connecting, that this device's
     * end-to-end keys exist and are published (creating them the first
     * time). True for every verb except those that manage keys themselves.
     */
    protected boolean publishesKeys() {
        return true;
    }

    /** This device's end-to-end context on {@code client}, loaded once per command. */
    protected EndToEnd endToEnd(LiaisonClient client) throws Exception {
        if (endToEnd == null) {
            endToEnd = EndToEnd.open(connector(), client);
        }
        return endToEnd;
    }

    /** How this command connects: the profile, its directory, the server. */
    protected ProfileConnector connector() {
        return root().connector();
    }

    private LiaisonCommand root() {
        return (LiaisonCommand) spec.root().userObject();
    }
}
