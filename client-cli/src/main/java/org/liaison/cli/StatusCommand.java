package org.liaison.cli;

import java.util.Locale;
import org.liaison.client.LiaisonClient;
import org.liaison.client.Messages;
import org.liaison.proto.v1.MessageStatus;
import org.liaison.proto.v1.Receipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code liaison status CHANNEL SEQ}: how far a message got. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Show how far a message got: delivered to and read by how many of the officers who were members "
                    + "when it was sent (the sender excluded), then each officer's receipt. Members only.",
            "For a FLASH message also who acknowledged it (liaison ack) and when."})
public final class StatusCommand extends ConnectedCommand {

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel id or name.")
    String channel;

    @Parameters(index = "1", paramLabel = "SEQ", description = "Sequence number of the message.")
    long seq;

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        ChannelTarget target = ChannelTarget.resolve(client, channel);
        MessageStatus status = ProfileConnector.await(new Messages(client).status(target.id(), seq));
        if (output.json()) {
            output.printJson(JsonViews.StatusView.of(status, target.name()));
            return ExitCodes.SUCCESS;
        }
        output.println("delivered to " + status.getDelivered() + " of " + status.getRecipients() + ", read by "
                + status.getRead() + (status.getFlash() ? ", FLASH acknowledged by " + status.getAcknowledged() : ""));
        for (Receipt receipt : status.getReceiptsList()) {
            String state = receipt.getRead() ? "read" : receipt.getDelivered() ? "delivered" : "not delivered";
            if (status.getFlash()) {
                state += receipt.getAcknowledgedMs() == 0 ? ", NOT acknowledged"
                        : ", acknowledged " + JsonViews.instant(receipt.getAcknowledgedMs());
            }
            output.println(String.format(Locale.ROOT, "  %-28s %s", receipt.getOfficerId(), state));
        }
        return ExitCodes.SUCCESS;
    }
}
