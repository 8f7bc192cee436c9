package org.liaison.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.io.PrintWriter;
import java.util.Optional;
import org.liaison.client.Delivery;
import org.liaison.client.LiaisonClient;
import org.liaison.client.Messages;
import org.liaison.client.SentMessage;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.MessageAccepted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code liaison send CHANNEL TEXT...}: one text message, acknowledged once durably stored. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Send a text message to a channel and print its sequence number once the server stored it.",
            "The words of TEXT are joined with single spaces; a single '-' reads the text from standard input "
                    + "(UTF-8, trailing line breaks removed).",
            "The message is marked with --class, --rel and --precedence (each one left out is taken from the "
                    + "channel's default markings) and encrypted only for the members and auditors who may see it; "
                    + "who will not receive it, and why, is printed on standard error before it is sent."})
public final class SendCommand extends ConnectedCommand {

    @Parameters(index = "0", paramLabel = "CHANNEL",
            description = "Channel id or name (for a direct channel, the other officer's id).")
    String channel;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT",
            description = "The message, or '-' for standard input.")
    List<String> words;

    @Mixin
    MarkingOptions marking = new MarkingOptions();

    private String text;

    @Override
    protected void beforeConnect() throws IOException {
        text = words.equals(List.of("-")) ? readStandardInput(System.in) : String.join(" ", words);
        if (text.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "nothing to send: the text is empty");
        }
    }

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        ChannelTarget target = ChannelTarget.resolve(client, channel);
        EndToEnd endToEnd = endToEnd(client);
        Messages messages = endToEnd.messages();
        Optional<Markings> markings = requested(messages, target.id());
        PrintWriter err = spec.commandLine().getErr();
        // Who will not get it is said before it leaves, so that the sender can still stop.
        printExclusions(ProfileConnector.await(messages.preview(target.id(), markings)), err);
        SentMessage sent = ProfileConnector.await(messages.sendText(target.id(), text, markings));
        MessageAccepted accepted = sent.accepted();
        for (String warning : sent.warnings()) {
            err.println((warning.startsWith("WARNING") ? "" : "warning: ") + EventFormatter.printable(warning));
        }
        err.flush();
        if (output.json()) {
            output.printJson(JsonViews.SentView.of(sent, target.name()));
        } else {
            output.println("sent #" + accepted.getSeq() + " " + EventFormatter.banner(sent.markings()) + " to "
                    + EventFormatter.printable(target.name())
                    + " (encrypted for " + sent.recipientDevices() + " device" + (sent.recipientDevices() == 1 ? "" : "s")
                    + (sent.auditedBy().isEmpty() ? "" : "; audited by " + EventFormatter.printable(
                            String.join(", ", sent.auditedBy())))
                    + ")" + (accepted.getDuplicate() ? " (already stored)" : ""));
        }
        return ExitCodes.SUCCESS;
    }

    /** The markings the options ask for, completed from the channel's signed default; empty when none given. */
    private Optional<Markings> requested(Messages messages, String channelId) throws Exception {
        if (!marking.given()) {
            return Optional.empty();
        }
        try {
            return marking.resolve(ProfileConnector.await(messages.defaultMarkings(channelId)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "bad markings: " + e.getMessage());
        }
    }

    /** One stderr line per member or auditor who will not receive a message delivered as {@code delivery}. */
    static void printExclusions(Delivery delivery, PrintWriter err) {
        for (Delivery.Exclusion excluded : delivery.excluded()) {
            err.println("not releasable: " + EventFormatter.printable(excluded.describe())
                    + " will not receive this " + EventFormatter.banner(delivery.markings()));
        }
        err.flush();
    }

    /** All of {@code in} as UTF-8 text, without its trailing line breaks. */
    static String readStandardInput(InputStream in) throws IOException {
        String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int end = all.length();
        while (end > 0 && (all.charAt(end - 1) == '\n' || all.charAt(end - 1) == '\r')) {
            end--;
        }
        return all.substring(0, end);
    }
}
