package org.liaison.cli;

import java.time.Clock;
import java.time.ZoneId;
import org.liaison.client.AuditReader;
import org.liaison.client.LiaisonClient;
import org.liaison.client.OpenedEvent;
import org.liaison.client.crypto.BundleVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code liaison audit read CHANNEL}: an auditor decrypts the bodies released to their nation. */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Auditors only: show the messages and tasks of a channel whose bodies were released to your nation "
                    + "(encrypted for your devices as a visible audit recipient), verified and decrypted, oldest first.",
            "Nothing else of the channel is returned. The read is itself written to the audit log."})
public final class AuditReadCommand extends ConnectedCommand {

    @Parameters(index = "0", paramLabel = "CHANNEL",
            description = "Channel id (c-…): auditors are not members, so names cannot be resolved; "
                    + "find ids with 'liaison audit query'.")
    String channel;

    @Option(names = "--after-seq", paramLabel = "SEQ", description = "Show events after this sequence number.")
    long afterSeq;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Most events to show, 1-10000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected void beforeConnect() {
        if (limit < 1 || limit > 10_000) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1-10000, got " + limit);
        }
        if (afterSeq < 0) {
            throw new ParameterException(spec.commandLine(), "--after-seq must be a sequence number, got " + afterSeq);
        }
        if (!channel.matches("c-[a-z2-7]{12}")) {
            throw new ParameterException(spec.commandLine(), "CHANNEL must be a channel id (c- and 12 characters), got "
                    + EventFormatter.printable(channel));
        }
    }

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        EndToEnd endToEnd = endToEnd(client);
        Clock clock = Clock.systemUTC();
        AuditReader reader = new AuditReader(client, endToEnd.opener(),
                BundleVerifier.forProfile(connector().profile(), clock), clock);
        AuditReader.Read read = ProfileConnector.await(reader.read(channel, afterSeq, limit));
        EventFormatter formatter = new EventFormatter(ZoneId.systemDefault());
        if (output.json()) {
            output.printJson(new JsonViews.HistoryView(channel, channel,
                    read.events().stream().map(event -> formatter.view(event, channel)).toList(), read.more()));
            return ExitCodes.SUCCESS;
        }
        for (OpenedEvent event : read.events()) {
            output.println(formatter.line(event, channel));
        }
        if (read.events().isEmpty()) {
            output.println("(no message or task of " + channel + " after #" + afterSeq
                    + " was released to your nation)");
        }
        if (read.more()) {
            output.println("(more: liaison audit read " + channel + " --after-seq " + read.scannedToSeq() + ")");
        }
        return ExitCodes.SUCCESS;
    }
}
