package org.liaison.cli;

import org.liaison.client.Channels;
import org.liaison.client.LiaisonClient;
import org.liaison.client.ServerRefusedException;
import org.liaison.client.UnknownChannelException;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ErrorCode;

/**
 * A CHANNEL argument of the command line, resolved to a channel id and the
 * name to show for it.
 *
 * @param id   the channel id to send to the server
 * @param name the channel's display name (for a direct channel, the other officer's id)
 */
record ChannelTarget(String id, String name) {

    /**
     * Resolves {@code argument} as {@link Channels#resolve} does: a channel id
     * or the unique name of one of the caller's channels.
     *
     * <p>An argument that names none of them is asked about as a channel id
     * (one {@code ListMembers}): the server's refusal is the authoritative
     * answer ({@code NOT_FOUND} for a channel the caller cannot see,
     * {@code PERMISSION_DENIED} for a former member), and an argument the
     * server does not take for an id at all is reported as "no channel named".
     *
     * @throws UnknownChannelException if nothing has that id or name
     * @throws ServerRefusedException  if the server refuses the caller that channel
     */
    static ChannelTarget resolve(LiaisonClient client, String argument) throws Exception {
        Channels channels = new Channels(client);
        try {
            ChannelInfo channel = ProfileConnector.await(channels.resolve(argument));
            return new ChannelTarget(channel.getChannelId(), ProfileConnector.await(channels.displayName(channel)));
        } catch (UnknownChannelException unknown) {
            try {
                ProfileConnector.await(channels.members(argument));
            } catch (ServerRefusedException refused) {
                throw refused.code() == ErrorCode.INVALID_ARGUMENT ? unknown : refused;
            }
            // Visible after all (e.g. added a moment ago): let the verb go ahead with it.
            return new ChannelTarget(argument, argument);
        }
    }
}
