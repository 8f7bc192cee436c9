package org.liaison.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.liaison.client.Channels;
import org.liaison.client.ConnectionFailedException;
import org.liaison.client.LiaisonClient;
import org.liaison.client.MessageOpener;
import org.liaison.client.Messages;
import org.liaison.client.OpenedEvent;
import org.liaison.client.ServerRefusedException;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Error;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code liaison listen}: prints every channel event as it arrives, first
 * the backlog this device has not acknowledged, then new events live, and
 * acknowledges what it printed.
 *
 * <p>Events arrive on the connection's event loop and are handed to the
 * command's thread through a queue, which prints them and then acknowledges,
 * per channel, the highest sequence number printed (an acknowledgement covers
 * everything before it). An event is therefore acknowledged only after it was
 * printed: if the command dies in between, it is delivered again next time.
 * An event pushed ahead of its channel's order (FLASH, IMMEDIATE) is
 * acknowledged alone, so the cursor never jumps over what has yet to come.
 *
 * <p>A FLASH message from someone else, and every one still waiting for this
 * officer's acknowledgement when the command starts, is re-alerted on stderr
 * every {@code --realert} seconds until this officer acknowledges it
 * ({@code liaison ack}, from any device: the acknowledgement event ends it).
 */
@Command(
        name = "listen",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Print channel events as they arrive, one line each: what this device has not acknowledged yet, "
                    + "then new events live. Each event is acknowledged after it is printed.",
            "Runs until interrupted (Ctrl-C exits 0); with --json prints one JSON object per line."})
public final class ListenCommand extends ConnectedCommand {

    @Option(names = "--once", description = "Exit once the backlog is printed (after the server's SyncComplete).")
    boolean once;

    @Option(names = "--no-ack", description = "Do not acknowledge: the same events are delivered again next time.")
    boolean noAck;

    @Option(names = "--realert", paramLabel = "SECONDS", defaultValue = "60",
            description = "Re-alert on stderr every SECONDS about each FLASH message you have not acknowledged "
                    + "(liaison ack CHANNEL SEQ); 0 turns re-alerts off. Default: ${DEFAULT-VALUE}.")
    long realertSeconds;

    /** The fatal error the server pushed before closing the connection, if it did. */
    private final AtomicReference<Error> lastError = new AtomicReference<>();

    /** Set once an acknowledgement could not be sent: the connection is closing. */
    private boolean connectionFailed;

    /** Printed events that came ahead of their channel's order, acknowledged one by one. */
    private final List<ChannelEvent> printedAhead = new ArrayList<>();

    /** What the command's thread takes from the queue. */
    private sealed interface Item permits Delivered, Synced, Stop {
    }

    private record Delivered(ChannelEvent event) implements Item {
    }

    private record Synced(Throwable failure) implements Item {
    }

    /** The user interrupted, or the connection closed ({@code lost}). */
    private record Stop(boolean lost) implements Item {
    }

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        EndToEnd endToEnd = endToEnd(client);
        ChannelLabels labels = new ChannelLabels(new Channels(client));
        labels.refresh();
        Messages messages = endToEnd.messages();
        MessageOpener opener = endToEnd.opener();
        if (realertSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--realert must be 0 or more");
        }
        BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
        messages.onEvent(event -> queue.add(new Delivered(event)));
        client.addPushListener(frame -> {
            if (frame.hasError() && frame.getError().getFatal()) {
                lastError.set(frame.getError());
            }
        });
        client.closeFuture().thenRun(() -> queue.add(new Stop(true)));
        InterruptSignal interrupt = InterruptSignal.onInterrupt(() -> queue.add(new Stop(false)));
        try {
            messages.sync().whenComplete((complete, failure) -> queue.add(new Synced(failure)));
            Printer printer = new Printer(output, labels, new EventFormatter(ZoneId.systemDefault()), opener);
            FlashAlerts alerts = new FlashAlerts(client.welcome().getOfficerId(), realertSeconds,
                    spec.commandLine().getErr(), labels);
            if (!once) {
                for (ChannelEvent waiting : ProfileConnector.await(messages.pendingFlash()).getEventsList()) {
                    alerts.waiting(printer.open(waiting), printer.line(printer.open(waiting)));
                }
            }
            return loop(queue, printer, messages, alerts);
        } finally {
            interrupt.close();
        }
    }

    private int loop(BlockingQueue<Item> queue, Printer printer, Messages messages, FlashAlerts alerts)
            throws Exception {
        while (true) {
            List<Item> batch = new ArrayList<>();
            try {
                Item first = queue.poll(alerts.millisToNext(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    alerts.realert();
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.SUCCESS;
            }
            queue.drainTo(batch);
            Map<String, Long> printed = new LinkedHashMap<>();
            for (Item item : batch) {
                if (item instanceof Delivered delivered) {
                    ChannelEvent event = delivered.event();
                    OpenedEvent opened = printer.print(event);
                    alerts.seen(opened, printer.line(opened));
                    if (event.getAhead()) {
                        printedAhead.add(event);
                    } else {
                        printed.merge(event.getChannelId(), event.getSeq(), Math::max);
                    }
                } else if (item instanceof Synced synced) {
                    if (synced.failure() != null || once) {
                        acknowledge(messages, printed, printer);
                        if (synced.failure() != null) {
                            throw new CompletionException(synced.failure());
                        }
                        return ExitCodes.SUCCESS;
                    }
                } else if (item instanceof Stop stop) {
                    if (stop.lost()) {
                        // What was printed but not acknowledged comes again on the next connection.
                        throw connectionLost();
                    }
                    acknowledge(messages, printed, printer);
                    return ExitCodes.SUCCESS;
                }
            }
            acknowledge(messages, printed, printer);
        }
    }

    private void acknowledge(Messages messages, Map<String, Long> printed, Printer printer) throws Exception {
        if (noAck || connectionFailed || (printed.isEmpty() && printedAhead.isEmpty())) {
            printed.clear();
            printedAhead.clear();
            return;
        }
        Map<String, CompletableFuture<Acked>> acks = new LinkedHashMap<>();
        for (ChannelEvent ahead : printedAhead) {
            CompletableFuture<Acked> single = messages.ackAhead(ahead.getChannelId(), ahead.getSeq());
            acks.put(ahead.getChannelId() + "#" + ahead.getSeq(), single);
        }
        printedAhead.clear();
        printed.forEach((channelId, seq) -> acks.put(channelId, messages.ack(channelId, seq, false)));
        for (Map.Entry<String, CompletableFuture<Acked>> ack : acks.entrySet()) {
            try {
                ProfileConnector.await(ack.getValue());
            } catch (ConnectionFailedException e) {
                // The connection is going: print what already arrived, then report the loss (Stop, lost).
                connectionFailed = true;
            } catch (ServerRefusedException e) {
                // One channel refusing (e.g. the caller was just removed from it) must not stop the others.
                printer.warn("cannot acknowledge " + (printed.containsKey(ack.getKey())
                        ? "#" + printed.get(ack.getKey()) + " of " + ack.getKey() : ack.getKey()) + ": "
                        + e.code() + ": " + e.getMessage());
            }
        }
        printed.clear();
    }

    private ConnectionFailedException connectionLost() {
        Error error = lastError.get();
        return new ConnectionFailedException(error == null
                ? "server closed the connection"
                : "server closed the connection: " + error.getCode() + ": " + error.getMessage());
    }

    /** Prints events as text lines or JSON lines. */
    private final class Printer {
        private final CommandOutput output;
        private final ChannelLabels labels;
        private final EventFormatter formatter;
        private final MessageOpener opener;
        private final PrintWriter err = spec.commandLine().getErr();

        Printer(CommandOutput output, ChannelLabels labels, EventFormatter formatter, MessageOpener opener) {
            this.output = output;
            this.labels = labels;
            this.formatter = formatter;
            this.opener = opener;
        }

        /** Verifies (and decrypts) the event, then prints it, marked when it failed verification. */
        OpenedEvent print(ChannelEvent event) throws Exception {
            OpenedEvent opened = open(event);
            if (output.json()) {
                output.printJson(formatter.view(opened, labels.nameOf(event)));
            } else {
                output.println(line(opened));
            }
            return opened;
        }

        OpenedEvent open(ChannelEvent event) throws Exception {
            return ProfileConnector.await(opener.open(event));
        }

        String line(OpenedEvent opened) throws Exception {
            return formatter.line(opened, labels.nameOf(opened.event()));
        }

        void warn(String message) {
            err.println("warning: " + message);
            err.flush();
        }
    }
}
