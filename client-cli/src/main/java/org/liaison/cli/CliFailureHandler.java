package org.liaison.cli;

import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.liaison.client.ConnectionFailedException;
import org.liaison.client.LiaisonClientException;
import org.liaison.client.ProfileException;
import org.liaison.client.ServerRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure of a command into one {@code error: …} line on the
 * command's error stream and the exit code documented in {@link ExitCodes}.
 */
final class CliFailureHandler implements IExecutionExceptionHandler, IExitCodeExceptionMapper {

    private static final Logger log = LoggerFactory.getLogger(CliFailureHandler.class);

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        Throwable cause = unwrap(exception);
        PrintWriter err = commandLine.getErr();
        err.println("error: " + message(cause));
        err.flush();
        return getExitCode(cause);
    }

    @Override
    public int getExitCode(Throwable exception) {
        Throwable cause = unwrap(exception);
        if (cause instanceof ProfileException) {
            return ExitCodes.CONFIGURATION;
        }
        if (cause instanceof ConnectionFailedException
                || cause instanceof CannotConnectException
                || cause instanceof TimeoutException) {
            return ExitCodes.CANNOT_CONNECT;
        }
        if (cause instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.REFUSED;
    }

    static String message(Throwable cause) {
        if (cause instanceof ServerRefusedException refused) {
            return refused.code().name() + ": " + refused.getMessage();
        }
        if (cause instanceof TimeoutException) {
            return "no answer from the server: " + cause.getMessage();
        }
        if (cause instanceof org.liaison.client.MarkingsRefusedException refused) {
            // Named like the server's refusal of the same markings, so users and scripts see one code.
            return refused.reason().code().name() + ": " + refused.getMessage();
        }
        if (cause instanceof LiaisonClientException || cause instanceof CommandLine.ParameterException
                || cause instanceof org.liaison.client.crypto.CryptoException) {
            return cause.getMessage();
        }
        // Not a failure the client library describes: a bug, so keep the stack trace for whoever reports it.
        log.error("unexpected failure", cause);
        return "unexpected failure: " + cause;
    }

    static Throwable unwrap(Throwable exception) {
        Throwable current = exception;
        while ((current instanceof CompletionException || current instanceof ExecutionException
                || current instanceof CommandLine.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
