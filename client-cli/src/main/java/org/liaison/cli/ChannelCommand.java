package org.liaison.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import org.liaison.client.ChannelMembership;
import org.liaison.client.Channels;
import org.liaison.client.LiaisonClient;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.Auditor;
import org.liaison.proto.v1.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liaison channel …}: create, list and archive channels, list and
 * change their members. Each verb is a nested command; CHANNEL arguments are
 * a channel id or the unique name of one of the caller's channels.
 */
@Command(
        name = "channel",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = "Create, list and archive channels; list, add, remove and promote their members.",
        subcommands = {
            ChannelCommand.Create.class,
            ChannelCommand.ListChannels.class,
            ChannelCommand.Members.class,
            ChannelCommand.Add.class,
            ChannelCommand.Remove.class,
            ChannelCommand.Promote.class,
            ChannelCommand.Archive.class})
public final class ChannelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** {@code channel create NAME}: prints the new channel's id. */
    @Command(name = "create", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Create a group channel (supervisors only) and print its id. You become its supervisor.")
    public static final class Create extends ConnectedCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "Channel name, 1-80 characters, any script.")
        String name;

        @Option(names = "--purpose", paramLabel = "TEXT", description = "What the channel is for.")
        String purpose = "";

        @Option(names = "--member", paramLabel = "OFFICER",
                description = "Officer to add as a member (repeatable; each must have connected once).")
        List<String> members = new ArrayList<>();

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            ChannelInfo channel = ProfileConnector.await(endToEnd(client).channels()
                    .create(name, purpose, members));
            if (output.json()) {
                output.printJson(JsonViews.ChannelView.of(channel, channel.getName()));
            } else {
                output.println(channel.getChannelId());
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code channel list}: one line per channel of the caller. */
    @Command(name = "list", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "List the channels you are a member of.")
    public static final class ListChannels extends ConnectedCommand {

        @Option(names = "--archived", description = "Include archived channels.")
        boolean archived;

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            Channels channels = new Channels(client);
            List<ChannelInfo> list = ProfileConnector.await(channels.list(archived));
            List<CompletableFuture<String>> names = list.stream().map(channels::displayName).toList();
            List<JsonViews.ChannelView> views = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                views.add(JsonViews.ChannelView.of(list.get(i), ProfileConnector.await(names.get(i))));
            }
            if (output.json()) {
                output.printJson(views);
                return ExitCodes.SUCCESS;
            }
            for (JsonViews.ChannelView view : views) {
                output.println(String.format(Locale.ROOT, "%-14s %-6s %-24s %3d member%s  %-10s last #%d%s",
                        view.id(), view.kind(), EventFormatter.printable(view.name()), view.memberCount(),
                        view.memberCount() == 1 ? " " : "s", view.myRole(), view.lastSeq(),
                        view.archived() ? "  (archived)" : ""));
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code channel members CHANNEL}. */
    @Command(name = "members", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "List a channel's members and the auditors who also receive its messages (members only).")
    public static final class Members extends ConnectedCommand {

        @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel id or name.")
        String channel;

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            ChannelTarget target = ChannelTarget.resolve(client, channel);
            ChannelMembership membership = ProfileConnector.await(
                    endToEnd(client).channels().membership(target.id()));
            Set<String> verified = membership.verified().members();
            // Only members the signed statements prove are listed; what the server adds is reported.
            List<Member> members = membership.serverMembers().stream()
                    .filter(member -> verified.contains(member.getOfficerId())).toList();
            for (String problem : membership.discrepancies()) {
                spec.commandLine().getErr().println("warning: " + EventFormatter.printable(problem));
            }
            spec.commandLine().getErr().flush();
            if (output.json()) {
                output.printJson(members.stream().map(JsonViews.MemberView::of).toList());
                return ExitCodes.SUCCESS;
            }
            for (Member member : members) {
                JsonViews.MemberView view = JsonViews.MemberView.of(member);
                output.println(String.format(Locale.ROOT, "%-28s %-8s %-2s %-10s since #%d", view.officer(),
                        view.agency(), view.nation(), view.role(), view.sinceSeq()));
            }
            if (!membership.serverAuditors().isEmpty()) {
                output.println("audited by (every message and task is also encrypted for them, visibly;"
                        + " each one's certificate is checked before anything is encrypted to them):");
                for (Auditor auditor : membership.serverAuditors()) {
                    output.println(String.format(Locale.ROOT, "  %-26s %-8s %-2s auditor",
                            EventFormatter.printable(auditor.getOfficerId()),
                            EventFormatter.printable(auditor.getAgency()), EventFormatter.printable(auditor.getNation())));
                }
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** Base of the verbs that change one member: resolve, change, print the event. */
    abstract static class MembershipChange extends ConnectedCommand {

        @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel id or name.")
        String channel;

        @Parameters(index = "1", paramLabel = "OFFICER", description = "Officer id, e.g. ma-dgsn.karim.benali.")
        String officer;

        /** The action's JSON name. */
        abstract String action();

        /** The text line, e.g. {@code added X to ops}. */
        abstract String describe(String officerId, String channelName);

        abstract CompletableFuture<Long> change(Channels channels, String channelId, String officerId);

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            ChannelTarget target = ChannelTarget.resolve(client, channel);
            long seq = ProfileConnector.await(change(endToEnd(client).channels(), target.id(), officer));
            if (output.json()) {
                output.printJson(new JsonViews.ChangeView(target.id(), target.name(), action(), officer, seq));
            } else {
                output.println(describe(officer, EventFormatter.printable(target.name())) + " (#" + seq + ")");
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code channel add CHANNEL OFFICER}. */
    @Command(name = "add", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Add an officer to a channel (channel supervisors only).")
    public static final class Add extends MembershipChange {
        @Override
        String action() {
            return "add";
        }

        @Override
        String describe(String officerId, String channelName) {
            return "added " + officerId + " to " + channelName;
        }

        @Override
        CompletableFuture<Long> change(Channels channels, String channelId, String officerId) {
            return channels.add(channelId, officerId);
        }
    }

    /** {@code channel remove CHANNEL OFFICER}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Remove a member from a channel (channel supervisors only); "
                    + "they receive nothing more of it.")
    public static final class Remove extends MembershipChange {
        @Override
        String action() {
            return "remove";
        }

        @Override
        String describe(String officerId, String channelName) {
            return "removed " + officerId + " from " + channelName;
        }

        @Override
        CompletableFuture<Long> change(Channels channels, String channelId, String officerId) {
            return channels.remove(channelId, officerId);
        }
    }

    /** {@code channel promote CHANNEL OFFICER}. */
    @Command(name = "promote", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Make a member a supervisor of the channel (channel supervisors only).")
    public static final class Promote extends MembershipChange {
        @Override
        String action() {
            return "promote";
        }

        @Override
        String describe(String officerId, String channelName) {
            return "promoted " + officerId + " to supervisor of " + channelName;
        }

        @Override
        CompletableFuture<Long> change(Channels channels, String channelId, String officerId) {
            return channels.promote(channelId, officerId);
        }
    }

    /** {@code channel archive CHANNEL}. */
    @Command(name = "archive", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Archive a channel (channel supervisors only): "
                    + "nothing more can be sent or changed in it.")
    public static final class Archive extends ConnectedCommand {

        @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel id or name.")
        String channel;

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            ChannelTarget target = ChannelTarget.resolve(client, channel);
            long seq = ProfileConnector.await(endToEnd(client).channels().archive(target.id()));
            if (output.json()) {
                output.printJson(new JsonViews.ChangeView(target.id(), target.name(), "archive", null, seq));
            } else {
                output.println("archived " + EventFormatter.printable(target.name()) + " (#" + seq + ")");
            }
            return ExitCodes.SUCCESS;
        }
    }
}
