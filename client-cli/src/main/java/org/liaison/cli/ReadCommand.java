package org.liaison.cli;

import org.liaison.client.LiaisonClient;
import org.liaison.client.Messages;
import org.liaison.proto.v1.Acked;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code liaison read CHANNEL SEQ}: marks a channel read up to an event (a read receipt). */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Mark a channel's events up to SEQ as read (senders see a read receipt) and delivered to this device.",
            "Prints this device's cursors in the channel."})
public final class ReadCommand extends ConnectedCommand {

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel id or name.")
    String channel;

    @Parameters(index = "1", paramLabel = "SEQ", description = "Sequence number of the last event read.")
    long seq;

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        ChannelTarget target = ChannelTarget.resolve(client, channel);
        Acked acked = ProfileConnector.await(new Messages(client).ack(target.id(), seq, true));
        if (output.json()) {
            output.printJson(JsonViews.CursorView.of(acked, target.name()));
        } else {
            output.println(EventFormatter.printable(target.name()) + ": read up to #" + acked.getReadSeq()
                    + ", delivered up to #" + acked.getDeliveredSeq());
        }
        return ExitCodes.SUCCESS;
    }
}
