package org.liaison.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

        @Option(names = "--ceiling", paramLabel = "CLASSIFICATION",
                converter = MarkingOptions.ClassificationConverter.class,
                description = "Highest classification allowed in the channel: UNCLASSIFIED, RESTRICTED, CONFIDENTIAL "
                        + "or SECRET (default: the classification of --default-markings, else UNCLASSIFIED).")
        org.liaison.proto.v1.Classification ceiling;

        @Option(names = "--default-markings", paramLabel = "CLASS/REL[/PRECEDENCE]",
                converter = MarkingOptions.MarkingsConverter.class,
                description = "How messages and tasks are marked when their sender says nothing, e.g. "
                        + "RESTRICTED/FR,MA/ROUTINE or SECRET/ALL (precedence ROUTINE when left out; default: "
                        + "UNCLASSIFIED/ALL/ROUTINE).")
        org.liaison.proto.v1.Markings defaultMarkings;

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            org.liaison.proto.v1.Markings defaults = defaultMarkings != null ? defaultMarkings
                    : org.liaison.markings.Markings.DEFAULT;
            org.liaison.proto.v1.Classification top = ceiling != null ? ceiling : defaults.getClassification();
            EndToEnd endToEnd = endToEnd(client);
            ChannelInfo channel = ProfileConnector.await(endToEnd.channels()
                    .create(name, purpose, members, top, defaults));
            warnMembersWhoMayNotSee(endToEnd, defaults);
            if (output.json()) {
                output.printJson(JsonViews.ChannelView.of(channel, channel.getName()));
            } else {
                output.println(channel.getChannelId());
            }
            return ExitCodes.SUCCESS;
        }

        /** Warns the supervisor about each initial member who may not see the default markings. */
        private void warnMembersWhoMayNotSee(EndToEnd endToEnd, org.liaison.proto.v1.Markings defaults)
                throws Exception {
            if (members.isEmpty()) {
                return;
            }
            var byOfficer = ProfileConnector.await(endToEnd.keys().devicesOf(members)).byOfficer();
            for (String member : new java.util.LinkedHashSet<>(members)) {
                warning(defaults, member, byOfficer.getOrDefault(member, List.of()), Optional.empty())
                        .ifPresent(warning -> spec.commandLine().getErr().println(warning));
            }
            spec.commandLine().getErr().flush();
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
            output.println("ceiling " + org.liaison.markings.Markings.name(membership.verified().ceiling())
                    + ", default markings " + EventFormatter.banner(membership.verified().defaultMarkings())
                    + " (signed at creation)");
            for (Member member : members) {
                JsonViews.MemberView view = JsonViews.MemberView.of(member);
                output.println(String.format(Locale.ROOT, "%-28s %-8s %-2s %-10s %-12s since #%d", view.officer(),
                        view.agency(), view.nation(), view.role(), clearanceName(member.getClearance()),
                        view.sinceSeq()));
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

        /** What to tell the supervisor once the change is stored (on standard error); nothing by default. */
        void afterChange(EndToEnd endToEnd, String channelId, String officerId) throws Exception {
        }

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            ChannelTarget target = ChannelTarget.resolve(client, channel);
            EndToEnd endToEnd = endToEnd(client);
            long seq = ProfileConnector.await(change(endToEnd.channels(), target.id(), officer));
            afterChange(endToEnd, target.id(), officer);
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

        /** Warns when the new member may not see the channel's default markings. */
        @Override
        void afterChange(EndToEnd endToEnd, String channelId, String officerId) throws Exception {
            ChannelMembership membership = ProfileConnector.await(endToEnd.channels().membership(channelId));
            List<org.liaison.client.crypto.VerifiedBundle> bundles = ProfileConnector.await(endToEnd.keys()
                    .devicesOf(List.of(officerId))).byOfficer().getOrDefault(officerId, List.of());
            Optional<Member> listed = membership.serverMembers().stream()
                    .filter(member -> member.getOfficerId().equals(officerId)).findFirst();
            warning(membership.verified().defaultMarkings(), officerId, bundles, listed)
                    .ifPresent(warning -> spec.commandLine().getErr().println(warning));
            spec.commandLine().getErr().flush();
        }
    }

    /**
     * The warning for a supervisor who added {@code officerId}, when that officer may not see the
     * channel's default markings: judged by their verified key bundle (nation and clearance from
     * their certificate) when there is one, else by what the server lists.
     */
    static Optional<String> warning(org.liaison.proto.v1.Markings defaults, String officerId,
                                    List<org.liaison.client.crypto.VerifiedBundle> bundles, Optional<Member> listed) {
        String nation;
        org.liaison.proto.v1.Classification clearance;
        String source;
        if (!bundles.isEmpty()) {
            nation = bundles.get(0).nation();
            clearance = bundles.get(0).clearance();
            source = "by their verified certificate";
        } else if (listed.isPresent()) {
            nation = listed.get().getNation();
            clearance = org.liaison.markings.Markings.rank(listed.get().getClearance()) == 0
                    ? org.liaison.proto.v1.Classification.CLASSIFICATION_UNCLASSIFIED : listed.get().getClearance();
            source = "as the server lists them (no verified keys yet)";
        } else {
            return Optional.empty();
        }
        if (org.liaison.markings.Markings.maySee(defaults, nation, clearance)) {
            return Optional.empty();
        }
        return Optional.of("warning: " + EventFormatter.printable(officerId) + " (" + EventFormatter.printable(nation)
                + ", cleared " + org.liaison.markings.Markings.name(clearance) + ", " + source + ") may not see this"
                + " channel's default markings " + EventFormatter.banner(defaults) + ": they will not receive"
                + " messages or tasks sent with them");
    }

    /** A clearance as members lists show it; {@code UNCLASSIFIED} when the server names none. */
    static String clearanceName(org.liaison.proto.v1.Classification clearance) {
        return org.liaison.markings.Markings.rank(clearance) == 0 ? "UNCLASSIFIED"
                : org.liaison.markings.Markings.name(clearance);
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
