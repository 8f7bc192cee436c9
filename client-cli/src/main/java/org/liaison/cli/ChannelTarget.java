package org.liaison.cli;

import org.liaison.client.Channels;
import org.liaison.client.LiaisonClient;
import org.liaison.client.UnknownChannelException;
import org.liaison.proto.v1.ChannelInfo;

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
     * or the unique name of one of the caller's channels. An argument that
     * names none of them is sent as it is, as a channel id: the caller may not
     * be a member, and then the server's refusal ({@code NOT_FOUND},
     * {@code PERMISSION_DENIED}) says more than "no channel named".
     */
    static ChannelTarget resolve(LiaisonClient client, String argument) throws Exception {
        Channels channels = new Channels(client);
        try {
            ChannelInfo channel = ProfileConnector.await(channels.resolve(argument));
            return new ChannelTarget(channel.getChannelId(), ProfileConnector.await(channels.displayName(channel)));
        } catch (UnknownChannelException e) {
            return new ChannelTarget(argument, argument);
        }
    }
}
