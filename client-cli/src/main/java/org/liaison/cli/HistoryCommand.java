package org.liaison.cli;

import java.time.ZoneId;
import org.liaison.client.LiaisonClient;
import java.util.ArrayList;
import java.util.List;
import org.liaison.client.MessageOpener;
import org.liaison.client.OpenedEvent;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.HistoryPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code liaison history CHANNEL}: one page of a channel's events, oldest first. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Show a page of a channel's events, oldest first, in the same format as listen: "
                    + "the latest ones, or those before --before.",
            "Only events from while you were a member are shown. Nothing is acknowledged."})
public final class HistoryCommand extends ConnectedCommand {

    /** The largest page the server serves. */
    static final int MAX_LIMIT = 500;

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel id or name.")
    String channel;

    @Option(names = "--before", paramLabel = "SEQ", description = "Show events before this sequence number.")
    long before;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Number of events, 1-" + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected void beforeConnect() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1-" + MAX_LIMIT + ", got " + limit);
        }
        if (before < 0) {
            throw new ParameterException(spec.commandLine(), "--before must be a sequence number, got " + before);
        }
    }

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        ChannelTarget target = ChannelTarget.resolve(client, channel);
        EndToEnd endToEnd = endToEnd(client);
        HistoryPage page = ProfileConnector.await(endToEnd.messages().history(target.id(), before, limit));
        MessageOpener opener = endToEnd.opener();
        List<OpenedEvent> events = new ArrayList<>();
        for (ChannelEvent event : page.getEventsList()) {
            events.add(ProfileConnector.await(opener.open(event)));
        }
        EventFormatter formatter = new EventFormatter(ZoneId.systemDefault());
        if (output.json()) {
            output.printJson(new JsonViews.HistoryView(target.id(), target.name(),
                    events.stream().map(event -> formatter.view(event, target.name())).toList(), page.getMore()));
            return ExitCodes.SUCCESS;
        }
        for (OpenedEvent event : events) {
            output.println(formatter.line(event, target.name()));
        }
        if (page.getMore() && page.getEventsCount() > 0) {
            output.println("(older events: liaison history " + EventFormatter.printable(channel) + " --before "
                    + page.getEvents(0).getSeq() + ")");
        }
        return ExitCodes.SUCCESS;
    }
}
