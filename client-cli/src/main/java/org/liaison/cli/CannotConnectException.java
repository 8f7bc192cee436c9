package org.liaison.cli;

import org.liaison.client.ConnectionFailedException;
import org.liaison.client.LiaisonClientException;
import org.liaison.client.ServerAddress;

/** A connection attempt to a named server failed; the message names the server and the reason. */
final class CannotConnectException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    CannotConnectException(ServerAddress server, ConnectionFailedException cause) {
        super("cannot connect to " + server + ": " + cause.getMessage(), cause);
    }
}
