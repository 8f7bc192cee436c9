package org.liaison.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.liaison.client.LiaisonClient;
import java.io.PrintWriter;
import org.liaison.client.SentMessage;
import org.liaison.proto.v1.MessageAccepted;
import picocli.CommandLine.Command;
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
                    + "(UTF-8, trailing line breaks removed)."})
public final class SendCommand extends ConnectedCommand {

    @Parameters(index = "0", paramLabel = "CHANNEL",
            description = "Channel id or name (for a direct channel, the other officer's id).")
    String channel;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT",
            description = "The message, or '-' for standard input.")
    List<String> words;

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
        SentMessage sent = ProfileConnector.await(endToEnd.messages().sendText(target.id(), text));
        MessageAccepted accepted = sent.accepted();
        PrintWriter err = spec.commandLine().getErr();
        for (String warning : sent.warnings()) {
            err.println((warning.startsWith("WARNING") ? "" : "warning: ") + EventFormatter.printable(warning));
        }
        err.flush();
        if (output.json()) {
            output.printJson(JsonViews.SentView.of(sent, target.name()));
        } else {
            output.println("sent #" + accepted.getSeq() + " to " + EventFormatter.printable(target.name())
                    + " (encrypted for " + sent.recipientDevices() + " device" + (sent.recipientDevices() == 1 ? "" : "s")
                    + (sent.auditedBy().isEmpty() ? "" : "; audited by " + EventFormatter.printable(
                            String.join(", ", sent.auditedBy())))
                    + ")" + (accepted.getDuplicate() ? " (already stored)" : ""));
        }
        return ExitCodes.SUCCESS;
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
