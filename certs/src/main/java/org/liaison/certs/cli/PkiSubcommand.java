package org.liaison.certs.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.liaison.certs.PkiException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the executable {@code liaison-pki} commands: maps a refusal ({@link PkiException}) to
 * exit code 1 and an invalid value ({@link IllegalArgumentException}) to exit code 2, each with a
 * one-line message on the error stream, whoever builds the {@code CommandLine}.
 */
public abstract class PkiSubcommand implements Callable<Integer> {

    /** Exit code of a refused or failed operation. */
    public static final int REFUSED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            execute();
            return 0;
        } catch (PkiException e) {
            err().println("liaison-pki: " + e.getMessage());
            return REFUSED;
        } catch (IllegalArgumentException e) {
            err().println("liaison-pki: " + e.getMessage());
            err().println("Try '" + spec.qualifiedName() + " --help' for more information.");
            return USAGE;
        }
    }

    /** Does the work; throws {@link PkiException} to refuse. */
    protected abstract void execute();

    /** Standard output of the command line. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Error output of the command line. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
