package org.liaison.cli;

import java.time.ZoneId;
import org.liaison.client.Channels;
import org.liaison.client.LiaisonClient;
import org.liaison.client.Messages;
import org.liaison.client.OpenedEvent;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.FlashAcknowledgement;
import org.liaison.proto.v1.PendingFlashList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code liaison ack CHANNEL SEQ}: acknowledges a FLASH message in person; {@code liaison ack --pending}
 * lists the FLASH messages still waiting for this officer's acknowledgement (docs/markings.md).
 */
@Command(
        name = "ack",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Acknowledge a FLASH message you received: its sender and everyone who may see it are told who "
                    + "acknowledged and when. Until you do, 'liaison listen' re-alerts you, and after the server's "
                    + "deadline the channel's supervisors and the sender are alerted.",
            "With --pending: list the FLASH messages you have yet to acknowledge."})
public final class AckCommand extends ConnectedCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "CHANNEL", description = "Channel id or name.")
    String channel;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SEQ", description = "Sequence number of the FLASH message.")
    Long seq;

    @Option(names = "--pending", description = "List the FLASH messages you have yet to acknowledge.")
    boolean pending;

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        if (pending) {
            if (channel != null) {
                throw new ParameterException(spec.commandLine(), "--pending takes no CHANNEL or SEQ");
            }
            return listPending(client, output);
        }
        if (channel == null || seq == null) {
            throw new ParameterException(spec.commandLine(), "give CHANNEL and SEQ of the FLASH message, or --pending");
        }
        ChannelTarget target = ChannelTarget.resolve(client, channel);
        FlashAcknowledgement done = ProfileConnector.await(new Messages(client).acknowledgeFlash(target.id(), seq));
        String when = JsonViews.instant(done.getAcknowledgedMs());
        if (output.json()) {
            output.printJson(new JsonViews.FlashAcknowledgementView(done.getChannelId(), target.name(), done.getSeq(),
                    when, done.getDuplicate(), done.getEventSeq()));
        } else {
            output.println((done.getDuplicate() ? "already acknowledged" : "acknowledged") + " FLASH #"
                    + done.getSeq() + " of " + EventFormatter.printable(target.name()) + " at " + when
                    + " (#" + done.getEventSeq() + ")");
        }
        return ExitCodes.SUCCESS;
    }

    private int listPending(LiaisonClient client, CommandOutput output) throws Exception {
        EndToEnd endToEnd = endToEnd(client);
        ChannelLabels labels = new ChannelLabels(new Channels(client));
        labels.refresh();
        PendingFlashList list = ProfileConnector.await(endToEnd.messages().pendingFlash());
        EventFormatter formatter = new EventFormatter(ZoneId.systemDefault());
        for (ChannelEvent event : list.getEventsList()) {
            OpenedEvent opened = ProfileConnector.await(endToEnd.opener().open(event));
            String name = labels.nameOf(event);
            if (output.json()) {
                output.printJson(formatter.view(opened, name));
            } else {
                output.println(formatter.line(opened, name));
                output.println("    acknowledge: liaison ack " + EventFormatter.printable(name) + " "
                        + event.getSeq());
            }
        }
        if (!output.json() && list.getEventsCount() == 0) {
            output.println("no FLASH message waiting for your acknowledgement");
        }
        if (list.getMore()) {
            spec.commandLine().getErr().println("warning: more than " + list.getEventsCount()
                    + " are pending; acknowledge these to see the rest");
        }
        return ExitCodes.SUCCESS;
    }
}
