package org.liaison.cli;

import org.liaison.client.Channels;
import org.liaison.client.LiaisonClient;
import org.liaison.proto.v1.ChannelInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code liaison dm OFFICER}: the direct channel with another officer, opened on first use. */
@Command(
        name = "dm",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Open (or find) the direct channel with another officer and print its id.",
            "Afterwards the officer's id names that channel: liaison send OFFICER TEXT..."})
public final class DmCommand extends ConnectedCommand {

    @Parameters(index = "0", paramLabel = "OFFICER", description = "Officer id, e.g. ma-dgsn.karim.benali.")
    String officer;

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        Channels channels = endToEnd(client).channels();
        ChannelInfo channel = ProfileConnector.await(channels.openDirect(officer));
        if (output.json()) {
            output.printJson(JsonViews.ChannelView.of(channel, ProfileConnector.await(channels.displayName(channel))));
        } else {
            output.println(channel.getChannelId());
        }
        return ExitCodes.SUCCESS;
    }
}
