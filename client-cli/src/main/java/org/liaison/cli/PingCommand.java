package org.liaison.cli;

import java.time.Instant;
import java.util.Locale;
import org.liaison.client.LiaisonClient;
import org.liaison.proto.v1.Pong;
import picocli.CommandLine.Command;

/** {@code liaison ping}: round-trip time of one Ping over an established session. */
@Command(
        name = "ping",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = "Connect, send one Ping and show the round-trip time in milliseconds.")
public final class PingCommand extends ConnectedCommand {

    /** The JSON shape of {@code ping --json}. */
    public record PingResult(String server, double rttMs, String serverTime) {
    }

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        long start = System.nanoTime();
        Pong pong = ProfileConnector.await(client.ping());
        double rttMs = Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
        PingResult result = new PingResult(client.server().toString(), rttMs,
                Instant.ofEpochMilli(pong.getServerTimeMs()).toString());
        if (output.json()) {
            output.printJson(result);
        } else {
            output.println(String.format(Locale.ROOT, "pong from %s: %.2f ms", result.server(), result.rttMs()));
        }
        return ExitCodes.SUCCESS;
    }
}
