package org.liaison.client;

/**
 * No channel of the caller has the id or name asked for (see
 * {@link Channels#resolve(String)}). The server may still know the channel
 * (the caller may not be a member), so a caller may choose to pass the name
 * on to the server as an id and let it answer.
 */
public class UnknownChannelException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    private final String idOrName;

    /** No channel of the caller is called {@code idOrName}. */
    public UnknownChannelException(String idOrName) {
        super("no channel named " + idOrName);
        this.idOrName = idOrName;
    }

    /** The id or name that matched nothing. */
    public String idOrName() {
        return idOrName;
    }
}
