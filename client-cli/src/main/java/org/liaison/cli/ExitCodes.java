package org.liaison.cli;

/** The exit codes of the {@code liaison} command, as listed in its help. */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int SUCCESS = 0;
    /** The server refused the request with a typed error. */
    public static final int REFUSED = 1;
    /** The command line is wrong (picocli's usage error code). */
    public static final int USAGE = 2;
    /** The server could not be reached, refused the TLS connection, or closed it before Welcome. */
    public static final int CANNOT_CONNECT = 3;
    /** The local profile, identity or password is unusable. */
    public static final int CONFIGURATION = 4;

    private ExitCodes() {
    }
}
